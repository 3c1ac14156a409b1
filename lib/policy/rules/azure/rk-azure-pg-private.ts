import { defineResourceRule, fail, pass } from "../../types";
import { isFalse, isSet } from "../../view/values";

export default defineResourceRule({
  id: "RK-AZURE-PG-PRIVATE",
  title: "PostgreSQL flexible servers are reachable privately only",
  description: "VNet integration (delegated subnet and private DNS zone) or a private endpoint with public access off.",
  severity: "critical",
  provider: "azure",
  resourceTypes: ["azurerm_postgresql_flexible_server"],
  publicIds: { checkov: ["CKV2_AZURE_57"], partial: { CKV2_AZURE_57: "a private endpoint only; VNet integration also passes here" } },
  fix: "set `delegated_subnet_id` and `private_dns_zone_id`, or `public_network_access_enabled = false` with a private endpoint",
  check(r) {
    const v = r.values;
    if (isSet(v.delegated_subnet_id) && isSet(v.private_dns_zone_id)) return pass("VNet-integrated");
    if (isFalse(v.public_network_access_enabled)) return pass("public network access disabled");
    return fail("neither VNet-integrated (`delegated_subnet_id` + `private_dns_zone_id`) nor `public_network_access_enabled = false`");
  },
});
