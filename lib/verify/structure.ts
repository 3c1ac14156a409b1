import { scanPlainReference, scanTemplate } from "./references";
import { BUILTIN_PROVIDERS, EMPTY_BLOCKS_ALLOWED, REQUIRED_ARGUMENTS, REQUIRED_PROVIDER_BLOCKS, UNIQUE_NAMES } from "./required";
import { attr, entriesOf, isEmpty, scalarString, treeFromText, treeFromValue, type TfNode } from "./tf-tree";

export type StructureProblemKind =
  | "invalid-json"
  | "invalid-expression"
  | "unresolved-reference"
  | "missing-provider"
  | "undeclared-provider"
  | "duplicate-address"
  | "duplicate-name"
  | "missing-required"
  | "empty-block"
  | "foreign-interpolation";

/** One reason a synthesized stack would not get through `terraform validate` (or apply). */
export interface StructureProblem {
  readonly kind: StructureProblemKind;
  readonly stack: string;
  /** Terraform address: `google_sql_database_instance.db`, `data.x.y`, `output.o`, `provider.google`. */
  readonly address: string;
  /** Where inside the block, e.g. `settings.ip_configuration.private_network`. */
  readonly path?: string;
  readonly message: string;
  readonly fix: string;
}

/** What a stack declares, by the names references use. */
interface Declarations {
  readonly resources: ReadonlyMap<string, readonly TfNode[]>;
  readonly data: ReadonlyMap<string, readonly TfNode[]>;
  readonly ephemeral: ReadonlyMap<string, readonly TfNode[]>;
  readonly variables: ReadonlyMap<string, readonly TfNode[]>;
  readonly locals: ReadonlyMap<string, readonly TfNode[]>;
  readonly outputs: ReadonlyMap<string, readonly TfNode[]>;
  readonly modules: ReadonlyMap<string, readonly TfNode[]>;
  /** `google` or `google.alias` → configurations. */
  readonly providers: ReadonlyMap<string, readonly TfNode[]>;
  readonly requiredProviders: ReadonlySet<string>;
}

/** Names always in scope: `count.index`, `each.value`, `self.id`, `path.module`, `terraform.workspace`. */
const BUILTIN_HEADS = new Set(["count", "each", "self", "path", "terraform"]);

/**
 * Checks a synthesized Terraform JSON stack without provider binaries: every `${...}`
 * reference resolves to a resource, data source, local, variable or module of the stack;
 * every resource and data source has a provider configuration (implied by its type prefix or
 * named by `provider`); no address is declared twice (duplicate keys count: pass the JSON text
 * to see them, as `JSON.parse` drops them); no literal cloud name is used twice for one type;
 * required arguments and blocks of the types in `required.ts` are set and not empty; and no
 * list of blocks holds an empty block. (For stacks Realmkit synthesizes, the synth gate adds
 * `foreignInterpolations` of interpolation.ts: this check runs on any Terraform JSON.)
 *
 * @param stack the stack's `cdk.tf.json` text (preferred) or its parsed value
 */
export function checkStructure(stack: string | object, stackId: string): StructureProblem[] {
  const problems: StructureProblem[] = [];
  const report = (kind: StructureProblemKind, address: string, message: string, fix: string, path?: string): void => {
    problems.push({ kind, stack: stackId, address, ...(path ? { path } : {}), message, fix });
  };

  let root: TfNode;
  if (typeof stack === "string") {
    const parsed = treeFromText(stack);
    if ("error" in parsed) {
      report("invalid-json", "(stack)", `the stack is ${parsed.error}`, "synthesize the stack again; never edit cdk.tf.json by hand");
      return problems;
    }
    root = parsed.tree;
  } else {
    root = treeFromValue(stack);
  }

  const decl = declarations(root, report);
  checkProviders(decl, report);
  for (const [address, bodies] of decl.resources) {
    const type = address.split(".")[0]!;
    for (const body of bodies) {
      checkReferences(body, address, decl, report, "resource");
      checkRequired(body, type, address, report);
      checkEmptyBlocks(body, address, report, [], EMPTY_BLOCKS_ALLOWED[type] ?? []);
    }
  }
  for (const [prefix, blocks] of [
    ["data.", decl.data],
    ["ephemeral.", decl.ephemeral],
  ] as const) {
    for (const [key, bodies] of blocks) {
      for (const body of bodies) {
        checkReferences(body, `${prefix}${key}`, decl, report, "resource");
        checkRequired(body, key.split(".")[0]!, `${prefix}${key}`, report);
        checkEmptyBlocks(body, `${prefix}${key}`, report, [], EMPTY_BLOCKS_ALLOWED[key.split(".")[0]!] ?? []);
      }
    }
  }
  for (const [name, bodies] of decl.outputs) bodies.forEach((b) => checkReferences(b, `output.${name}`, decl, report, "output"));
  for (const [name, values] of decl.locals)
    values.forEach((v) => walkTemplates(v, [], NOTHING_BOUND, resolver(`local.${name}`, decl, report)));
  for (const [name, bodies] of decl.modules) bodies.forEach((b) => checkReferences(b, `module.${name}`, decl, report, "module"));
  for (const [name, bodies] of decl.variables) {
    bodies.forEach((b) => walkTemplates(attr(b, "validation"), ["validation"], NOTHING_BOUND, resolver(`var.${name}`, decl, report)));
  }
  for (const [key, configs] of decl.providers) {
    configs.forEach((c) => walkTemplates(c, [], NOTHING_BOUND, resolver(`provider.${key}`, decl, report)));
  }
  checkUniqueNames(decl, report);
  return problems;
}

/** `<stack>  <address> <path>  <kind>: <message> (fix: <fix>)`: one line for people and CI logs. */
export function formatStructureProblem(p: StructureProblem): string {
  return `${p.stack}  ${p.address}${p.path ? ` ${p.path}` : ""}  ${p.kind}: ${p.message} (fix: ${p.fix})`;
}

type Report = (kind: StructureProblemKind, address: string, message: string, fix: string, path?: string) => void;

function declarations(root: TfNode, report: Report): Declarations {
  const collect = (node: TfNode | undefined, prefix: string, depth: 1 | 2): Map<string, TfNode[]> => {
    const out = new Map<string, TfNode[]>();
    const add = (key: string, body: TfNode) => out.set(key, [...(out.get(key) ?? []), body]);
    for (const [first, value] of entriesOf(node)) {
      if (depth === 1) add(first, value);
      else for (const [second, body] of entriesOf(value)) add(`${first}.${second}`, body);
    }
    for (const [key, bodies] of out) {
      if (bodies.length > 1) {
        report(
          "duplicate-address",
          `${prefix}${key}`,
          `\`${prefix}${key}\` is declared ${bodies.length} times; Terraform rejects the stack and JSON readers silently keep only one`,
          "give each block its own construct id (or name) so every address is unique",
        );
      }
    }
    return out;
  };

  const providers = new Map<string, TfNode[]>();
  for (const [name, value] of rootEntries(root, "provider")) {
    const configs = value.kind === "array" ? value.items : [value];
    for (const config of configs) {
      const alias = scalarString(attr(config, "alias"));
      const key = alias ? `${name}.${alias}` : name;
      providers.set(key, [...(providers.get(key) ?? []), config]);
    }
  }
  for (const [key, configs] of providers) {
    if (configs.length > 1) {
      report(
        "duplicate-address",
        `provider.${key}`,
        `provider configuration \`${key}\` is declared ${configs.length} times`,
        "give every further configuration of a provider its own `alias`",
      );
    }
  }

  const requiredProviders = new Set<string>();
  for (const terraform of rootValues(root, "terraform")) {
    for (const [name] of entriesOf(attr(terraform, "required_providers"))) requiredProviders.add(name);
  }

  const block = (key: string) => ({ kind: "object", entries: rootEntries(root, key) }) as TfNode;
  return {
    resources: collect(block("resource"), "", 2),
    data: collect(block("data"), "data.", 2),
    ephemeral: collect(block("ephemeral"), "ephemeral.", 2),
    variables: collect(block("variable"), "var.", 1),
    locals: collect(block("locals"), "local.", 1),
    outputs: collect(block("output"), "output.", 1),
    modules: collect(block("module"), "module.", 1),
    providers,
    requiredProviders,
  };
}

/** Every value of a top-level key, repeated keys included. */
function rootValues(root: TfNode, key: string): TfNode[] {
  return entriesOf(root)
    .filter(([k]) => k === key)
    .map(([, v]) => v);
}

/** The entries of all top-level blocks named `key`, as if written in one. */
function rootEntries(root: TfNode, key: string): Array<readonly [string, TfNode]> {
  return rootValues(root, key).flatMap((v) => [...entriesOf(v)]);
}

function checkProviders(decl: Declarations, report: Report): void {
  for (const [key, configs] of decl.providers) {
    const name = key.split(".")[0]!;
    for (const required of REQUIRED_PROVIDER_BLOCKS[name] ?? []) {
      if (configs.some((c) => attr(c, required) === undefined)) {
        report(
          "missing-required",
          `provider.${key}`,
          `the ${name} provider configuration has no \`${required}\` block, which the provider requires (it may be empty)`,
          `add \`${required} {}\` to the provider configuration`,
          required,
        );
      }
    }
  }
  const check = (address: string, type: string, body: TfNode) => {
    const explicit = scalarString(attr(body, "provider"));
    const ref = explicit ? explicit.replace(/^\$\{(.*)\}$/, "$1") : type.split("_")[0]!;
    const [name, alias] = ref.split(".") as [string, string | undefined];
    if (BUILTIN_PROVIDERS.has(name)) return;
    if (!decl.providers.has(alias ? `${name}.${alias}` : name)) {
      report(
        "missing-provider",
        address,
        alias
          ? `\`${address}\` uses provider configuration \`${name}.${alias}\`, which the stack does not declare`
          : `\`${address}\` needs a \`${name}\` provider configuration and the stack has none`,
        alias
          ? `declare a ${name} provider with alias \`${alias}\` in the stack`
          : `add a ${name} provider to the stack (in cdktf: new <Provider>(stack, "${name}", {...}))`,
        explicit ? "provider" : undefined,
      );
    }
    if (!decl.requiredProviders.has(name)) {
      report(
        "undeclared-provider",
        address,
        `provider \`${name}\` is not listed in terraform.required_providers, so Terraform would guess its source`,
        `declare ${name} with its source and version in required_providers`,
      );
    }
  };
  for (const [address, bodies] of decl.resources) bodies.forEach((b) => check(address, address.split(".")[0]!, b));
  for (const [key, bodies] of decl.data) bodies.forEach((b) => check(`data.${key}`, key.split(".")[0]!, b));
}

/** Meta-arguments whose strings are plain references rather than templates. */
const PLAIN_REFERENCE_KEYS = new Set(["depends_on", "replace_triggered_by"]);

function checkReferences(body: TfNode, address: string, decl: Declarations, report: Report, kind: "resource" | "output" | "module"): void {
  const visit = resolver(address, decl, report);
  for (const [key, value] of entriesOf(body)) {
    if (key === "provider" && kind === "resource") continue;
    if (kind === "module" && (key === "source" || key === "version")) continue;
    // Output descriptions are literal strings, not templates.
    if (kind === "output" && key === "description") continue;
    if (kind === "module" && key === "providers") {
      for (const [, ref] of entriesOf(value)) {
        const target = scalarString(ref);
        if (target && !decl.providers.has(target.replace(/^\$\{(.*)\}$/, "$1"))) {
          report(
            "missing-provider",
            address,
            `module \`${address}\` is passed provider configuration \`${target}\`, which the stack does not declare`,
            "declare that provider configuration (with its alias) in the stack",
            "providers",
          );
        }
      }
      continue;
    }
    if (key === "depends_on") {
      checkPlainReferences(value, address, key, decl, report);
      continue;
    }
    if (key === "lifecycle") {
      for (const [lkey, lvalue] of entriesOf(value)) {
        if (lkey === "ignore_changes") continue;
        if (PLAIN_REFERENCE_KEYS.has(lkey)) checkPlainReferences(lvalue, address, `lifecycle.${lkey}`, decl, report);
        else walkTemplates(lvalue, ["lifecycle", lkey], NOTHING_BOUND, visit);
      }
      continue;
    }
    walkEntry(key, value, [], NOTHING_BOUND, visit);
  }
}

function checkPlainReferences(value: TfNode, address: string, path: string, decl: Declarations, report: Report): void {
  const items = value.kind === "array" ? value.items : [value];
  items.forEach((item, i) => {
    const text = scalarString(item);
    const segments = text === undefined ? undefined : scanPlainReference(text);
    if (!segments) {
      report(
        "invalid-expression",
        address,
        `\`${path}\` entry ${JSON.stringify(text ?? null)} is not a reference`,
        "list addresses such as `google_compute_network.vpc` or `module.m`",
        `${path}[${i}]`,
      );
      return;
    }
    const unresolved = resolve(segments, decl, true);
    if (unresolved)
      report(
        "unresolved-reference",
        address,
        `\`${path}\` names ${unresolved}`,
        "depend on a block of this stack, or remove the entry",
        `${path}[${i}]`,
      );
  });
}

/**
 * `path` is the walk's own stack of keys, valid only during the call: join it to report.
 * (Strings are by far the most numerous values of a stack; copying the path for each cost a
 * tenth of the structural check's time.)
 */
type TemplateVisitor = (text: string, path: readonly string[], bound: ReadonlySet<string>) => void;

const NOTHING_BOUND: ReadonlySet<string> = new Set();

/** Calls `visit` for every string in `node`, with `dynamic` block iterators in scope of their content. */
function walkTemplates(node: TfNode | undefined, path: string[], bound: ReadonlySet<string>, visit: TemplateVisitor): void {
  if (!node) return;
  if (node.kind === "scalar") {
    if (typeof node.value === "string") visit(node.value, path, bound);
    return;
  }
  if (node.kind === "array") {
    // An item's path is its list's, indexed: `ingress[0].cidr_blocks`.
    const named = path.length > 0;
    const name = named ? path.pop()! : "";
    node.items.forEach((item, i) => {
      path.push(`${name}[${i}]`);
      walkTemplates(item, path, bound, visit);
      path.pop();
    });
    if (named) path.push(name);
    return;
  }
  for (const [key, value] of node.entries) walkEntry(key, value, path, bound, visit);
}

function walkEntry(key: string, value: TfNode, path: string[], bound: ReadonlySet<string>, visit: TemplateVisitor): void {
  if (key !== "dynamic") {
    path.push(key);
    walkTemplates(value, path, bound, visit);
    path.pop();
    return;
  }
  for (const [label, dyn] of entriesOf(value)) {
    const iterator = scalarString(attr(dyn, "iterator")) ?? label;
    for (const [dkey, dvalue] of entriesOf(dyn)) {
      if (dkey === "iterator") continue;
      const inner = dkey === "content" ? new Set([...bound, iterator]) : bound;
      path.push("dynamic", label, dkey);
      walkTemplates(dvalue, path, inner, visit);
      path.length -= 3;
    }
  }
}

/** Reports the templates of `address` that are malformed or refer to what the stack does not declare. */
function resolver(address: string, decl: Declarations, report: Report): TemplateVisitor {
  return (text, at, bound) => {
    const scanned = scanTemplate(text, bound);
    if (scanned.error)
      report("invalid-expression", address, `${scanned.error} in ${JSON.stringify(text)}`, "close every `${` with `}`", at.join("."));
    for (const segments of scanned.traversals) {
      const unresolved = resolve(segments, decl, false);
      if (unresolved) {
        report(
          "unresolved-reference",
          address,
          `\`\${${segments.join(".")}}\` refers to ${unresolved}`,
          "reference a block declared in this stack (values from another stack need an output and remote state, or a variable)",
          at.join("."),
        );
      }
    }
  };
}

/** Undefined when `segments` name something declared; otherwise a description of what is missing. */
function resolve(segments: readonly string[], decl: Declarations, plain: boolean): string | undefined {
  const [head, a, b] = segments;
  if (head === undefined) return "nothing";
  if (!plain && BUILTIN_HEADS.has(head)) return undefined;
  const need = (map: ReadonlyMap<string, unknown>, key: string | undefined, what: string, shape: string): string | undefined =>
    key === undefined
      ? `an incomplete ${what} reference (write \`${shape}\`)`
      : map.has(key)
        ? undefined
        : `${what} \`${key}\`, which this stack does not declare`;
  switch (head) {
    case "var":
      return need(decl.variables, a, "variable", "var.<name>");
    case "local":
      return need(decl.locals, a, "local value", "local.<name>");
    case "module":
      return need(decl.modules, a, "module", "module.<name>");
    case "data":
      return need(decl.data, a && b ? `${a}.${b}` : undefined, "data source", "data.<type>.<name>");
    case "ephemeral":
      return need(decl.ephemeral, a && b ? `${a}.${b}` : undefined, "ephemeral resource", "ephemeral.<type>.<name>");
    default:
      if (a === undefined) {
        return decl.resources.size > 0 && [...decl.resources.keys()].some((k) => k.startsWith(`${head}.`))
          ? `resource type \`${head}\` without a name (write \`${head}.<name>\`)`
          : `\`${head}\`, which is not a resource, data source, local, variable or module of this stack`;
      }
      return decl.resources.has(`${head}.${a}`) ? undefined : `resource \`${head}.${a}\`, which this stack does not declare`;
  }
}

function checkRequired(body: TfNode, type: string, address: string, report: Report): void {
  // Several paths share a prefix (`conditions`, `conditions.display_name`): report each place once.
  const seen = new Set<string>();
  const once: Report = (kind, addr, message, fix, path) => {
    if (seen.has(`${path}`)) return;
    seen.add(`${path}`);
    report(kind, addr, message, fix, path);
  };
  for (const spec of REQUIRED_ARGUMENTS[type] ?? []) checkPath(body, spec.split("."), [], address, once);
}

function checkPath(node: TfNode, segments: string[], at: string[], address: string, report: Report): void {
  const [segment, ...rest] = segments;
  if (segment === undefined) return;
  const optional = segment.endsWith("?");
  const names = segment.replace(/\?$/, "").split("|");
  const present = names.flatMap((n) => {
    const v = attr(node, n);
    return v === undefined || (v.kind === "scalar" && v.value === null) ? [] : [[n, v] as const];
  });
  // A `dynamic` block of that name provides it; its content is only known at plan time.
  if (present.length === 0 && names.some((n) => attr(attr(node, "dynamic"), n) !== undefined)) return;
  if (present.length === 0) {
    if (!optional) {
      const what = names.length > 1 ? `one of ${names.map((n) => `\`${n}\``).join(", ")}` : `\`${names[0]}\``;
      report(
        "missing-required",
        address,
        `${what} is required${at.length ? ` in ${at.join(".")}` : ""} but not set`,
        `set ${what} on ${address}`,
        [...at, names.join("|")].join("."),
      );
    }
    return;
  }
  for (const [name, value] of present) {
    const here = [...at, name];
    // An optional block present but empty is judged by what it lacks inside.
    if (!optional && isEmpty(value)) {
      report(
        "missing-required",
        address,
        `\`${here.join(".")}\` is required but empty`,
        `give \`${here.join(".")}\` a value (an empty block or list means the construct received nothing)`,
        here.join("."),
      );
      continue;
    }
    if (rest.length === 0) continue;
    if (value.kind === "array") value.items.forEach((item, i) => checkPath(item, rest, [...at, `${name}[${i}]`], address, report));
    else checkPath(value, rest, here, address, report);
  }
}

/** A list of blocks with an empty element (`"rule": [{}]`) means a construct received nothing, unless allowed. */
function checkEmptyBlocks(node: TfNode, address: string, report: Report, at: string[], allowed: readonly string[]): void {
  for (const [key, value] of entriesOf(node)) {
    if (key === "lifecycle" || key === "depends_on") continue;
    if (value.kind === "array") {
      value.items.forEach((item, i) => {
        if (item.kind !== "object") return;
        if (isEmpty(item) && !allowed.includes([...at, key].map((p) => p.replace(/\[\d+\]$/, "")).join("."))) {
          report(
            "empty-block",
            address,
            `\`${[...at, key].join(".")}\` holds an empty block at position ${i}`,
            "drop the empty block, or set the arguments it was meant to carry",
            `${[...at, key].join(".")}[${i}]`,
          );
        } else checkEmptyBlocks(item, address, report, [...at, `${key}[${i}]`], allowed);
      });
    } else if (value.kind === "object") {
      checkEmptyBlocks(value, address, report, [...at, key], allowed);
    }
  }
}

function checkUniqueNames(decl: Declarations, report: Report): void {
  const seen = new Map<string, string>();
  for (const [address, bodies] of decl.resources) {
    const type = address.split(".")[0]!;
    const spec = UNIQUE_NAMES[type];
    if (!spec) continue;
    for (const body of bodies) {
      const values = spec.map((key) => scalarString(attr(body, key)));
      const name = values[0];
      // Names built from other resources' attributes are unknown until apply.
      if (name === undefined || name.includes("${")) continue;
      const key = `${type}|${values.join("|")}`;
      const other = seen.get(key);
      if (other && other !== address) {
        report(
          "duplicate-name",
          address,
          `${type} \`${name}\` is also the name of \`${other}\`; the second create would fail at apply time`,
          "derive both names from resourceName with different parts",
          spec[0],
        );
      } else seen.set(key, address);
    }
  }
}
