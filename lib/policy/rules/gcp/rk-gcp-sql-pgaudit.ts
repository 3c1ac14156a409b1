import { defineResourceRule, fail, notApplicable, pass } from "../../types";
import { block, blocks, show } from "../../view/values";

export default defineResourceRule({
  id: "RK-GCP-SQL-PGAUDIT",
  title: "Cloud SQL PostgreSQL audits statements with pgAudit",
  description:
    "pgAudit records schema and privilege changes; HIPAA and PCI DSS realms also audit reads and writes (access to protected data).",
  severity: "medium",
  provider: "gcp",
  resourceTypes: ["google_sql_database_instance"],
  publicIds: {
    checkov: ["CKV_GCP_110"],
    partial: { CKV_GCP_110: "checks the enable flag only; the pgaudit.log classes are checked here too" },
  },
  fix: "add `database_flags` `cloudsql.enable_pgaudit = on` and `pgaudit.log = ddl,role` (HIPAA/PCI: `ddl,role,read,write`)",
  check(r, ctx) {
    if (
      !String(r.values.database_version ?? "")
        .toUpperCase()
        .startsWith("POSTGRES")
    )
      return notApplicable("not PostgreSQL");
    const flags = new Map<string, string>();
    for (const f of blocks(block(r.values, "settings").database_flags))
      flags.set(String(f.name).toLowerCase(), String(f.value).toLowerCase());
    if (flags.get("cloudsql.enable_pgaudit") !== "on")
      return fail(`\`cloudsql.enable_pgaudit\` is ${show(flags.get("cloudsql.enable_pgaudit"))}`);
    const classes = new Set(
      (flags.get("pgaudit.log") ?? "")
        .split(",")
        .map((c) => c.trim())
        .filter(Boolean),
    );
    const all = classes.has("all");
    const needed = ["ddl", "role", ...(ctx.profiles.has("hipaa") || ctx.profiles.has("pci") ? ["read", "write"] : [])];
    const missing = all ? [] : needed.filter((c) => !classes.has(c));
    return missing.length ? fail(`\`pgaudit.log\` does not audit ${missing.join(", ")}`) : pass();
  },
});
