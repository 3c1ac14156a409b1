import { RealmkitError, userErrors, type SourceLocation } from "../config/errors";
import { locate } from "../config/merge";
import { didYouMean } from "../config/suggest";
import { isExternalDatabase } from "../config/types";
import { realmFlows } from "../fleet/flows";
import { checkIntended } from "../fleet/matrix";
import { checkAzurePools } from "../../constructs/cluster/azure-pools";
import { gkeMaxNodes, gkeMaxPodsPerNode } from "../../constructs/cluster/gcp-pods";
import { checkRdsSubnetCount } from "../../constructs/database/aws-subnet-group";
import { checkBackupRetention, storageSizeMb } from "../../constructs/database/azure-postgres-limits";
import { checkCloudSqlTier } from "../../constructs/database/gcp-sql-tier";
import { cloudWatchRetentionDays } from "../../constructs/observability/cloudwatch-retention";
import { checkGcpAlert, checkGcpAlertEmails } from "../../constructs/observability/gcp-alert-limits";
import { checkGcpLogRetention } from "../../constructs/observability/gcp-log-limits";
import { checkContainerName } from "../../constructs/storage/azure-container-name";
import { inspectInventory, type Inventory, type InventoryResult } from "../model/inventory";
import { realmAlerts } from "../model/alerts";
import type { RealmModel } from "../model/realm-model";
import { checkDeployIdentities } from "../rollout/matrix";
import { buildRuntimeDocument, publishesRuntimeConfig } from "../runtime/document";
import { toEnv } from "../runtime/format";
import { placeholderRefs } from "../runtime/placeholders";
import { ruleContext } from "./context";
import { ALL_RULES } from "./rules";
import { runtimeDocumentProblems } from "./rules/common/rk-runtime-config";
import { applySuppressions, realmSuppressions, UNSUPPRESSIBLE_PREFIX } from "./suppressions";
import type { Finding, Rule } from "./types";
import type { StackView } from "./view/types";

/**
 * The checks later commands apply that depend on the realm files alone, run by `realmkit
 * validate` so that a passing validate means `synth`, `policy`, `pipeline` and `config` never
 * fail for a reason that lies in the realm files:
 *
 *  - suppressions: the rule exists (did-you-mean), is suppressible, has not expired;
 *  - the realm-level guardrails (`perRealm` rules: data-flow residency), with the realm's
 *    suppressions applied exactly as `realmkit policy` applies them;
 *  - data-flow destinations the fleet views must place;
 *  - the runtime configuration document (no secret values, personal data in the residency,
 *    no two settings on one environment variable);
 *  - `intended` facets the fleet matrix compares;
 *  - provider limits (log retention on AWS and GCP, Azure PostgreSQL backups and disk size,
 *    Azure container and AKS node-pool names, the GKE pod range against the pools' maximum,
 *    Cloud SQL tiers, the two zones an RDS subnet group spans, GCP alert addresses and thresholds);
 *  - the CI identities every generated pipeline needs.
 *
 * Guardrails that read synthesized resources stay with `realmkit policy`: they judge what the
 * constructs build, which a realm file cannot get wrong on its own.
 */
export function checkConfiguration(inventory: Inventory, now: Date = new Date()): RealmkitError[] {
  const ruleIds = new Set(ALL_RULES.map((r) => r.id));
  const realmRules = ALL_RULES.filter((r) => r.scope === "stack" && r.perRealm && !r.id.startsWith(UNSUPPRESSIBLE_PREFIX));
  const problems: RealmkitError[] = [];
  for (const realm of inventory.realms) {
    problems.push(...suppressionProblems(realm, ruleIds, now));
    problems.push(...realmRuleProblems(realm, realmRules, ruleIds, now));
    problems.push(...realmFlows(realm).problems);
    problems.push(...runtimeConfigProblems(realm, now));
    problems.push(...providerLimitProblems(realm));
  }
  problems.push(...collect(() => checkIntended(inventory.realms)));
  problems.push(...collect(() => checkDeployIdentities(inventory)));
  return problems;
}

/**
 * What `realmkit validate` reports: loading, layering, the schema and the model checks
 * (inspectInventory), then the checks above on the realms that passed those. The realms
 * returned are the ones with no problem at all.
 */
export function validateInventory(dir: string, now: Date = new Date()): InventoryResult {
  const inspected = inspectInventory(dir);
  const later = checkConfiguration(inspected.inventory, now);
  const failed = new Set(later.map((e) => e.realm));
  return {
    inventory: { ...inspected.inventory, realms: inspected.inventory.realms.filter((r) => !failed.has(r.id)) },
    errors: [...inspected.errors, ...later],
  };
}

function suppressionProblems(realm: RealmModel, ruleIds: ReadonlySet<string>, now: Date): RealmkitError[] {
  const at = (pointer: string): SourceLocation | undefined => locate(realm.resolved.provenance, pointer);
  return realmSuppressions(realm, now).flatMap((s): RealmkitError[] => {
    const { rule, expires } = s.suppression;
    const base = `/suppressions/${s.index}`;
    if (rule.startsWith(UNSUPPRESSIBLE_PREFIX)) {
      return [
        new RealmkitError("RK-SUPPRESSION-UNKNOWN-RULE", `\`${rule}\` cannot be suppressed: rules about suppressions always apply`, {
          location: at(`${base}/rule`),
          value: rule,
          realm: realm.id,
          fix: "remove this suppression and fix what the rule reports",
        }),
      ];
    }
    if (!ruleIds.has(rule)) {
      return [
        new RealmkitError(
          "RK-SUPPRESSION-UNKNOWN-RULE",
          `suppression names \`${rule}\`, which is not a Realmkit rule, so it suppresses nothing.${didYouMean(rule, ruleIds)}`,
          {
            location: at(`${base}/rule`),
            value: rule,
            realm: realm.id,
            fix: "write a rule id as `realmkit policy --list` shows it (e.g. RK-AWS-DB-MULTI-AZ), or remove the suppression",
          },
        ),
      ];
    }
    if (s.expired) {
      return [
        new RealmkitError(
          "RK-SUPPRESSION-EXPIRED",
          `suppression of ${rule} (approved by ${s.suppression.approvedBy}) expired on ${expires}`,
          {
            location: at(`${base}/expires`),
            value: expires,
            realm: realm.id,
            fix: "fix the finding and delete the suppression, or have it re-approved with a new `expires` date (YYYY-MM-DD)",
          },
        ),
      ];
    }
    return [];
  });
}

/** A stack view with nothing in it: realm-level rules read the realm, never the stack. */
function emptyView(realm: RealmModel): StackView {
  return {
    format: "cdktf",
    stackId: realm.targets[0]?.stackId,
    resources: [],
    dataSources: [],
    providers: [],
    backendRecorded: false,
    outputs: {},
    locals: {},
    variables: {},
  };
}

function realmRuleProblems(realm: RealmModel, rules: readonly Rule[], ruleIds: ReadonlySet<string>, now: Date): RealmkitError[] {
  const view = emptyView(realm);
  const ctx = ruleContext(view, { realm, now, ruleIds });
  const findings: Finding[] = rules
    .filter((rule) => rule.profiles.some((p) => ctx.profiles.has(p)) && rule.scope === "stack")
    .flatMap((rule) =>
      (rule.scope === "stack" ? rule.check(view, ctx) : []).map(
        (r): Finding => ({
          ruleId: rule.id,
          title: rule.title,
          severity: rule.severity,
          status: r.status,
          reason: r.reason ?? "",
          fix: rule.fix,
          stackId: view.stackId ?? realm.id,
          realm: realm.id,
          address: r.address,
          location: r.location,
        }),
      ),
    );
  return applySuppressions(findings, realm, now)
    .filter((f) => f.status === "fail" && !f.suppressed)
    .map((f) => new RealmkitError(f.ruleId, f.reason ?? f.title, { location: f.location, realm: realm.id, fix: f.fix }));
}

/** The document each publishing stack will carry, checked as RK-RUNTIME-CONFIG and the env format check it. */
function runtimeConfigProblems(realm: RealmModel, now: Date): RealmkitError[] {
  // As the user wrote it: the model's strings are escaped for Terraform, the application reads these.
  const raw: RealmModel = { ...realm, config: realm.resolved.config };
  const problems: RealmkitError[] = [];
  for (const target of realm.targets.filter(publishesRuntimeConfig)) {
    const { document } = buildRuntimeDocument(raw, target, placeholderRefs(raw, target));
    const reasons = runtimeDocumentProblems(document as unknown as Record<string, unknown>, realm.config.residency);
    const finding: Finding = {
      ruleId: "RK-RUNTIME-CONFIG",
      title: "",
      severity: "critical",
      status: "fail",
      reason: reasons.join("; "),
      fix: "",
      stackId: target.stackId,
      realm: realm.id,
      address: "runtime-config",
    };
    if (reasons.length && !applySuppressions([finding], realm, now)[0]!.suppressed) {
      problems.push(
        new RealmkitError("RK-RUNTIME-CONFIG", `the runtime configuration of ${target.stackId}: ${finding.reason}`, {
          location: documentPathLocation(realm, reasons),
          realm: realm.id,
          fix: "move credentials into the service's secret (`secret: true`); give personal-data services a `location` inside the residency, or record the approved transfer as a suppression",
        }),
      );
    }
    const settingAt = (path: string) =>
      locate(
        realm.resolved.provenance,
        `/app/settings/${path
          .replace(/^settings\./, "")
          .split(".")
          .join("/")}`,
      );
    problems.push(...collect(() => toEnv(document, settingAt)));
  }
  return problems;
}

/** The realm line behind the first document path a reason names (`settings.apiKey`, `services.crm`). */
function documentPathLocation(realm: RealmModel, reasons: readonly string[]): SourceLocation | undefined {
  const path =
    /`((?:settings|services)\.[^`]+)`/.exec(reasons.join(" "))?.[1] ??
    /service `([^`]+)`/.exec(reasons.join(" "))?.[1]?.replace(/^/, "services.");
  const pointer = path?.startsWith("settings.") ? `/app/${path.split(".").join("/")}` : path ? `/${path.split(".").join("/")}` : "/app";
  return locate(realm.resolved.provenance, pointer) ?? locate(realm.resolved.provenance, "/app");
}

/**
 * Provider limits the constructs enforce at synth time, through the same pure functions (no
 * cdktf): CloudWatch's retention periods, Cloud Logging's retention range, Azure PostgreSQL's
 * backup retention and largest disk, Azure's container names, the names AKS reserves for its
 * system pool, and the GKE pod range (a share of the realm network) against the most nodes the
 * pools may run, an explicit Cloud SQL tier, and the two zones RDS needs. Each problem is placed
 * at the realm line that set the value.
 */
function providerLimitProblems(realm: RealmModel): RealmkitError[] {
  const { config } = realm;
  const on = (provider: string, component: Parameters<RealmModel["targets"][number]["components"]["has"]>[0]) =>
    realm.targets.some((t) => t.provider === provider && t.components.has(component));
  const at = (pointer: string, run: () => unknown) =>
    collect(run).map(
      (e) =>
        new RealmkitError(e.code, e.message, {
          location: locate(realm.resolved.provenance, pointer),
          value: e.value,
          realm: realm.id,
          fix: e.fix,
        }),
    );
  const days = config.observability?.logRetentionDays;
  const db = config.database && !isExternalDatabase(config.database) ? config.database : undefined;
  const pools = config.cluster?.nodePools;
  return [
    ...(days !== undefined && on("aws", "observability")
      ? at("/observability/logRetentionDays", () => cloudWatchRetentionDays(days, realm.id))
      : []),
    ...(days !== undefined && on("gcp", "observability")
      ? at("/observability/logRetentionDays", () => checkGcpLogRetention(days, realm.id))
      : []),
    ...(db && on("azure", "database")
      ? at("/database/backupRetentionDays", () => checkBackupRetention(db.backupRetentionDays, realm.id))
      : []),
    ...(db && on("azure", "database") ? at("/database/storageGb", () => storageSizeMb(db.storageGb, realm.id)) : []),
    ...(on("azure", "storage")
      ? (config.storage?.buckets ?? []).flatMap((bucket, i) => at(`/storage/buckets/${i}`, () => checkContainerName(bucket, realm.id)))
      : []),
    ...(pools && on("azure", "cluster")
      ? pools.flatMap((pool, i) => at(`/cluster/nodePools/${i}/name`, () => checkAzurePools([pool], realm.id)))
      : []),
    ...(db?.sku !== undefined && on("gcp", "database") ? at("/database/sku", () => checkCloudSqlTier(db.sku!, realm.id)) : []),
    ...(db
      ? realm.targets
          .filter((t) => t.provider === "aws" && t.components.has("database"))
          .flatMap((t) => at("/network/zones", () => checkRdsSubnetCount(t.zones.length, realm.id)))
      : []),
    ...gkePodRangeProblems(realm, at),
    ...gcpAlertProblems(realm, at),
  ];
}

/**
 * Cloud Monitoring's needs (an address to notify, thresholds in range), on the alerts a GCP
 * target resolves from the realm's alert set, placed at the threshold's line (default or layer).
 */
function gcpAlertProblems(
  realm: RealmModel,
  at: (pointer: string, run: () => unknown) => readonly RealmkitError[],
): readonly RealmkitError[] {
  const observability = realm.config.observability;
  if (!observability) return [];
  return realm.targets
    .filter((t) => t.provider === "gcp" && t.components.has("observability"))
    .slice(0, 1)
    .flatMap((t) => [
      ...at("/observability/alertEmails", () => checkGcpAlertEmails(observability.alertEmails, realm.id)),
      ...realmAlerts(realm.config, t).flatMap((alert) =>
        at(`/observability/alerts/${alert.id}/threshold`, () => checkGcpAlert(alert, realm.id)),
      ),
    ]);
}

/**
 * The GKE pod range (`extra.pods` of the gcp layout, a share of `network.cidr`) must hold every
 * node the pools may run; placed at the network's cidr, which the user enlarges to fix it.
 */
function gkePodRangeProblems(
  realm: RealmModel,
  at: (pointer: string, run: () => unknown) => readonly RealmkitError[],
): readonly RealmkitError[] {
  const pools = realm.config.cluster?.nodePools;
  if (!pools?.length) return [];
  return realm.targets
    .filter((t) => t.provider === "gcp" && t.components.has("cluster") && t.layout.extra.pods)
    .flatMap((t) => at("/network/cidr", () => gkeMaxPodsPerNode(t.layout.extra.pods!, gkeMaxNodes(pools, t.zones.length), realm.id)));
}

function collect(run: () => unknown): readonly RealmkitError[] {
  try {
    run();
    return [];
  } catch (err) {
    const errors = userErrors(err);
    if (!errors) throw err;
    return errors;
  }
}
