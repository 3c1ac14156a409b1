import { RealmkitError } from "../config/errors";

/**
 * `--allow-destroy` patterns, matched part by part against Terraform resource addresses.
 *
 * An address is module steps (`module.NAME`, `module.NAME["key"]`) then one resource
 * (`TYPE.NAME`, `TYPE.NAME[0]`, `data.TYPE.NAME`). A pattern has the same shape and each part
 * is matched on its own, so a wildcard never reaches into another part:
 * - `*` matches any characters inside one name (`aws_s3_bucket.scratch_*`);
 * - a resource part of just `*` is every resource at that level: `module.old.*` is every
 *   resource of `module.old`, not of `module.old.module.prod`;
 * - a `**` step is any number of module steps: `module.old.**` is everything below `module.old`;
 * - a part without an index covers every instance (`aws_s3_bucket.x` covers `x[0]`, `x["a"]`).
 * A general glob library (picomatch, used before) treats `/` as the only separator, so its `*`
 * crossed module boundaries, and its `[...]` classes collide with Terraform's index brackets.
 */

interface Part {
  /** The name (for a step) or `TYPE.NAME` (for a resource), as a regexp source. */
  readonly name: RegExp;
  /** The index as written (`0`, `"a.b"`), or undefined: any index, or none. */
  readonly key?: RegExp;
}

type Step = Part | "**";

interface Pattern {
  readonly steps: readonly Step[];
  /** undefined: any resource (a trailing `*` or `**`). */
  readonly resource?: Part & { readonly data: boolean };
}

interface Address {
  readonly steps: readonly { name: string; key?: string }[];
  readonly resource?: { name: string; key?: string; data: boolean };
}

/** Splits at dots outside `[...]` and quotes: `module.a["x.y"].b.c` → `module`, `a["x.y"]`, `b`, `c`. */
function segments(text: string): string[] | undefined {
  const out: string[] = [];
  let current = "";
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === "\\") {
        current += c + (text[++i] ?? "");
        continue;
      }
      if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === "[") depth++;
    else if (c === "]") depth--;
    else if (c === "." && depth === 0) {
      out.push(current);
      current = "";
      continue;
    }
    if (depth < 0) return undefined;
    current += c;
  }
  if (quoted || depth !== 0) return undefined;
  out.push(current);
  return out;
}

/** `name[key]` → name and key; undefined when it is not of that shape. */
function splitKey(segment: string): { name: string; key?: string } | undefined {
  const open = segment.indexOf("[");
  if (open === -1) return segment === "" ? undefined : { name: segment };
  if (!segment.endsWith("]") || open === 0) return undefined;
  return { name: segment.slice(0, open), key: segment.slice(open + 1, -1) };
}

const glob = (text: string): RegExp =>
  new RegExp(
    `^${text
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "s",
  );

function parseAddress(address: string): Address | undefined {
  const segs = segments(address);
  if (!segs) return undefined;
  const steps: { name: string; key?: string }[] = [];
  let i = 0;
  while (segs[i] === "module" && i + 1 < segs.length) {
    const step = splitKey(segs[i + 1]!);
    if (!step) return undefined;
    steps.push(step);
    i += 2;
  }
  const rest = segs.slice(i);
  const data = rest[0] === "data";
  const [type, named] = data ? rest.slice(1) : rest;
  if (rest.length === 0) return { steps };
  if (type === undefined || named === undefined || rest.length !== (data ? 3 : 2)) return undefined;
  const last = splitKey(named);
  if (!last) return undefined;
  return { steps, resource: { name: `${type}.${last.name}`, ...(last.key !== undefined ? { key: last.key } : {}), data } };
}

function bad(pattern: string, why: string, fix: string): never {
  throw new RealmkitError("RK-ALLOW-DESTROY-PATTERN", `--allow-destroy \`${pattern}\`: ${why}`, { value: pattern, fix });
}

const SHAPE_FIX =
  "name a resource address, e.g. --allow-destroy aws_s3_bucket.scratch, module.old.* (the resources of module.old) or module.old.** (everything below it)";

function parsePattern(pattern: string): Pattern {
  if (pattern.trim() === "") bad(pattern, "the pattern is empty", SHAPE_FIX);
  if (pattern !== pattern.trim()) bad(pattern, "the pattern has leading or trailing blanks", "remove the blanks");
  if (pattern.startsWith("!"))
    bad(
      pattern,
      "negated patterns are not supported: a negation would allow every destruction except one",
      "name each address whose deletion is intended instead",
    );
  if (/[{}]/.test(pattern)) bad(pattern, "brace lists are not supported", "repeat --allow-destroy once per address");
  const segs = segments(pattern);
  if (!segs || segs.some((s) => s === ""))
    bad(pattern, "it is not a Terraform address (an empty part, or unbalanced brackets or quotes)", SHAPE_FIX);
  const steps: Step[] = [];
  let i = 0;
  while (i < segs.length && (segs[i] === "module" || segs[i] === "**")) {
    if (segs[i] === "**") {
      steps.push("**");
      i++;
      continue;
    }
    const step = segs[i + 1] !== undefined ? splitKey(segs[i + 1]!) : undefined;
    if (!step || step.name === "**") bad(pattern, "`module` must be followed by a module name", SHAPE_FIX);
    steps.push({ name: glob(step.name), ...(step.key !== undefined ? { key: glob(step.key) } : {}) });
    i += 2;
  }
  const rest = segs.slice(i);
  let resource: Pattern["resource"];
  if (rest.length === 0) {
    if (steps.at(-1) !== "**") bad(pattern, "it names modules but no resource", SHAPE_FIX);
  } else if (rest.length === 1 && rest[0] === "*") {
    resource = undefined;
  } else {
    const data = rest[0] === "data";
    const parts = data ? rest.slice(1) : rest;
    if (parts.length !== 2 || parts.includes("**"))
      bad(pattern, "the resource part must be TYPE.NAME (or data.TYPE.NAME, or `*`)", SHAPE_FIX);
    const last = splitKey(parts[1]!);
    if (!last) bad(pattern, "the resource name is not NAME or NAME[KEY]", SHAPE_FIX);
    resource = { name: glob(`${parts[0]}.${last.name}`), ...(last.key !== undefined ? { key: glob(last.key) } : {}), data };
  }
  // A pattern without a single literal name would allow whatever the plan destroys.
  const literal = (s: string) => /[^*?]/.test(s);
  const named =
    rest.filter((s) => s !== "data").some((s) => s !== "*" && literal(s)) ||
    segs.some((s, k) => segs[k - 1] === "module" && literal(s.replace(/\[.*$/s, "")));
  if (!named)
    bad(
      pattern,
      "it matches every resource: the gate would allow any destruction",
      "name the module or resource whose deletion is intended",
    );
  return { steps, ...(resource ? { resource } : {}) };
}

const partMatches = (p: Part, a: { name: string; key?: string }) =>
  p.name.test(a.name) && (p.key === undefined || (a.key !== undefined && p.key.test(a.key)));

function stepsMatch(pattern: readonly Step[], address: Address["steps"]): boolean {
  if (pattern.length === 0) return address.length === 0;
  const [head, ...tail] = pattern;
  if (head === "**") return address.some((_, k) => stepsMatch(tail, address.slice(k))) || stepsMatch(tail, address.slice(address.length));
  return address.length > 0 && partMatches(head!, address[0]!) && stepsMatch(tail, address.slice(1));
}

/** Checks every pattern first (exit 1 on a bad one), then returns a matcher for addresses. */
export function allowDestroyMatcher(pattern: string): (address: string) => boolean {
  const p = parsePattern(pattern);
  const trailingAny = p.steps.at(-1) === "**" && p.resource === undefined;
  return (address) => {
    const a = parseAddress(address);
    if (!a?.resource) return false;
    if (!stepsMatch(p.steps, a.steps)) return false;
    if (trailingAny || p.resource === undefined) return true;
    return p.resource.data === a.resource.data && partMatches(p.resource, a.resource);
  };
}

/** Validates the patterns of one command line at once, so a typo is reported before any work. */
export function checkAllowDestroy(patterns: readonly string[] = []): void {
  for (const p of patterns) parsePattern(p);
}
