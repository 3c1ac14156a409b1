import { join } from "node:path";

/** Where one resource type keeps its tags/labels. */
export interface TaggableEntry {
  /** Terraform attribute holding the tags/labels (`tags`, `labels`, `user_labels`, ...). */
  readonly attribute: string;
  /** Provider-level defaults (AWS default_tags, Google default_labels) merge into it. */
  readonly defaults: boolean;
}

export interface TaggableTable {
  readonly source: Readonly<Record<string, string>>;
  readonly resources: Readonly<Record<string, TaggableEntry>>;
}

interface Fs {
  readdirSync(path: string): string[];
  readFileSync(path: string, encoding: "utf8"): string;
}

// Google's monitoring notification channel uses `labels` for channel settings (an e-mail
// address...), so `user_labels` wins when a resource has both.
const LABEL_FIELDS: Readonly<Record<string, readonly string[]>> = {
  aws: ["tags"],
  azurerm: ["tags"],
  google: ["userLabels", "resourceLabels", "labels"],
};

const PACKAGES: Readonly<Record<string, string>> = {
  aws: "@cdktf/provider-aws",
  google: "@cdktf/provider-google",
  azurerm: "@cdktf/provider-azurerm",
};

const snake = (s: string): string => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Reads every resource binding's top-level config interface and its computed attributes. */
export function scanTaggable(nodeModules: string, fs: Fs): TaggableTable {
  const resources: Record<string, TaggableEntry> = {};
  const source: Record<string, string> = {};
  for (const [provider, pkg] of Object.entries(PACKAGES)) {
    const root = join(nodeModules, pkg);
    source[pkg] = (JSON.parse(fs.readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
    for (const dir of fs.readdirSync(join(root, "lib"))) {
      if (dir.startsWith("data-") || dir === "provider") continue;
      let text: string;
      try {
        text = fs.readFileSync(join(root, "lib", dir, "index.d.ts"), "utf8");
      } catch {
        continue;
      }
      const type = /static readonly tfResourceType = "([a-z0-9_]+)"/.exec(text)?.[1];
      if (!type || !/extends cdktf\.TerraformResource \{/.test(text)) continue;
      const config = /^export interface \w+Config extends cdktf\.TerraformMetaArguments \{\n([\s\S]*?)^\}/m.exec(text)?.[1] ?? "";
      const field = LABEL_FIELDS[provider]!.find((f) => new RegExp(`^    readonly ${f}\\?: \\{`, "m").test(config));
      if (!field) continue;
      const defaults =
        provider === "aws" ? /get tagsAll\(\)/.test(text) : provider === "google" ? /get terraformLabels\(\)/.test(text) : false;
      resources[type] = { attribute: snake(field), defaults };
    }
  }
  return { source, resources };
}

/** One resource a line, sorted, so a provider upgrade shows as a readable diff. */
export function renderTaggableTable(table: TaggableTable): string {
  const lines = Object.keys(table.resources)
    .sort()
    .map((type) => `    ${JSON.stringify(type)}: ${JSON.stringify(table.resources[type])}`);
  return `{\n  "source": ${JSON.stringify(table.source)},\n  "resources": {\n${lines.join(",\n")}\n  }\n}\n`;
}
