import { defineResourceRule, failIfAny, notApplicable } from "../../types";
import { asNumber, isSet, isTrue, sameText } from "../../view/values";

export default defineResourceRule({
  id: "RK-AZURE-PG-BACKUP",
  title: "PostgreSQL flexible servers keep 7+ days of backups (geo-redundant in prod)",
  description:
    "Backups for point-in-time restore; in prod a geo-redundant copy survives the loss of the region (the paired region must lie inside the realm's residency).",
  severity: "medium",
  provider: "azure",
  resourceTypes: ["azurerm_postgresql_flexible_server"],
  publicIds: {
    checkov: ["CKV_AZURE_136"],
    partial: { CKV_AZURE_136: "geo-redundant backups in every tier; retention is checked here too and geo-redundancy in prod only" },
  },
  fix: "set `backup_retention_days` to 7 or more and, in prod, `geo_redundant_backup_enabled = true`",
  check(r, ctx) {
    // A replica has no backups of its own (Azure backs up the primary); its settings are ignored.
    if (
      sameText(r.values.create_mode, "Replica") ||
      (isSet(r.values.source_server_id) &&
        !sameText(r.values.create_mode, "PointInTimeRestore") &&
        !sameText(r.values.create_mode, "GeoRestore"))
    ) {
      return notApplicable("read replica: Azure keeps no backups of replicas; the primary's backups cover the data");
    }
    const days = asNumber(r.values.backup_retention_days) ?? 7;
    const prod = ctx.tier === "prod" || ctx.tier === undefined;
    return failIfAny([
      ...(days < 7 ? [`\`backup_retention_days\` is ${days}`] : []),
      ...(prod && !isTrue(r.values.geo_redundant_backup_enabled)
        ? [`\`geo_redundant_backup_enabled\` is not true in ${ctx.tier ?? "a realm of unknown tier"}`]
        : []),
    ]);
  },
});
