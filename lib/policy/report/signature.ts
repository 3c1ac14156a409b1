/**
 * Whether a file's text is a report `realmkit policy` wrote, in any of its formats: only such
 * a file is replaced by `policy --out` (lib/output/file.ts). Each format names Realmkit where
 * it names its producer; the table ends with the summary line.
 */
const SIGNATURES: readonly RegExp[] = [
  /"tool"\s*:\s*\{\s*"name"\s*:\s*"realmkit"/, // json
  /"driver"\s*:\s*\{\s*"name"\s*:\s*"realmkit"/, // sarif
  /<testsuites name="realmkit policy"/, // junit
  /^\d+ violations? \(\d+ failed, \d+ rule errors\), \d+ suppressed; /m, // table
];

export function isPolicyReport(text: string): boolean {
  return SIGNATURES.some((re) => re.test(text));
}
