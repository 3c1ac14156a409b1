import type { GcpScopeProps } from "../../constructs/gcp-scope";
import type { TfJson } from "../helpers/synth";

export const PROJECT = "ibc-eu1-prod";
export const PROJECT_NUMBER = "418027365091";
export const REGION = "europe-west3";
export const ZONES = ["europe-west3-a", "europe-west3-b", "europe-west3-c"];
export const LABELS: Readonly<Record<string, string>> = {
  realm: "eu1",
  tier: "prod",
  provider: "gcp",
  region: REGION,
  residency: "eu",
  compliance: "gdpr-soc2",
  "managed-by": "realmkit",
};
export const SCOPE: GcpScopeProps = { project: PROJECT, region: REGION, labels: LABELS };
export const KEY_ID = `projects/${PROJECT}/locations/${REGION}/keyRings/ibc-eu1-keys/cryptoKeys/ibc-eu1-key`;
export const NETWORK_ID = `projects/${PROJECT}/global/networks/ibc-eu1-vpc`;

/** Where a google resource type keeps its user labels when not in a top-level `labels`. */
const LABEL_PATHS: Readonly<Record<string, readonly string[]>> = {
  google_sql_database_instance: ["settings", "user_labels"],
  google_container_cluster: ["resource_labels"],
  google_container_node_pool: ["node_config", "resource_labels"],
  google_monitoring_notification_channel: ["user_labels"],
  google_monitoring_alert_policy: ["user_labels"],
};

/**
 * Where the labels of a google resource type go, or undefined when the type takes none. Types
 * without an entry above are read from the generated binding: a `labels` field means labels.
 */
export function labelPath(type: string): readonly string[] | undefined {
  if (LABEL_PATHS[type]) return LABEL_PATHS[type];
  const mod = require(`@cdktf/provider-google/lib/${type.replace(/^google_/, "").replace(/_/g, "-")}`) as Record<string, unknown>;
  const cls = Object.values(mod).find((v) => typeof v === "function" && (v as { tfResourceType?: string }).tfResourceType === type) as
    | { prototype: object }
    | undefined;
  if (!cls) throw new Error(`no binding class for ${type}`);
  const has = (field: string) => Object.getOwnPropertyDescriptor(cls.prototype, field) !== undefined;
  if (has("userLabels") || has("resourceLabels")) throw new Error(`${type} keeps labels elsewhere: add it to LABEL_PATHS`);
  return has("labels") ? ["labels"] : undefined;
}

/** Asserts every labelable resource carries `labels` (plus per-resource extras), and that there is one. */
export function expectLabeledEverywhere(json: TfJson, labels: Readonly<Record<string, string>> = LABELS): void {
  let labelable = 0;
  for (const [type, all] of Object.entries(json.resource ?? {})) {
    const path = labelPath(type);
    if (!path) continue;
    for (const [name, res] of Object.entries(all)) {
      labelable++;
      const actual = path.reduce<any>((v, key) => v?.[key], res);
      expect({ address: `${type}.${name}`, labels: actual }).toEqual({
        address: `${type}.${name}`,
        labels: expect.objectContaining(labels),
      });
    }
  }
  expect(labelable).toBeGreaterThan(0);
}

export { addressOf, named, refTo } from "../helpers/synth";
