import { PROTECTED_TYPES, statefulType } from "../../stateful";
import { defineResourceRule, notApplicable, pass } from "../../types";

export default defineResourceRule({
  id: "RK-STATEFUL-DELETION-PROTECTION",
  title: "Stateful resources have cloud-side deletion protection",
  description:
    "Databases, keys, buckets, vaults, disks and DNS zones refuse deletion on the cloud side where the cloud offers a switch (deletion protection, waiting periods, no force-destroy, Azure CanNotDelete locks). Keys in every tier; other data outside dev.",
  severity: "high",
  provider: "any",
  resourceTypes: PROTECTED_TYPES,
  appliesTo: "databases, keys, buckets, vaults, disks, DNS zones",
  publicIds: {
    checkov: ["CKV_AWS_293", "CKV_AWS_139"],
    trivy: ["AWS-0177", "AWS-0343"],
    partial: {
      CKV_AWS_293: "RDS instances only; every stateful type is checked here",
      CKV_AWS_139: "RDS clusters only; every stateful type is checked here",
      "AWS-0177": "RDS instances only; every stateful type is checked here",
      "AWS-0343": "RDS clusters only; every stateful type is checked here",
    },
  },
  fix: "turn on the resource's deletion protection (e.g. `deletion_protection = true`, `settings.deletion_protection_enabled = true`, no `force_destroy`, an azurerm_management_lock CanNotDelete); realm tier dev is exempt except for keys",
  check(r, ctx) {
    const stateful = statefulType(r.type)!;
    if (ctx.tier === "dev" && !stateful.alwaysProtected) return notApplicable("tier dev keeps data unprotected by design");
    if (!stateful.cloudGuard) return pass(`${r.type} has no cloud-side deletion switch; prevent_destroy and plan-check guard it`);
    return stateful.cloudGuard(r, ctx.stack);
  },
});
