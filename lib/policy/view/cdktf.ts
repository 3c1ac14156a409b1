import { isObject, isTrue } from "./values";
import type { BackendView, OutputView, ProviderView, ResourceView, StackView, Values, VariableView } from "./types";

/** Meta-arguments of a resource block: not attributes the provider sees. */
const META = new Set(["//", "lifecycle", "depends_on", "provider", "count", "for_each", "provisioner", "connection"]);

/** Builds the stack view of a `cdk.tf.json` (any Terraform JSON configuration of one module). */
export function fromTerraformJson(json: Record<string, unknown>, file?: string): StackView {
  const metadata = (json["//"] as { metadata?: { stackName?: string } } | undefined)?.metadata;
  const terraform = isObject(json.terraform) ? json.terraform : {};
  return {
    format: "cdktf",
    file,
    stackId: metadata?.stackName,
    resources: blocksOf(json.resource, "managed"),
    dataSources: blocksOf(json.data, "data"),
    providers: providersOf(json.provider),
    backend: backendOf(terraform),
    backendRecorded: true,
    outputs: outputsOf(json.output),
    locals: isObject(json.locals) ? json.locals : {},
    variables: variablesOf(json.variable),
  };
}

function blocksOf(section: unknown, mode: "managed" | "data"): ResourceView[] {
  if (!isObject(section)) return [];
  const out: ResourceView[] = [];
  for (const [type, byName] of Object.entries(section)) {
    if (!isObject(byName)) continue;
    for (const [name, body] of Object.entries(byName)) {
      if (!isObject(body)) continue;
      const values: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(body)) if (!META.has(k)) values[k] = v;
      const providerKey = providerKeyOf(body.provider, type);
      const lifecycle = isObject(body.lifecycle) ? body.lifecycle : {};
      const path = (body["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path;
      out.push({
        address: `${mode === "data" ? "data." : ""}${type}.${name}`,
        mode,
        type,
        name,
        values,
        providerKey,
        providerType: providerKey.split(".")[0]!,
        lifecycle: { preventDestroy: isTrue(lifecycle.prevent_destroy), createBeforeDestroy: isTrue(lifecycle.create_before_destroy) },
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
  if (!isObject(section)) return [];
  const out: ProviderView[] = [];
  for (const [type, configs] of Object.entries(section)) {
    for (const config of Array.isArray(configs) ? configs : [configs]) {
      if (!isObject(config)) continue;
      const alias = typeof config.alias === "string" ? config.alias : undefined;
      out.push({ key: alias ? `${type}.${alias}` : type, type, alias, values: config });
    }
  }
  return out;
}

function backendOf(terraform: Record<string, unknown>): BackendView | undefined {
  if (isObject(terraform.cloud)) return { type: "cloud", config: terraform.cloud };
  if (!isObject(terraform.backend)) return undefined;
  const [type, config] = Object.entries(terraform.backend)[0] ?? [];
  return type ? { type, config: isObject(config) ? (config as Values) : {} } : undefined;
}

function outputsOf(section: unknown): Record<string, OutputView> {
  if (!isObject(section)) return {};
  return Object.fromEntries(
    Object.entries(section).map(([name, o]) => [name, { value: isObject(o) ? o.value : undefined, sensitive: isObject(o) && isTrue(o.sensitive) }]),
  );
}

function variablesOf(section: unknown): Record<string, VariableView> {
  if (!isObject(section)) return {};
  return Object.fromEntries(
    Object.entries(section).map(([name, v]) => [name, { default: isObject(v) ? v.default : undefined, sensitive: isObject(v) && isTrue(v.sensitive) }]),
  );
}
