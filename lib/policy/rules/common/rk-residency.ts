import type { Provider } from "../../../config/types";
import { allowedRegions, residencyZones } from "../../../model/residency";
import { CLOUD_OF_PROVIDER, regionZones } from "../../regions";
import { isOpenExpression } from "../../evaluable";
import { cannotEvaluate, defineStackRule, failIfAny, fail, notApplicable, type AddressedResult } from "../../types";
import type { ResourceView } from "../../view/types";
import { blocks, dig, isExpression, isObject, isUnknown } from "../../view/values";

/** Attributes naming where a resource (or a copy of its data) lives, per cloud. */
const PLACE_KEYS: Readonly<Record<Provider, ReadonlySet<string>>> = {
  aws: new Set(["region", "availability_zone", "availability_zones", "region_name", "destination_region"]),
  gcp: new Set(["region", "location", "zone", "node_locations", "data_locations"]),
  azure: new Set(["location"]),
};

// Tag maps carry the realm's `region` tag: a label, not a placement.
const SKIP_KEYS = new Set([
  "tags",
  "tags_all",
  "labels",
  "user_labels",
  "resource_labels",
  "effective_labels",
  "terraform_labels",
  "default_tags",
  "default_labels",
]);

/** Google resources whose `global` location means "anywhere", which no residency allows. */
const GLOBAL_MEANS_ANYWHERE = new Set([
  "google_kms_key_ring",
  "google_storage_bucket",
  "google_bigquery_dataset",
  "google_secret_manager_secret",
]);

interface Place {
  readonly path: string;
  readonly value: string;
}

/** The place attributes in `values`; `at` is the walk's own stack of keys, joined per place found. */
function places(values: unknown, keys: ReadonlySet<string>, at: string[] = [], out: Place[] = []): Place[] {
  if (Array.isArray(values)) for (const v of values) places(v, keys, at, out);
  else if (isObject(values)) {
    for (const k of Object.keys(values)) {
      if (SKIP_KEYS.has(k)) continue;
      const v = values[k];
      if (keys.has(k)) {
        for (const item of Array.isArray(v) ? v : [v]) if (typeof item === "string") out.push({ path: [...at, k].join("."), value: item });
      } else if (isObject(v) || Array.isArray(v)) {
        at.push(k);
        places(v, keys, at, out);
        at.pop();
      }
    }
  }
  return out;
}

export default defineStackRule({
  id: "RK-RESIDENCY",
  title: "Every region, location and the state backend lie inside the realm's residency",
  description:
    "Provider regions, resource locations/zones (including replicas) and the S3 state backend region must all be in the residency allow-list (lib/model/residency.ts): EU realms stay in EU regions, and so on.",
  severity: "critical",
  provider: "any",
  reads: "provider `region`, resource region/location/zone attributes, `terraform.backend.s3.region`",
  publicIds: {},
  fix: "move the resource (or provider, or state bucket) to a region of the realm's residency, or change the realm's `residency` if the data may legally live there",
  check(stack, ctx) {
    const residency = ctx.residency;
    if (!residency)
      return [
        { address: "(stack)", ...notApplicable("the realm's residency is unknown: pass --realms, or tag the stack with `residency`") },
      ];
    const allowed = residencyZones[residency] ?? [];
    const judge = (cloud: Provider, value: string, where: string, type?: string): string | undefined => {
      if (isExpression(value) || isUnknown(value)) return undefined;
      const v = regionZones(cloud, value);
      if (v.kind === "skip") return undefined;
      if (v.kind === "global")
        return type && GLOBAL_MEANS_ANYWHERE.has(type) ? `${where} is \`global\`: Google may keep the data in any region` : undefined;
      if (v.kind === "unknown")
        return `${where} \`${value}\` is not a region Realmkit knows for ${cloud} (lib/model/providers/${cloud}.ts)`;
      const outside = v.zones.filter((z) => !allowed.includes(z));
      return outside.length
        ? `${where} \`${value}\` is in ${outside.join("+")}, outside residency \`${residency}\` (allowed: ${allowedRegions(cloud, residency).join(", ") || "none"})`
        : undefined;
    };
    const results: AddressedResult[] = [];

    for (const p of stack.providers) {
      const cloud = CLOUD_OF_PROVIDER[p.type];
      if (!cloud || cloud === "azure") continue;
      const region = p.values.region;
      const address = `provider.${p.key}`;
      if (region === undefined) {
        results.push({
          address,
          ...(cloud === "aws"
            ? fail("no `region`: it would come from the environment, which no one can review")
            : { status: "pass" as const }),
        });
      } else if (typeof region !== "string" || isExpression(region) || isUnknown(region)) {
        results.push({ address, ...fail(`\`region\` is ${JSON.stringify(region)}, an expression residency cannot be checked against`) });
      } else {
        results.push({ address, ...failIfAny([judge(cloud, region, "`region`")].filter((x): x is string => !!x)) });
      }
    }

    const check = (r: ResourceView): void => {
      const cloud = CLOUD_OF_PROVIDER[r.providerType];
      if (!cloud) return;
      const found = places(r.values, PLACE_KEYS[cloud]);
      const problems = found.map((f) => judge(cloud, f.value, `\`${f.path}\``, r.type)).filter((x): x is string => !!x);
      // A place the caller decides (`${var.region}`) could be anywhere: no verdict, and no pass.
      const open = found.filter((f) => isOpenExpression(f.value));
      if (problems.length === 0 && open.length > 0) {
        results.push({
          address: r.address,
          ...cannotEvaluate(open.map((f) => `\`${f.path}\` is the expression ${JSON.stringify(f.value)}`).join("; ")),
        });
        return;
      }
      // Secret Manager replication "auto" stores the secret wherever Google chooses.
      if (
        r.type === "google_secret_manager_secret" &&
        blocks(dig(r.values, "replication", "auto")).length + (dig(r.values, "replication", "automatic") === true ? 1 : 0) > 0
      ) {
        problems.push("`replication.auto` lets Google store the secret in any region; use `user_managed` replicas inside the residency");
      }
      if (found.length || problems.length) results.push({ address: r.address, ...failIfAny(problems) });
    };
    stack.resources.forEach(check);

    const backend = stack.backend;
    if (backend?.type === "s3") {
      const region = backend.config.region;
      const problem = typeof region === "string" ? judge("aws", region, "state backend `region`") : "state backend has no literal `region`";
      results.push({ address: "terraform.backend.s3", ...failIfAny(problem ? [problem] : []) });
    }
    return results;
  },
});
