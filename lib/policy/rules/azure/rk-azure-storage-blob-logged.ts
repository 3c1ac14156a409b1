import { defineResourceRule, fail, pass } from "../../types";
import { blocks, refersTo } from "../../view/values";
import { azureDiagnosticsDestination } from "../log-destinations";

export default defineResourceRule({
  id: "RK-AZURE-STORAGE-BLOB-LOGGED",
  title: "Reads and writes of blobs are logged",
  description:
    "A diagnostic setting on the account's blob service sends StorageRead and StorageWrite logs to a workspace or archive, so auditors can say who touched which data.",
  severity: "medium",
  provider: "azure",
  resourceTypes: ["azurerm_storage_account"],
  publicIds: { checkov: ["CKV2_AZURE_21"], partial: { CKV2_AZURE_21: "read requests only; writes are required here too" } },
  fix: 'add an `azurerm_monitor_diagnostic_setting` with `target_resource_id = "${<account>.id}/blobServices/default"` and `enabled_log` StorageRead, StorageWrite (or category_group audit/allLogs)',
  check(r, ctx) {
    const settings = ctx.stack.resources.filter(
      (d) =>
        d.type === "azurerm_monitor_diagnostic_setting" &&
        refersTo(d.values.target_resource_id, r.address) &&
        /\/blobservices\/default/i.test(String(d.values.target_resource_id)),
    );
    if (settings.length === 0) return fail("no diagnostic setting on the blob service (`<account id>/blobServices/default`)");
    const logged = new Set<string>();
    for (const s of settings) {
      for (const log of [...blocks(s.values.enabled_log), ...blocks(s.values.log).filter((l) => l.enabled !== false)]) {
        if (typeof log.category === "string") logged.add(log.category.toLowerCase());
        if (typeof log.category_group === "string") logged.add(`group:${log.category_group.toLowerCase()}`);
      }
    }
    const all = logged.has("group:alllogs") || logged.has("group:audit");
    const missing = all ? [] : ["StorageRead", "StorageWrite"].filter((c) => !logged.has(c.toLowerCase()));
    if (missing.length) return fail(`the blob service's diagnostic setting does not collect ${missing.join(" or ")}`);
    const problems = settings.map((s) => azureDiagnosticsDestination(ctx.stack, s));
    return problems.some((p) => p === undefined) ? pass() : fail(problems.join("; "));
  },
});
