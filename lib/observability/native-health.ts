import { RealmkitError } from "../config/errors";
import type { Inventory } from "../model/inventory";
import { realmAlerts } from "../model/alerts";
import { resourceName } from "../model/naming";
import type { CloudTarget, RealmModel } from "../model/realm-model";
import type { GateResult, HealthGate } from "../rollout/gate";
import { realmsById } from "../rollout/realm-selection";
import { azureToken, firedAlerts, metricAlertRules } from "./native/azure-monitor";
import { alertPolicies, gcpToken, openAlerts } from "./native/cloud-monitoring";
import { awsCredentials, CLOUDWATCH_UNHEALTHY, describeRealmAlarms, realmAlarmPrefix } from "./native/cloudwatch";

export interface NativeHealthOptions {
  /** AWS_ACCESS_KEY_ID/SECRET/SESSION_TOKEN, AZURE_ACCESS_TOKEN, GOOGLE_OAUTH_ACCESS_TOKEN and the REALMKIT_*_URL overrides. */
  readonly env: NodeJS.ProcessEnv;
  /** Per request. @default 10000 */
  readonly timeoutMs?: number;
}

/** The native alarms a target's realm stack creates: none when no enabled alert watches a component it deploys. */
function hasNativeAlarms(realm: RealmModel, target: CloudTarget): boolean {
  return realmAlerts(realm.config, target).length > 0;
}

/**
 * What one cloud's own alerting says about the alarms Realmkit created for the realm there,
 * as reasons (empty: nothing alerting). An unreachable or failing API is a reason too.
 */
async function targetProblems(realm: RealmModel, target: CloudTarget, options: NativeHealthOptions): Promise<string[]> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const io = { env: options.env, timeoutMs };
  const prefix = realmAlarmPrefix(realm.id);
  try {
    if (target.provider === "aws") {
      const alarms = await describeRealmAlarms(realm.id, target.region, io);
      if (alarms.length === 0)
        return [
          `CloudWatch (${target.region}): no alarm named ${prefix}* (is the realm stack applied, and are the credentials those of account ${target.account}?)`,
        ];
      return alarms
        .filter((a) => CLOUDWATCH_UNHEALTHY.has(a.state))
        .map((a) => `CloudWatch (${target.region}): alarm "${a.name}" is ${a.state}`);
    }
    if (target.provider === "azure") {
      const group = resourceName("azure", "resourceGroup", realm.id, "rg");
      const where = `Azure Monitor (resource group ${group})`;
      const [rules, fired] = await Promise.all([metricAlertRules(target.account, group, io), firedAlerts(target.account, group, io)]);
      const ours = rules.filter((r) => r.name.startsWith(prefix));
      if (ours.length === 0)
        return [
          `${where}: no metric alert rule named ${prefix}* (is the realm stack applied, and is the token for subscription ${target.account}?)`,
        ];
      return [
        ...ours.filter((r) => !r.enabled).map((r) => `${where}: alert rule "${r.name}" is disabled (it cannot fire)`),
        ...fired
          .filter((a) => a.monitorCondition === "Fired" && a.rule.startsWith(prefix))
          .map((a) => `${where}: alert rule "${a.rule}" is Fired${a.targetResourceName ? ` on ${a.targetResourceName}` : ""}`),
      ];
    }
    // Realmkit's policies are named "Realm <id> <alert title>" (the GCP observability construct).
    const named = `Realm ${realm.id} `;
    const where = `Cloud Monitoring (project ${target.account})`;
    const [policies, open] = await Promise.all([alertPolicies(target.account, io), openAlerts(target.account, io)]);
    const ours = policies.filter((p) => p.displayName.startsWith(named));
    if (ours.length === 0) return [`${where}: no alert policy named "${named}…" (is the realm stack applied in this project?)`];
    return [
      ...ours
        .filter((p) => p.enabled === false)
        .map((p) => `${where}: alert policy "${p.displayName}" is disabled (it cannot open incidents)`),
      ...open
        .filter((a) => a.state === "OPEN" && a.policy.startsWith(named))
        .map((a) => `${where}: alert policy "${a.policy}" has an open incident`),
    ];
  } catch (err) {
    if (err instanceof RealmkitError) throw err;
    return [(err as Error).message];
  }
}

/** The realm's health from the clouds' own alarms, on every target that has some. */
export async function nativeRealmHealth(realm: RealmModel, options: NativeHealthOptions): Promise<GateResult> {
  const targets = realm.targets.filter((t) => hasNativeAlarms(realm, t));
  const reasons = (await Promise.all(targets.map((t) => targetProblems(realm, t, options)))).flat();
  return { realm: realm.id, healthy: reasons.length === 0, reasons };
}

/**
 * The native-alarm gate between waves, with the shape of every health gate: a realm is
 * healthy when none of the CloudWatch alarms, Azure Monitor alerts or Cloud Monitoring alert
 * policies Realmkit created for it is firing (or, on CloudWatch, without data).
 */
export function nativeGate(inventory: Inventory, options: NativeHealthOptions): HealthGate {
  return async (_wave, realms) =>
    Promise.all(
      realmsById(inventory, realms).map((realm, i) =>
        realm
          ? nativeRealmHealth(realm, options)
          : Promise.resolve({ realm: realms[i]!, healthy: false, reasons: ["not in the inventory"] }),
      ),
    );
}

/**
 * Fails early, before any wave waits on it, when a cloud the selected realms' native alarms
 * live on has no credentials in the environment: a user mistake to fix, not a verdict.
 */
export function requireNativeCredentials(inventory: Inventory, realms: readonly string[], env: NodeJS.ProcessEnv): void {
  const providers = new Set(
    realmsById(inventory, realms).flatMap((r) => (r ? r.targets.filter((t) => hasNativeAlarms(r, t)).map((t) => t.provider) : [])),
  );
  if (providers.has("aws")) awsCredentials(env);
  if (providers.has("azure")) azureToken(env);
  if (providers.has("gcp")) gcpToken(env);
}
