import { defineResourceRule, fail, notApplicable, pass } from "../../types";
import { asStringList } from "../../view/values";
import { engineFamily } from "../helpers";

const REQUIRED = { postgres: ["postgresql"], mysql: ["error"] } as const;

export default defineResourceRule({
  id: "RK-AWS-DB-LOGS",
  title: "RDS exports its engine logs to CloudWatch",
  description: "Engine logs (connections, errors) leave the instance, so they survive it and feed audit and alerting.",
  severity: "medium",
  provider: "aws",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  publicIds: {
    checkov: ["CKV_AWS_129"],
    partial: { CKV_AWS_129: "passes any exported log; the engine's main log (postgresql / error) is required here" },
  },
  fix: "set `enabled_cloudwatch_logs_exports` to include `postgresql` (PostgreSQL) or `error` (MySQL)",
  check(r) {
    const family = engineFamily(r.values.engine);
    if (family === "other") return notApplicable(`engine ${String(r.values.engine)} is not PostgreSQL or MySQL`);
    const exported = asStringList(r.values.enabled_cloudwatch_logs_exports);
    const missing = REQUIRED[family].filter((l) => !exported.includes(l));
    return missing.length ? fail(`\`enabled_cloudwatch_logs_exports\` lacks ${missing.join(", ")}`) : pass();
  },
});
