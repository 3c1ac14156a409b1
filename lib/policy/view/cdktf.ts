import { resolveReferences } from "./resolve";
import { isObject, isTrue } from "./values";
import type { BackendView, OutputView, ProviderView, ResourceView, StackView, UnreadableBody, Values, VariableView } from "./types";

/** Meta-arguments of a resource block: not attributes the provider sees. */
const META = new Set(["//", "lifecycle", "depends_on", "provider", "count", "for_each", "provisioner", "connection"]);

/**
 * Builds the stack view of a `cdk.tf.json` (any Terraform JSON configuration of one module).
 *
 * Terraform JSON lets every block level be an object or a list of objects: `"resource": [{...}]`,
 * `"aws_s3_bucket": [{...}]`, a body `"b": [{...}]` (what HCL-to-JSON converters write), and
 * the same for data, locals, variables and outputs. The reader folds them into one shape here,
 * once, so no rule has to know; a body it cannot fold (a string, an empty or longer list) is
 * recorded in `unreadable` and the engine turns it into a rule error, never a silent skip.
 */
export function fromTerraformJson(json: Record<string, unknown>, file?: string): StackView {
  const metadata = (json["//"] as { metadata?: { stackName?: string } } | undefined)?.metadata;
  const terraform = merged(json.terraform);
  const unreadable: UnreadableBody[] = [];
  const variables = variablesOf(json.variable, unreadable);
  const locals = localsOf(json.locals, unreadable);
  const resolve = resolveReferences(variables, locals);
  return {
    format: "cdktf",
    file,
    stackId: metadata?.stackName,
    resources: blocksOf(json.resource, "managed", unreadable, resolve),
    dataSources: blocksOf(json.data, "data", unreadable, resolve),
    providers: providersOf(json.provider),
    backend: backendOf(terraform),
    backendRecorded: true,
    outputs: outputsOf(json.output, unreadable),
    locals,
    variables,
    unreadable,
  };
}

/**
 * A map with no prototype: names in a stack are the author's data, and `__proto__` or
 * `constructor` as a resource, variable or local name must be read like any other name.
 */
const bare = (): Record<string, unknown> => Object.create(null) as Record<string, unknown>;

/** An object, or a list of objects merged in order (Terraform JSON's two forms of one level). */
function merged(section: unknown): Record<string, unknown> {
  const out = bare();
  const parts = isObject(section) ? [section] : Array.isArray(section) ? section : [];
  for (const part of parts) if (isObject(part)) for (const [k, v] of Object.entries(part)) out[k] = mergeLevel(out[k], v);
  return out;
}

/** Two objects for the same key (`"aws_s3_bucket"` in two list items) hold different names. */
function mergeLevel(a: unknown, b: unknown): unknown {
  if (!(isObject(a) && isObject(b))) return b;
  const out = bare();
  for (const [k, v] of [...Object.entries(a), ...Object.entries(b)]) out[k] = v;
  return out;
}

type Body = { ok: true; body: Record<string, unknown> } | { ok: false; reason: string };

/** A block body: an object, or a list holding exactly one object. */
export function bodyOf(value: unknown): Body {
  if (isObject(value)) return { ok: true, body: value };
  if (Array.isArray(value)) {
    if (value.length === 1 && isObject(value[0])) return { ok: true, body: value[0] };
    if (value.length === 0) return { ok: false, reason: "the body is an empty list" };
    return {
      ok: false,
      reason: value.every(isObject)
        ? `the body is a list of ${value.length} objects; Terraform allows one per name`
        : "the body is a list that holds a non-object",
    };
  }
  return { ok: false, reason: `the body is ${value === null ? "null" : `a ${typeof value}`}, not an object` };
}

/** A top-level section (`resource`, `data`, ...) that is present but neither an object nor a list of objects. */
function sectionUnreadable(name: string, section: unknown, unreadable: UnreadableBody[]): void {
  if (section === undefined || isObject(section) || (Array.isArray(section) && section.every(isObject))) return;
  unreadable.push({
    address: name,
    reason: `\`${name}\` is ${section === null ? "null" : Array.isArray(section) ? "a list holding a non-object" : `a ${typeof section}`}, not an object of blocks`,
  });
}

function blocksOf(
  section: unknown,
  mode: "managed" | "data",
  unreadable: UnreadableBody[],
  resolve: (v: unknown) => unknown,
): ResourceView[] {
  const out: ResourceView[] = [];
  const prefix = mode === "data" ? "data." : "";
  sectionUnreadable(mode === "data" ? "data" : "resource", section, unreadable);
  for (const [type, byNameRaw] of Object.entries(merged(section))) {
    const byName = merged(byNameRaw);
    if (!isObject(byNameRaw) && !Array.isArray(byNameRaw)) {
      unreadable.push({
        address: `${prefix}${type}`,
        type,
        reason: `the \`${type}\` block is ${byNameRaw === null ? "null" : `a ${typeof byNameRaw}`}, not an object of names`,
      });
      continue;
    }
    for (const [name, raw] of Object.entries(byName)) {
      const address = `${prefix}${type}.${name}`;
      const read = bodyOf(raw);
      if (!read.ok) {
        unreadable.push({ address, type, reason: read.reason });
        continue;
      }
      const body = read.body;
      const values = bare();
      try {
        for (const [k, v] of Object.entries(body)) if (!META.has(k)) values[k] = resolve(v);
      } catch (err) {
        if (!(err instanceof RangeError)) throw err;
        unreadable.push({ address, type, reason: "the body nests values deeper than the checker can follow" });
        continue;
      }
      const providerKey = providerKeyOf(body.provider, type);
      const lifecycle = bodyOf(body.lifecycle);
      const life = lifecycle.ok ? lifecycle.body : {};
      const path = (body["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path;
      out.push({
        address,
        mode,
        type,
        name,
        values,
        providerKey,
        providerType: providerKey.split(".")[0]!,
        lifecycle: { preventDestroy: isTrue(life.prevent_destroy), createBeforeDestroy: isTrue(life.create_before_destroy) },
        constructPath: path,
      });
    }
  }
  return out;
}

/** `provider = "aws.replica"` (or `${aws.replica}`); without it Terraform takes the type's prefix. */
export function providerKeyOf(meta: unknown, type: string): string {
  if (typeof meta === "string" && meta.length > 0) return meta.replace(/^\$\{(.*)\}$/, "$1");
  return type.split("_")[0]!;
}

function providersOf(section: unknown): ProviderView[] {
  const out: ProviderView[] = [];
  for (const [type, configs] of Object.entries(merged(section))) {
    for (const config of Array.isArray(configs) ? configs : [configs]) {
      if (!isObject(config)) continue;
      const alias = typeof config.alias === "string" ? config.alias : undefined;
      out.push({ key: alias ? `${type}.${alias}` : type, type, alias, values: config });
    }
  }
  return out;
}

function backendOf(terraform: Record<string, unknown>): BackendView | undefined {
  const cloud = bodyOf(terraform.cloud);
  if (cloud.ok) return { type: "cloud", config: cloud.body };
  const backends = merged(terraform.backend);
  const [type, config] = Object.entries(backends)[0] ?? [];
  if (!type) return undefined;
  const body = bodyOf(config);
  return { type, config: body.ok ? (body.body as Values) : {} };
}

function outputsOf(section: unknown, unreadable: UnreadableBody[]): Record<string, OutputView> {
  const out = bare() as Record<string, OutputView>;
  sectionUnreadable("output", section, unreadable);
  for (const [name, raw] of Object.entries(merged(section))) {
    const read = bodyOf(raw);
    if (!read.ok) {
      unreadable.push({ address: `output.${name}`, reason: read.reason });
      continue;
    }
    out[name] = { value: read.body.value, sensitive: isTrue(read.body.sensitive) };
  }
  return out;
}

function variablesOf(section: unknown, unreadable: UnreadableBody[]): Record<string, VariableView> {
  const out = bare() as Record<string, VariableView>;
  sectionUnreadable("variable", section, unreadable);
  for (const [name, raw] of Object.entries(merged(section))) {
    const read = bodyOf(raw);
    if (!read.ok) {
      unreadable.push({ address: `var.${name}`, reason: read.reason });
      continue;
    }
    out[name] = { default: read.body.default, sensitive: isTrue(read.body.sensitive) };
  }
  return out;
}

/** `"locals": {...}` or `"locals": [{...}, {...}]` (several locals blocks). */
function localsOf(section: unknown, unreadable: UnreadableBody[]): Values {
  if (section === undefined) return bare();
  if (!isObject(section) && !(Array.isArray(section) && section.every(isObject))) {
    unreadable.push({ address: "locals", reason: "`locals` is neither an object nor a list of objects" });
    return bare();
  }
  return merged(section);
}
