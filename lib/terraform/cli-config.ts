import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { mirroredSources } from "./providers";

export interface CliConfigOptions {
  /** Folder the config file is written to. */
  readonly dir: string;
  /** Shared provider cache: without it every stack would copy a ~700 MB provider binary. */
  readonly pluginCacheDir: string;
  /** A terraform filesystem mirror (REALMKIT_PROVIDER_MIRROR). */
  readonly mirror?: string;
  /** No registry fallback: providers come from the mirror or not at all. */
  readonly offline: boolean;
}

const hcl = (s: string) => JSON.stringify(s);

/**
 * The terraform CLI configuration for Realmkit's runs, passed through TF_CLI_CONFIG_FILE so a
 * user's own ~/.terraformrc never changes what a plan does. The mirror serves exactly the
 * providers it holds; online runs fetch the others from their registry.
 */
export function cliConfigText(options: Omit<CliConfigOptions, "dir">): string {
  const lines: string[] = [];
  if (options.mirror) {
    const mirrored = mirroredSources(options.mirror);
    const include = mirrored.length > 0 ? mirrored : ["registry.terraform.io/*/*"];
    lines.push("provider_installation {", "  filesystem_mirror {", `    path    = ${hcl(resolve(options.mirror))}`);
    lines.push(`    include = [${include.map(hcl).join(", ")}]`, "  }");
    if (!options.offline) lines.push("  direct {", `    exclude = [${include.map(hcl).join(", ")}]`, "  }");
    lines.push("}");
  } else if (options.offline) {
    // No mirror and no network: only providers already in the plugin cache can be used.
    lines.push("provider_installation {", "  filesystem_mirror {", `    path    = ${hcl(resolve(options.pluginCacheDir))}`, "  }", "}");
  }
  lines.push(`plugin_cache_dir   = ${hcl(resolve(options.pluginCacheDir))}`, "disable_checkpoint = true");
  return `${lines.join("\n")}\n`;
}

/** Writes the CLI config (and creates the plugin cache) and returns the config file's path. */
export function writeCliConfig(options: CliConfigOptions): string {
  mkdirSync(options.dir, { recursive: true });
  mkdirSync(options.pluginCacheDir, { recursive: true });
  const file = join(resolve(options.dir), "terraform.rc");
  writeFileSync(file, cliConfigText(options));
  return file;
}
