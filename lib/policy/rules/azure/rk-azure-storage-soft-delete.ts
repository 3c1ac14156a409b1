import { defineResourceRule, failIfAny } from "../../types";
import { asNumber, block, blocks } from "../../view/values";

export const MIN_SOFT_DELETE_DAYS = 7;

export default defineResourceRule({
  id: "RK-AZURE-STORAGE-SOFT-DELETE",
  title: `Storage accounts keep deleted blobs and containers for ${MIN_SOFT_DELETE_DAYS} days or more`,
  description: "Soft delete makes deleted blobs and containers recoverable.",
  severity: "medium",
  provider: "azure",
  resourceTypes: ["azurerm_storage_account"],
  publicIds: { checkov: ["CKV2_AZURE_38"] },
  fix: `set \`blob_properties { delete_retention_policy { days = ${MIN_SOFT_DELETE_DAYS} } container_delete_retention_policy { days = ${MIN_SOFT_DELETE_DAYS} } }\``,
  check(r) {
    const props = block(r.values, "blob_properties");
    const days = (name: string): number | undefined => {
      const policy = blocks(props[name])[0];
      return policy ? (asNumber(policy.days) ?? 7) : undefined;
    };
    const problems: string[] = [];
    for (const name of ["delete_retention_policy", "container_delete_retention_policy"]) {
      const d = days(name);
      if (d === undefined) problems.push(`no \`blob_properties.${name}\``);
      else if (d < MIN_SOFT_DELETE_DAYS) problems.push(`\`blob_properties.${name}.days\` is ${d}`);
    }
    return failIfAny(problems);
  },
});
