import { PROTECTED_TYPES, statefulType } from "../../stateful";
import { defineResourceRule, fail, notApplicable, pass } from "../../types";

export default defineResourceRule({
  id: "RK-STATEFUL-PREVENT-DESTROY",
  title: "Stateful resources carry lifecycle.prevent_destroy",
  description:
    "Terraform refuses any plan that would destroy a database, key, bucket, vault, disk or DNS zone (keys in every tier; other data outside dev). Plan JSON does not record lifecycle: there `realmkit plan-check` is the guard.",
  severity: "high",
  provider: "any",
  resourceTypes: PROTECTED_TYPES,
  appliesTo: "databases, keys, buckets, vaults, disks, DNS zones",
  publicIds: {},
  fix: "set `lifecycle { prevent_destroy = true }` (cdktf: `lifecycle: { preventDestroy: true }`) on the resource",
  check(r, ctx) {
    const stateful = statefulType(r.type)!;
    if (ctx.tier === "dev" && !stateful.alwaysProtected) return notApplicable("tier dev keeps data unprotected by design");
    if (!r.lifecycle)
      return notApplicable("plan JSON does not record lifecycle; check the cdk.tf.json and gate plans with `realmkit plan-check`");
    return r.lifecycle.preventDestroy ? pass() : fail("`lifecycle.prevent_destroy` is not true");
  },
});
