import type { Provider } from "../../../config/types";
import { DATADOG_SITES, DEFAULT_DATADOG_SITE, siteOfLogsIntake, type DatadogSite } from "../../../model/aggregator-sites";
import { residencyZones } from "../../../model/residency";
import { realmLogForwarder } from "../../../observability/log-forwarding";
import { regionZones } from "../../regions";
import { defineStackRule, fail, notApplicable, pass, type AddressedResult, type RuleContext } from "../../types";
import type { ResourceView, StackView } from "../../view/types";
import { isExpression, isObject, isUnknown } from "../../view/values";

/** A log forwarder found in a stack: where it runs and which Datadog site it sends to. */
interface Forwarder {
  readonly address: string;
  readonly provider: Provider;
  /** Region or location it runs in; undefined when the stack does not say (the provider's default). */
  readonly region?: string;
  /** The site it sends to; `null` when it names a destination that is no Datadog site. */
  readonly site: DatadogSite | null;
  readonly destination: string;
}

const text = (v: unknown): string | undefined => (typeof v === "string" && !isExpression(v) && !isUnknown(v) ? v : undefined);

function providerRegion(stack: StackView, r: ResourceView): string | undefined {
  return text(stack.providers.find((p) => p.key === r.providerKey)?.values.region);
}

function site(name: string | undefined): DatadogSite | null {
  return DATADOG_SITES.get(name ?? DEFAULT_DATADOG_SITE) ?? null;
}

/**
 * The Datadog forwarders of a stack, whoever wrote them: Datadog's Forwarder CloudFormation
 * stack (AWS), the "Pub/Sub to Datadog" Dataflow job (GCP), a function app with Datadog's
 * `DD_SITE` setting and the forwarder template parameters Realmkit outputs (Azure).
 */
function forwarders(stack: StackView): Forwarder[] {
  const found: Forwarder[] = [];
  for (const r of stack.resources) {
    const v = r.values;
    if (r.type === "aws_cloudformation_stack" && /datadog-cloudformation-template.*\/forwarder\//.test(String(v.template_url ?? ""))) {
      const params = isObject(v.parameters) ? v.parameters : {};
      // The template's DdSite defaults to datadoghq.com; DdUrl (a proxy) replaces the site's intake.
      const name = text(params.DdSite) ?? DEFAULT_DATADOG_SITE;
      const url = typeof params.DdUrl === "string" && params.DdUrl !== "" ? params.DdUrl : undefined;
      const viaUrl = url === undefined ? undefined : (siteOfLogsIntake(/^https?:\/\//.test(url) ? url : `https://${url}`) ?? null);
      found.push({
        address: r.address,
        provider: "aws",
        region: providerRegion(stack, r),
        site: viaUrl === undefined ? site(name) : viaUrl && viaUrl.site === name ? viaUrl : null,
        destination: url ?? name,
      });
    } else if (r.type === "google_dataflow_job" && /Cloud_PubSub_to_Datadog/.test(String(v.template_gcs_path ?? ""))) {
      const params = isObject(v.parameters) ? v.parameters : {};
      const url = text(params.url) ?? "";
      const templateRegion = /^gs:\/\/dataflow-templates-([a-z0-9-]+)\//.exec(String(v.template_gcs_path))?.[1];
      found.push({
        address: r.address,
        provider: "gcp",
        region: text(v.region) ?? templateRegion ?? providerRegion(stack, r),
        site: siteOfLogsIntake(url) ?? null,
        destination: url || "(no url)",
      });
    } else if ((r.type === "azurerm_linux_function_app" || r.type === "azurerm_windows_function_app") && isObject(v.app_settings)) {
      const dd = text(v.app_settings.DD_SITE);
      if (v.app_settings.DD_SITE === undefined) continue;
      found.push({ address: r.address, provider: "azure", region: text(v.location), site: site(dd), destination: dd ?? "(unset)" });
    }
  }
  for (const [name, output] of Object.entries(stack.outputs)) {
    const value = output.value;
    if (!isObject(value) || !isObject(value.datadogSite) || !isObject(value.eventhubNamespace)) continue;
    const dd = text(value.datadogSite.value);
    const location = isObject(value.location) ? text(value.location.value) : undefined;
    found.push({ address: `output.${name}`, provider: "azure", region: location, site: site(dd), destination: dd ?? "(unset)" });
  }
  return found;
}

function sameRegion(provider: Provider, a: string, b: string): boolean {
  const norm = (s: string) => (provider === "azure" ? s.toLowerCase().replace(/\s+/g, "") : s.toLowerCase());
  return norm(a) === norm(b);
}

function judge(f: Forwarder, ctx: RuleContext, allowed: readonly string[]): AddressedResult {
  const problems: string[] = [];
  if (f.site === null) problems.push(`sends to ${f.destination}, which is no Datadog site's logs intake`);
  else if (!allowed.includes(f.site.zone))
    problems.push(`sends to Datadog ${f.site.site} (${f.site.zone}), outside residency \`${ctx.residency}\``);
  if (f.region) {
    const expected = ctx.target?.provider === f.provider ? ctx.target.region : undefined;
    if (expected && !sameRegion(f.provider, f.region, expected))
      problems.push(`runs in ${f.region}, not in the realm's region ${expected}`);
    const zones = regionZones(f.provider, f.region);
    if (zones.kind === "zones" && !zones.zones.some((z) => allowed.includes(z)))
      problems.push(`runs in ${f.region}, outside residency \`${ctx.residency}\``);
  }
  if (ctx.realm && ctx.target && !realmLogForwarder(ctx.realm, ctx.target))
    problems.push(`realm ${ctx.realm.id}'s fleet plan forwards no logs (logs.forward is false), yet the stack holds a forwarder`);
  return problems.length
    ? { address: f.address, ...fail(problems.join("; ")) }
    : { address: f.address, ...pass(`${f.site!.site} in ${f.region ?? "the provider's region"}`) };
}

export default defineStackRule({
  id: "RK-LOG-FORWARDING-RESIDENCY",
  title: "Log forwarders run in the realm's region and send only to a Datadog site inside its residency",
  description:
    "Every Datadog log forwarder of a realm stack (the Forwarder CloudFormation stack on AWS, the Pub/Sub to Datadog Dataflow job on GCP, the Event Hub forwarder function on Azure) runs in the realm's region and sends to a Datadog site whose data stays in the residency; a realm whose fleet plan forwards nothing holds no forwarder.",
  severity: "critical",
  provider: "any",
  reads:
    "`aws_cloudformation_stack` (Datadog template, `DdSite`), `google_dataflow_job` (Cloud_PubSub_to_Datadog, `url`, `region`), function apps' `DD_SITE`, the `datadogSite`/`location` of forwarder parameters outputs; the realm's `residency` and `observability`",
  publicIds: {},
  fix: "set `observability.datadog.site` to a site inside the residency (EU realms: datadoghq.eu) or `observability.logForwarding: false`, and keep the forwarder in the realm's region",
  check(stack, ctx) {
    const found = forwarders(stack);
    if (found.length === 0) return [{ address: "(stack)", ...notApplicable("the stack holds no Datadog log forwarder") }];
    if (!ctx.residency)
      return [
        { address: "(stack)", ...notApplicable("the realm's residency is unknown: pass --realms, or tag the stack with `residency`") },
      ];
    const allowed = residencyZones[ctx.residency] ?? [];
    return found.map((f) => judge(f, ctx, allowed));
  },
});
