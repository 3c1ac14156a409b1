import { defineResourceRule, failIfAny } from "../../types";
import { asNumber, isTrue } from "../../view/values";

export default defineResourceRule({
  id: "RK-AZURE-PG-BACKUP",
  title: "PostgreSQL flexible servers keep 7+ days of backups (geo-redundant in prod)",
  description: "Backups for point-in-time restore; in prod a geo-redundant copy survives the loss of the region (the paired region must lie inside the realm's residency).",
  severity: "medium",
  profiles: ["soc2", "hipaa", "pci"],
  provider: "azure",
  resourceTypes: ["azurerm_postgresql_flexible_server"],
  publicIds: { checkov: ["CKV_AZURE_136"] },
  fix: "set `backup_retention_days` to 7 or more and, in prod, `geo_redundant_backup_enabled = true`",
  check(r, ctx) {
    const days = asNumber(r.values.backup_retention_days) ?? 7;
    const prod = ctx.tier === "prod" || ctx.tier === undefined;
    return failIfAny([
      ...(days < 7 ? [`\`backup_retention_days\` is ${days}`] : []),
      ...(prod && !isTrue(r.values.geo_redundant_backup_enabled) ? [`\`geo_redundant_backup_enabled\` is not true in ${ctx.tier ?? "a realm of unknown tier"}`] : []),
    ]);
  },
});
