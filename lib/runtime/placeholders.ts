import type { CloudTarget, RealmModel } from "../model/realm-model";
import type { RuntimeRefs } from "./document";

/** How the CLI shows a value that exists only once the stack is applied. */
export function afterApply(what: string): string {
  return `<after apply: ${what}>`;
}

/** A map keyed by user input that no key can turn into a prototype lookup. */
function record(entries: Iterable<readonly [string, string]>): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const [k, v] of entries) out[k] = v;
  return out;
}

/**
 * The references a stack passes to the document builder, as placeholders: the same keys the
 * kits pass (a test compares both on every sample realm), so `realmkit config` shows the
 * document's exact shape without synthesizing.
 */
export function placeholderRefs(realm: RealmModel, target: CloudTarget): RuntimeRefs {
  const { config } = realm;
  const has = (c: Parameters<typeof target.components.has>[0]): boolean => target.components.has(c);
  const db = has("database") ? config.database : undefined;
  const managed = db !== undefined && !("external" in db);
  // AWS keeps database credentials in Secrets Manager either way; GCP and Azure managed
  // databases authenticate the application through IAM / Entra ID, so only external ones have a secret.
  const dbSecret = db !== undefined && (target.provider === "aws" || !managed);
  const services = has("services") ? Object.entries(config.services ?? {}) : [];
  const observability: Record<string, string> = has("observability")
    ? target.provider === "aws"
      ? { alertTopicArn: afterApply("alert topic ARN"), logGroup: afterApply("application log group") }
      : target.provider === "azure"
        ? { logAnalyticsWorkspaceId: afterApply("Log Analytics workspace id") }
        : {}
    : {};
  return {
    databaseHost: managed ? afterApply("database endpoint") : undefined,
    databaseSecret: dbSecret ? afterApply("database credentials secret") : undefined,
    serviceSecrets: record(
      services.filter(([, s]) => s.secret).map(([name]) => [name, afterApply(`credentials secret of ${name}`)] as const),
    ),
    buckets: record((has("storage") ? (config.storage?.buckets ?? []) : []).map((b) => [b, afterApply(`name of bucket ${b}`)] as const)),
    observability,
  };
}
