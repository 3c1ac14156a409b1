import { closest } from "fastest-levenshtein";
import { RealmkitError, type SourceLocation } from "./errors";
import type { Layered } from "./merge";
import { childPointer } from "./pointer";
import schema from "./realm.schema.json";

/**
 * `cloudDefaults.<provider>`: fields every cloud entry of that provider inherits unless it sets
 * them, written once in `_defaults.yaml` or a provider layer as templates, e.g.
 * `deployIdentity: arn:aws:iam::{account}:role/realmkit-deploy`. `clouds` is a list and lists
 * replace whole, so defaults for its entries need their own place. Any string field of a cloud
 * entry except its identity (provider, region, account) may be given, so a new identity field
 * added to the schema's `cloud` definition needs no change here.
 */
const cloudProperties = (schema as { definitions: { cloud: { properties: Record<string, { type?: string }> } } }).definitions.cloud
  .properties;
const OWN_FIELDS = new Set(["provider", "region", "account"]);
export const TEMPLATABLE_FIELDS: readonly string[] = Object.keys(cloudProperties).filter(
  (k) => cloudProperties[k]!.type === "string" && !OWN_FIELDS.has(k),
);
export const PLACEHOLDERS = ["account", "realm", "region", "residency"] as const;

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Fills each cloud entry's missing fields from `cloudDefaults`, expanded; problems point at the template. */
export function applyCloudDefaults(layered: Layered, realm: string): RealmkitError[] {
  const defaults = layered.value.cloudDefaults;
  const clouds = layered.value.clouds;
  if (!isMap(defaults)) return [];
  const problems: RealmkitError[] = [];
  const where = (pointer: string): SourceLocation | undefined => layered.provenance.get(pointer);

  for (const [provider, fields] of Object.entries(defaults)) {
    if (!isMap(fields)) continue; // the schema reports it
    for (const field of Object.keys(fields)) {
      if (TEMPLATABLE_FIELDS.includes(field)) continue;
      const at = childPointer(childPointer("/cloudDefaults", provider), field);
      problems.push(
        new RealmkitError(
          "RK-CONFIG-UNKNOWN-KEY",
          `unknown key \`${field}\` in \`cloudDefaults.${provider}\`. did you mean \`${closest(field, [...TEMPLATABLE_FIELDS])}\`?`,
          {
            location: where(at),
            value: field,
            realm,
            fix: `cloud defaults may set: ${TEMPLATABLE_FIELDS.join(", ")}`,
          },
        ),
      );
    }
  }
  if (problems.length || !Array.isArray(clouds)) return problems;

  clouds.forEach((cloud, index) => {
    if (!isMap(cloud) || typeof cloud.provider !== "string") return;
    const fields = Object.hasOwn(defaults, cloud.provider) ? defaults[cloud.provider] : undefined;
    if (!isMap(fields)) return;
    // Before the schema check: any field may still be a mapping or a list (the schema reports it).
    const values: Record<string, string> = {
      account: scalar(cloud.account),
      realm,
      region: scalar(cloud.region),
      residency: scalar(layered.value.residency),
    };
    for (const [field, template] of Object.entries(fields)) {
      if (cloud[field] !== undefined || typeof template !== "string") continue;
      const from = childPointer(childPointer("/cloudDefaults", cloud.provider), field);
      const unknown = [...template.matchAll(/\{([^{}]*)\}/g)]
        .map((m) => m[1]!)
        .filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name));
      if (unknown.length) {
        problems.push(
          new RealmkitError(
            "RK-CONFIG-TEMPLATE",
            `\`cloudDefaults.${cloud.provider}.${field}\` uses \`{${unknown[0]}}\`, which Realmkit does not fill in. did you mean \`{${closest(unknown[0]!, [...PLACEHOLDERS])}}\`?`,
            {
              location: where(from),
              value: template,
              realm,
              fix: `use only ${PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}, e.g. arn:aws:iam::{account}:role/realmkit-deploy`,
            },
          ),
        );
        continue;
      }
      cloud[field] = template.replace(/\{(account|realm|region|residency)\}/g, (_, name: string) => values[name]!);
      const loc = where(from);
      if (loc) layered.provenance.set(childPointer(childPointer("/clouds", index), field), loc);
    }
  });
  return problems;
}

/** A scalar as text for a template; anything else (a mapping, a list, null) as empty. */
function scalar(value: unknown): string {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : "";
}
