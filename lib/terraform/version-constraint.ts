/**
 * Terraform version constraints (`= 5.100.0`, `~> 5.0`, `>= 4, < 6`), as used in
 * `required_providers`. Terraform's syntax is not npm's semver range syntax (`~> 5.0` means
 * `>= 5.0, < 6.0`), so it is evaluated here rather than through a semver library.
 */

type Version = readonly number[];

function parseVersion(text: string): Version | undefined {
  const core = text.trim().replace(/^v/, "").split(/[-+]/)[0]!;
  if (!/^\d+(\.\d+){0,2}$/.test(core)) return undefined;
  return core.split(".").map(Number);
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** `~> 1.2.3` allows 1.2.x from 1.2.3 on; `~> 1.2` allows 1.x from 1.2 on; `~> 1` allows 1.x. */
function pessimistic(version: Version, wanted: Version): boolean {
  if (compare(version, wanted) < 0) return false;
  const fixed = Math.max(wanted.length - 1, 1);
  for (let i = 0; i < fixed; i++) if ((version[i] ?? 0) !== (wanted[i] ?? 0)) return false;
  return true;
}

const CHECKS: Readonly<Record<string, (v: Version, w: Version) => boolean>> = {
  "=": (v, w) => compare(v, w) === 0,
  "!=": (v, w) => compare(v, w) !== 0,
  ">": (v, w) => compare(v, w) > 0,
  ">=": (v, w) => compare(v, w) >= 0,
  "<": (v, w) => compare(v, w) < 0,
  "<=": (v, w) => compare(v, w) <= 0,
  "~>": pessimistic,
};

/**
 * True when `version` satisfies every comma-separated part of `constraint`. An empty or
 * missing constraint allows any version. An unparsable constraint allows nothing, so a typo
 * never passes silently: terraform itself would reject it later anyway.
 */
export function satisfies(version: string, constraint: string | undefined): boolean {
  const v = parseVersion(version);
  if (!v) return false;
  if (!constraint || constraint.trim() === "") return true;
  return constraint.split(",").every((part) => {
    const m = /^\s*(=|!=|>=|<=|>|<|~>)?\s*(\S+)\s*$/.exec(part);
    const wanted = m ? parseVersion(m[2]!) : undefined;
    if (!m || !wanted) return false;
    return CHECKS[m[1] ?? "="]!(v, wanted);
  });
}

/** Highest version first. */
export function sortVersionsDescending(versions: readonly string[]): string[] {
  return [...versions].filter((v) => parseVersion(v)).sort((a, b) => compare(parseVersion(b)!, parseVersion(a)!));
}
