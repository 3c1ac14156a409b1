import { defineResourceRule, failIfAny } from "../../types";
import { isFalse } from "../../view/values";

const WEAK_TLS = new Set(["TLS1_0", "TLS1_1"]);

export default defineResourceRule({
  id: "RK-AZURE-STORAGE-SECURE-TRANSPORT",
  title: "Storage accounts accept HTTPS only, with TLS 1.2 or later",
  description: "Plain HTTP and old TLS versions are refused.",
  severity: "high",
  provider: "azure",
  resourceTypes: ["azurerm_storage_account"],
  publicIds: { checkov: ["CKV_AZURE_3", "CKV_AZURE_44"], trivy: ["AZU-0011"] },
  fix: 'keep `https_traffic_only_enabled = true` and `min_tls_version = "TLS1_2"` (both azurerm 4.x defaults)',
  check(r) {
    return failIfAny([
      ...(isFalse(r.values.https_traffic_only_enabled) ? ["`https_traffic_only_enabled = false`"] : []),
      ...(WEAK_TLS.has(String(r.values.min_tls_version).toUpperCase())
        ? [`\`min_tls_version\` is ${String(r.values.min_tls_version)}`]
        : []),
    ]);
  },
});
