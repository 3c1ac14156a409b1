import { defineResourceRule, fail, pass } from "../../types";
import { block, isSet } from "../../view/values";

export default defineResourceRule({
  id: "RK-AZURE-AKS-SECRETS-ENCRYPTED",
  title: "AKS encrypts Kubernetes secrets with a Key Vault key",
  description: "KMS etcd encryption with the realm key.",
  severity: "high",
  profiles: ["baseline"],
  provider: "azure",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  publicIds: {},
  fix: "add `key_management_service { key_vault_key_id = <realm key id> }`",
  check(r) {
    return isSet(block(r.values, "key_management_service").key_vault_key_id) ? pass() : fail("no `key_management_service` with a `key_vault_key_id`");
  },
});
