import type { RuntimeConfigProps } from "../../constructs/runtime";
import type { CloudTarget, RealmModel } from "../model/realm-model";
import { buildRuntimeDocument, DEFAULT_APP_SERVICE_ACCOUNT, runtimeConfigKey, type RuntimeRefs } from "../runtime/document";

/**
 * Provider-neutral props of a stack's runtime configuration store: the document as JSON text
 * (its Terraform references resolve at apply), its key and the application's service account.
 */
export function runtimeConfigProps(realm: RealmModel, target: CloudTarget, refs: RuntimeRefs): RuntimeConfigProps {
  const { document } = buildRuntimeDocument(realm, target, refs);
  return {
    realm: realm.id,
    tier: realm.config.tier,
    document: JSON.stringify(document),
    storeKey: runtimeConfigKey(target.provider, realm.id),
    serviceAccount: realm.config.app?.serviceAccount ?? DEFAULT_APP_SERVICE_ACCOUNT,
  };
}
