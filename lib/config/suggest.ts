import { closest, distance } from "fastest-levenshtein";

/**
 * The known name closest to what the user typed, if it is close enough to be a slip of the
 * keyboard (at most a third of its letters off) or a longer or shorter form of it: a
 * suggestion that is nothing like the input only misleads.
 */
export function closestName(typed: string, known: Iterable<string>): string | undefined {
  const names = [...known];
  if (names.length === 0 || typed === "") return undefined;
  const best = closest(typed, names);
  const limit = Math.max(2, Math.ceil(Math.max(typed.length, best.length) / 3));
  if (distance(typed.toLowerCase(), best.toLowerCase()) <= limit) return best;
  // A longer or shorter form of a known name ("production" for `prod`) is no typo by letter count.
  const lower = typed.toLowerCase();
  return names
    .filter((n) => n.length >= 2 && (lower.startsWith(n.toLowerCase()) || n.toLowerCase().startsWith(lower)))
    .sort((a, b) => b.length - a.length)[0];
}

/** ` did you mean \`x\`?`, or "" when nothing known is close: appended to a problem's message. */
export function didYouMean(typed: string, known: Iterable<string>): string {
  const guess = closestName(typed, known);
  return guess !== undefined && guess !== typed ? ` did you mean \`${guess}\`?` : "";
}
