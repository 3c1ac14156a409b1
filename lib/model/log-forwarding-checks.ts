import type { ResolvedRealm } from "../config/load";
import { formatLocation, RealmkitError } from "../config/errors";
import { locate } from "../config/merge";
import { logForwarding } from "../observability/plan";
import { DEFAULT_API_KEY_SECRET } from "../observability/log-forwarding";
import { destinationOf } from "./aggregator-sites";
import { newerFirst, type Recency } from "./recency";

const POINTER = "/observability/datadog/apiKeySecretName";

/**
 * Two forwarding realms on the same AWS account and region, or the same GCP project, would both
 * create the API key secret under one name: the second apply fails on an existing secret. On
 * Azure each realm's secret lives in its own Key Vault, so names may repeat there.
 */
export function checkApiKeySecretNames(realms: readonly ResolvedRealm[], recency: Recency): RealmkitError[] {
  const problems: RealmkitError[] = [];
  const seen = new Map<string, ResolvedRealm>();
  for (const realm of realms) {
    const destination = destinationOf(realm.config);
    if (destination?.aggregator !== "datadog" || !logForwarding(realm, destination).forward) continue;
    const name = realm.config.observability?.datadog?.apiKeySecretName ?? DEFAULT_API_KEY_SECRET;
    for (const cloud of realm.config.clouds) {
      if (cloud.provider === "azure") continue;
      const place = cloud.provider === "aws" ? `aws account ${cloud.account} ${cloud.region}` : `gcp project ${cloud.account}`;
      const key = `${place}/${name}`;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, realm);
        continue;
      }
      const [newer, older] = newerFirst(realm, first, (r) => r.file, recency);
      const at = locate(older.provenance, POINTER);
      problems.push(
        new RealmkitError(
          "RK-CONFIG-DUPLICATE-SECRET",
          `the Datadog API key secret \`${name}\` in ${place} is also created by realm \`${older.id}\` (${at ? formatLocation(at) : older.file})`,
          {
            location: locate(newer.provenance, POINTER),
            value: name,
            realm: newer.id,
            fix: `give one realm its own observability.datadog.apiKeySecretName, e.g. ${newer.id}-datadog-api-key`,
          },
        ),
      );
    }
  }
  return problems;
}
