import { isObject, isTrue } from "./values";
import { UNKNOWN, type OutputView, type ProviderView, type ResourceView, type StackView, type VariableView } from "./types";

/**
 * Builds the stack view of `terraform show -json` output: a saved plan (`planned_values`) or
 * a state (`values`). Values unknown until apply are filled from the configuration's
 * expressions: a reference becomes `${type.name.attr}` (as in cdk.tf.json), anything else
 * UNKNOWN. Plan JSON records neither `lifecycle` nor the backend; the view says so instead of
 * guessing (`lifecycle: undefined`, `backendRecorded: false`).
 */
export function fromPlanJson(json: Record<string, unknown>, file?: string): StackView {
  const planned = isObject(json.planned_values) ? json.planned_values : isObject(json.values) ? json.values : {};
  const configuration = isObject(json.configuration) ? json.configuration : {};
  const variableValues = planVariables(json.variables);
  const configResources = new Map<string, ConfigResource>();
  collectConfig(configuration.root_module, "", configResources);
  const unknowns = new Map<string, unknown>();
  for (const rc of Array.isArray(json.resource_changes) ? json.resource_changes : []) {
    if (isObject(rc) && typeof rc.address === "string" && isObject(rc.change)) unknowns.set(rc.address, rc.change.after_unknown);
  }

  const resources: ResourceView[] = [];
  const dataSources: ResourceView[] = [];
  collectPlanned(planned.root_module, (r) => {
    const address = String(r.address);
    const config = configResources.get(configAddress(address));
    const values = overlayUnknown(isObject(r.values) ? r.values : {}, unknowns.get(address), config?.expressions, variableValues);
    const providerKey = config?.providerKey ?? String(r.type).split("_")[0]!;
    const view: ResourceView = {
      address,
      mode: r.mode === "data" ? "data" : "managed",
      type: String(r.type),
      name: String(r.name),
      values,
      providerKey,
      providerType: providerKey.split(".")[0]!,
    };
    (view.mode === "data" ? dataSources : resources).push(view);
  });

  return {
    format: "plan",
    file,
    resources,
    dataSources,
    providers: providersOf(configuration.provider_config, variableValues),
    backendRecorded: false,
    outputs: outputsOf(planned.outputs),
    locals: {},
    variables: variablesOf(json.variables, dig(configuration, "root_module", "variables")),
  };
}

interface ConfigResource {
  readonly providerKey: string;
  readonly expressions: unknown;
}

const dig = (v: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((acc, k) => (isObject(acc) ? acc[k] : undefined), v);

/** `module.m[0].aws_s3_bucket.b["x"]` → `module.m.aws_s3_bucket.b`: how the configuration names it. */
export function configAddress(address: string): string {
  return address.replace(/\[[^\]]*\]/g, "");
}

function collectConfig(module: unknown, prefix: string, out: Map<string, ConfigResource>): void {
  if (!isObject(module)) return;
  for (const r of Array.isArray(module.resources) ? module.resources : []) {
    if (!isObject(r) || typeof r.address !== "string") continue;
    // Inside modules the key reads `m:aws`; the part after the colon names the provider config.
    const key = typeof r.provider_config_key === "string" ? r.provider_config_key.split(":").pop()! : String(r.type).split("_")[0]!;
    out.set(prefix + r.address, { providerKey: key, expressions: r.expressions });
  }
  const calls = isObject(module.module_calls) ? module.module_calls : {};
  for (const [name, call] of Object.entries(calls)) collectConfig(dig(call, "module"), `${prefix}module.${name}.`, out);
}

function collectPlanned(module: unknown, visit: (r: Record<string, unknown>) => void): void {
  if (!isObject(module)) return;
  for (const r of Array.isArray(module.resources) ? module.resources : []) if (isObject(r)) visit(r);
  for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) collectPlanned(child, visit);
}

function planVariables(section: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (isObject(section)) for (const [k, v] of Object.entries(section)) if (isObject(v)) out.set(k, v.value);
  return out;
}

/**
 * Turns a configuration expression into a value: a constant stays, `${var.x}` becomes the
 * variable's value, another reference stays an expression string, anything else is UNKNOWN.
 */
export function expressionValue(expr: unknown, vars: ReadonlyMap<string, unknown>): unknown {
  if (Array.isArray(expr)) return expr.map((e) => expressionValue(e, vars));
  if (!isObject(expr)) return UNKNOWN;
  const isExpression = Object.keys(expr).every((k) => k === "constant_value" || k === "references");
  if (!isExpression) return Object.fromEntries(Object.entries(expr).map(([k, v]) => [k, expressionValue(v, vars)]));
  const refs = Array.isArray(expr.references) ? expr.references.filter((r): r is string => typeof r === "string") : [];
  const onlyVar = (text: string): string | undefined => /^\$\{var\.([A-Za-z0-9_-]+)\}$/.exec(text)?.[1];
  if ("constant_value" in expr) {
    const c = expr.constant_value;
    const name = typeof c === "string" ? onlyVar(c) : undefined;
    return name !== undefined && vars.has(name) ? vars.get(name) : c;
  }
  if (refs.length === 1 && refs[0]!.startsWith("var.") && vars.has(refs[0]!.slice(4))) return vars.get(refs[0]!.slice(4));
  return refs.length > 0 ? `\${${refs[0]}}` : UNKNOWN;
}

/** Puts a value (from the expression when there is one) wherever `after_unknown` says unknown. */
function overlayUnknown(
  values: Record<string, unknown>,
  unknown: unknown,
  expressions: unknown,
  vars: ReadonlyMap<string, unknown>,
): Record<string, unknown> {
  const fill = (value: unknown, marks: unknown, expr: unknown): unknown => {
    if (marks === true) {
      const fromConfig = expr === undefined ? UNKNOWN : expressionValue(expr, vars);
      return fromConfig === undefined ? UNKNOWN : fromConfig;
    }
    if (Array.isArray(marks)) {
      const list = Array.isArray(value) ? [...value] : [];
      marks.forEach((m, i) => {
        const e = Array.isArray(expr) ? (expr[i] ?? expr[0]) : undefined;
        if (m === false && list[i] === undefined) return;
        list[i] = fill(list[i], m, e);
      });
      return list;
    }
    if (isObject(marks)) {
      const obj: Record<string, unknown> = isObject(value) ? { ...value } : {};
      for (const [k, m] of Object.entries(marks)) {
        if (m === false) continue;
        obj[k] = fill(obj[k], m, isObject(expr) ? expr[k] : undefined);
      }
      return obj;
    }
    return value;
  };
  return isObject(unknown) ? (fill(values, unknown, expressions) as Record<string, unknown>) : values;
}

function providersOf(section: unknown, vars: ReadonlyMap<string, unknown>): ProviderView[] {
  if (!isObject(section)) return [];
  const out: ProviderView[] = [];
  for (const [key, p] of Object.entries(section)) {
    if (!isObject(p) || p.module_address) continue;
    const type = typeof p.name === "string" ? p.name : key.split(".")[0]!;
    const alias = typeof p.alias === "string" ? p.alias : undefined;
    const values = isObject(p.expressions) ? (expressionValue(p.expressions, vars) as Record<string, unknown>) : {};
    out.push({ key, type, alias, values });
  }
  return out;
}

function outputsOf(section: unknown): Record<string, OutputView> {
  if (!isObject(section)) return {};
  return Object.fromEntries(
    Object.entries(section).map(([name, o]) => [
      name,
      { value: isObject(o) && "value" in o ? o.value : UNKNOWN, sensitive: isObject(o) && isTrue(o.sensitive) },
    ]),
  );
}

function variablesOf(values: unknown, declared: unknown): Record<string, VariableView> {
  const out: Record<string, VariableView> = {};
  const names = new Set([...Object.keys(isObject(values) ? values : {}), ...Object.keys(isObject(declared) ? declared : {})]);
  for (const name of names) {
    const d = isObject(declared) ? declared[name] : undefined;
    const v = isObject(values) ? values[name] : undefined;
    out[name] = {
      default: isObject(d) ? d.default : undefined,
      value: isObject(v) ? v.value : undefined,
      sensitive: isObject(d) && isTrue(d.sensitive),
    };
  }
  return out;
}
