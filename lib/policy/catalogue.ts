import { describeControls } from "./profiles";
import { ALL_RULES } from "./rules";
import { describePublicIds, type ProfileName, type Rule } from "./types";

/** One row of the rule catalogue (`realmkit policy --list --format json`). */
export interface CatalogueEntry {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly severity: Rule["severity"];
  readonly profiles: readonly string[];
  readonly provider: Rule["provider"];
  readonly scope: Rule["scope"];
  /** What the rule checks: resource types, or what a stack-level rule reads. */
  readonly checks: string;
  readonly resourceTypes?: readonly string[];
  readonly publicIds: readonly string[];
  /** The controls each including profile maps the rule to (lib/policy/data/profiles/). */
  readonly controls: Readonly<Partial<Record<ProfileName, readonly string[]>>>;
  readonly fix: string;
}

const CLOUD_ORDER = { aws: 0, gcp: 1, azure: 2, any: 3 } as const;

export function checksOf(rule: Rule): string {
  if (rule.scope === "stack") return rule.reads;
  if (rule.appliesTo) return `${rule.appliesTo} (${rule.resourceTypes.length} types)`;
  return rule.resourceTypes.map((t) => `\`${t}\``).join(", ");
}

export function catalogue(rules: readonly Rule[] = ALL_RULES): CatalogueEntry[] {
  return [...rules]
    .sort((a, b) => CLOUD_ORDER[a.provider] - CLOUD_ORDER[b.provider] || a.id.localeCompare(b.id))
    .map((r) => ({
      id: r.id,
      title: r.title,
      description: r.description,
      severity: r.severity,
      profiles: r.profiles,
      provider: r.provider,
      scope: r.scope,
      checks: checksOf(r),
      ...(r.scope === "resource" ? { resourceTypes: r.resourceTypes } : {}),
      publicIds: describePublicIds(r.publicIds),
      controls: r.controls ?? {},
      fix: r.fix,
    }));
}

const CLOUD_NAME = { aws: "AWS", gcp: "GCP", azure: "Azure", any: "all" } as const;

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The README's guardrails table, generated from the rules themselves (`npm run docs:rules`). */
export function catalogueMarkdown(rules: readonly Rule[] = ALL_RULES): string {
  const rows = catalogue(rules).map((e) =>
    [
      `\`${e.id}\``,
      CLOUD_NAME[e.provider],
      cell(e.title),
      e.severity,
      e.profiles.join(", "),
      cell(e.checks),
      cell(describeControls(e.controls).join("; ")) || "–",
      cell(e.publicIds.join(", ")) || "–",
    ].join(" | "),
  );
  return [
    "| Rule | Cloud | Control | Severity | Profiles | Checks | Compliance controls | Public equivalents |",
    "|---|---|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r} |`),
    "",
  ].join("\n");
}
