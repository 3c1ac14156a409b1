import { defineResourceRule, fail, notApplicable, pass } from "../../types";
import { blocks, isSet, linked } from "../../view/values";
import { engineFamily } from "../helpers";

const PARAMETER = { postgres: "rds.force_ssl", mysql: "require_secure_transport" } as const;
const ON = new Set(["1", "on", "true"]);

export default defineResourceRule({
  id: "RK-AWS-DB-TLS",
  title: "RDS refuses connections without TLS",
  description:
    "The engine's parameter group forces TLS (`rds.force_ssl = 1` for PostgreSQL, `require_secure_transport = 1` for MySQL), so no client can fall back to plain text.",
  severity: "high",
  provider: "aws",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  publicIds: { checkov: ["CKV2_AWS_69"] },
  fix: "attach a parameter group (`aws_db_parameter_group` / `aws_rds_cluster_parameter_group`) with `rds.force_ssl = 1` (PostgreSQL) or `require_secure_transport = 1` (MySQL)",
  check(r, ctx) {
    const family = engineFamily(r.values.engine);
    if (family === "other") return notApplicable(`engine ${String(r.values.engine)} is not PostgreSQL or MySQL`);
    const cluster = r.type === "aws_rds_cluster";
    const attr = cluster ? "db_cluster_parameter_group_name" : "parameter_group_name";
    const value = r.values[attr];
    if (!isSet(value)) return fail(`no \`${attr}\`: the default parameter group does not force TLS`);
    const groups = linked(ctx.stack, value, [cluster ? "aws_rds_cluster_parameter_group" : "aws_db_parameter_group"], ["name", "id"]);
    if (groups.length === 0)
      return fail(`\`${attr}\` names a parameter group outside this stack (${String(value)}); TLS cannot be verified`);
    const wanted = PARAMETER[family];
    const forced = blocks(groups[0]!.values.parameter).some((p) => p.name === wanted && ON.has(String(p.value).toLowerCase()));
    return forced ? pass() : fail(`parameter group ${groups[0]!.address} does not set \`${wanted} = 1\``);
  },
});
