import { defineResourceRule, failIfAny } from "../../types";
import { block, blocks, isFalse, isTrue } from "../../view/values";

export default defineResourceRule({
  id: "RK-AZURE-AKS-LOCAL-ACCOUNTS",
  title: "AKS uses Entra ID with Azure RBAC and has no local accounts",
  description: "Every access to the cluster is an Entra ID identity checked by Azure RBAC; no static admin credentials exist.",
  severity: "high",
  provider: "azure",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  publicIds: {
    checkov: ["CKV_AZURE_141", "CKV_AZURE_5"],
    partial: { CKV_AZURE_5: "Kubernetes RBAC only; Entra ID with Azure RBAC is required here" },
  },
  fix: "set `local_account_disabled = true` and `azure_active_directory_role_based_access_control { azure_rbac_enabled = true }`",
  check(r) {
    const aad = blocks(r.values.azure_active_directory_role_based_access_control);
    return failIfAny([
      ...(isTrue(r.values.local_account_disabled) ? [] : ["`local_account_disabled` is not true"]),
      ...(isFalse(r.values.role_based_access_control_enabled) ? ["`role_based_access_control_enabled = false`"] : []),
      ...(aad.length && isTrue(block(r.values, "azure_active_directory_role_based_access_control").azure_rbac_enabled)
        ? []
        : ["no `azure_active_directory_role_based_access_control` with `azure_rbac_enabled = true`"]),
    ]);
  },
});
