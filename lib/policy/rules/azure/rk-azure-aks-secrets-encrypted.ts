import { defineResourceRule, failIfAny } from "../../types";
import { block, isSet, isTrue, show } from "../../view/values";

export default defineResourceRule({
  id: "RK-AZURE-AKS-SECRETS-ENCRYPTED",
  title: "AKS encrypts Kubernetes secrets with a key in a private Key Vault",
  description:
    "The KMS plugin encrypts etcd secrets with the realm's key; the vault stays private, which AKS reaches only through API server VNet integration.",
  severity: "high",
  provider: "azure",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  publicIds: {},
  fix: 'add `key_management_service { key_vault_key_id = <versioned key id>, key_vault_network_access = "Private" }` and `api_server_access_profile { subnet_id = <delegated subnet>, virtual_network_integration_enabled = true }`',
  check(r) {
    const kms = block(r.values, "key_management_service");
    if (!isSet(kms.key_vault_key_id)) return failIfAny(["no `key_management_service` with a `key_vault_key_id`"]);
    const problems: string[] = [];
    // The provider defaults to "Public"; the API compares case-insensitively.
    const access = kms.key_vault_network_access;
    if (typeof access !== "string" || access.toLowerCase() !== "private") {
      problems.push(`\`key_management_service.key_vault_network_access\` is ${show(access)}, not "Private" (a public vault)`);
    }
    const apiServer = block(r.values, "api_server_access_profile");
    if (!isTrue(apiServer.virtual_network_integration_enabled) || !isSet(apiServer.subnet_id)) {
      problems.push(
        "the API server has no VNet integration (`api_server_access_profile.virtual_network_integration_enabled` and `subnet_id`), which a private vault needs",
      );
    }
    return failIfAny(problems);
  },
});
