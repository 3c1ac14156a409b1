import { AzurermBackend, GcsBackend, LocalBackend, S3Backend, type TerraformStack } from "../cdktf";
import { RealmkitError } from "../config/errors";
import { DEFAULTS_FILE } from "../config/load";
import type { RealmConfig } from "../config/types";
import { destinationOf } from "../model/aggregator-sites";
import type { Inventory } from "../model/inventory";
import { checkFleetStateAgreement } from "../model/fleet-state-checks";
import type { BackendMode } from "./kit";

export type FleetState = NonNullable<NonNullable<RealmConfig["observability"]>["fleetState"]>;

/** The state file's key (S3 object, Azure blob) when `key` is not set. */
export const FLEET_STATE_KEY = "fleet/fleet-observability.tfstate";
/** The GCS folder when `prefix` is not set; the stack's state lives in `<prefix>/fleet-observability/`. */
export const FLEET_STATE_PREFIX = "fleet";

/**
 * The backend of the fleet-observability stack: with `--backend local` a state file beside the
 * stack, otherwise the remote store `observability.fleetState` names for the whole inventory,
 * with the protections realm stacks get: S3 encrypted and locked by an S3 lock file, GCS and
 * Azure blobs locked by the store itself (Azure signed in with Entra ID, no account key).
 */
export function configureFleetBackend(stack: TerraformStack, stackId: string, inventory: Inventory, backend: BackendMode): void {
  if (backend === "local") {
    new LocalBackend(stack, { path: `terraform.${stackId}.tfstate` });
    return;
  }
  const state = fleetStateOf(inventory);
  if (state.aws) {
    const s3 = new S3Backend(stack, {
      bucket: state.aws.bucket,
      region: state.aws.region,
      key: state.aws.key ?? FLEET_STATE_KEY,
      encrypt: true,
    });
    // cdktf 0.21's S3Backend has no field for S3-native locking yet (as for realm stacks).
    s3.addOverride("use_lockfile", true);
  } else if (state.gcp) {
    new GcsBackend(stack, { bucket: state.gcp.bucket, prefix: `${state.gcp.prefix ?? FLEET_STATE_PREFIX}/${stackId}` });
  } else if (state.azure) {
    new AzurermBackend(stack, {
      subscriptionId: state.azure.subscriptionId,
      ...(state.azure.tenantId ? { tenantId: state.azure.tenantId } : {}),
      resourceGroupName: state.azure.resourceGroup,
      storageAccountName: state.azure.storageAccount,
      containerName: state.azure.container,
      key: state.azure.key ?? FLEET_STATE_KEY,
      useAzureadAuth: true,
    });
  }
}

/**
 * The one `observability.fleetState` of the realms in the fleet stack. Validation refuses it
 * outside _defaults.yaml and realms that disagree; the same check here guards stacks built from
 * realms that skipped validation.
 */
export function fleetStateOf(inventory: Inventory): FleetState {
  const resolved = inventory.realms.map((r) => r.resolved);
  const [disagreement] = checkFleetStateAgreement(resolved);
  if (disagreement) throw disagreement;
  // Realms without an aggregator are not in the stack: what they inherit does not matter to it.
  const state = resolved.find((r) => destinationOf(r.config) !== undefined)?.config.observability?.fleetState;
  if (!state || Object.keys(state).length !== 1) {
    throw new RealmkitError("RK-CONFIG-NO-STATE", "no remote state settings for the fleet-observability stack", {
      fix: `add \`observability.fleetState\` with one of aws (bucket, region), gcp (bucket) or azure (subscriptionId, resourceGroup, storageAccount, container) to realms/${DEFAULTS_FILE}, or synthesize with --backend local`,
    });
  }
  return state;
}
