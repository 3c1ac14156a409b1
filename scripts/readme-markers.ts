export const README_START = "<!-- realmkit:guardrails:start -->";
export const README_END = "<!-- realmkit:guardrails:end -->";

/** Replaces the block between the markers; `undefined` when the text has no such block. */
export function replaceBetweenMarkers(text: string, content: string): string | undefined {
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  if (start < 0 || end < start) return undefined;
  return `${text.slice(0, start + README_START.length)}\n${content}${text.slice(end)}`;
}
