import { PROTECTED_TYPES, STATEFUL_TYPES } from "./stateful";

/** The markers around the generated stateful table in docs/safety.md (`npm run docs:safety`). */
export const STATEFUL_START = "<!-- realmkit:stateful:start -->";
export const STATEFUL_END = "<!-- realmkit:stateful:end -->";

const CLOUDS: readonly [string, string][] = [
  ["aws_", "AWS"],
  ["google_", "Google Cloud"],
  ["azurerm_", "Azure"],
];

/**
 * The stateful table as Markdown, one row per resource type, so the docs list exactly the
 * types the destructive-change gate and the protection rules know (a test compares them).
 */
export function statefulTableMarkdown(): string {
  const protectedTypes = new Set(PROTECTED_TYPES);
  const rows = Object.entries(STATEFUL_TYPES)
    .map(([type, t]) => {
      const cloud = CLOUDS.find(([prefix]) => type.startsWith(prefix))?.[1] ?? "other";
      const guards = protectedTypes.has(type) ? "gate; prevent_destroy and deletion-protection rules" : "gate";
      return { cloud, kind: t.kind, type, guards };
    })
    .sort((a, b) => a.cloud.localeCompare(b.cloud) || a.kind.localeCompare(b.kind) || a.type.localeCompare(b.type));
  return [
    "| Cloud | Kind | Resource type | Guarded by |",
    "| --- | --- | --- | --- |",
    ...rows.map((r) => `| ${r.cloud} | ${r.kind} | \`${r.type}\` | ${r.guards} |`),
    "",
  ].join("\n");
}

/** Replaces the generated block of `text`; undefined when it has no such block. */
export function withStatefulTable(text: string): string | undefined {
  const start = text.indexOf(STATEFUL_START);
  const end = text.indexOf(STATEFUL_END);
  if (start < 0 || end < start) return undefined;
  return `${text.slice(0, start + STATEFUL_START.length)}\n${statefulTableMarkdown()}${text.slice(end)}`;
}
