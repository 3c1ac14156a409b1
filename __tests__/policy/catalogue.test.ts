import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { catalogue, catalogueMarkdown } from "../../lib/policy/catalogue";
import { ALL_RULES } from "../../lib/policy/rules";
import { replaceBetweenMarkers } from "../../scripts/readme-markers";
import { realmkit } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/synth";

describe("the rule catalogue in docs", () => {
  test("docs/guardrails-table.md is generated from the rules and current (npm run docs:rules)", () => {
    expect(readFileSync(join(REPO_ROOT, "docs", "guardrails-table.md"), "utf8")).toBe(catalogueMarkdown());
  });

  test("the README's guardrails block, once it has one, is current too", () => {
    const readme = join(REPO_ROOT, "README.md");
    const text = existsSync(readme) ? readFileSync(readme, "utf8") : "";
    const updated = replaceBetweenMarkers(text, catalogueMarkdown());
    if (updated !== undefined) expect(text).toBe(updated);
    else expect(text).not.toContain("realmkit:guardrails:start");
  });

  test("the table has one row per rule with its id, cloud, severity and profiles", () => {
    const rows = catalogueMarkdown().trim().split("\n").slice(2);
    expect(rows).toHaveLength(ALL_RULES.length);
    expect(rows).toContain(
      "| `RK-AWS-DB-ENCRYPTED` | AWS | RDS storage is encrypted with a customer-managed KMS key | high | baseline, soc2, hipaa, gdpr, pci | `aws_db_instance`, `aws_rds_cluster` | SOC 2 CC6.1; HIPAA Security Rule §164.312(a)(2)(iv); GDPR Art. 32(1)(a); PCI DSS 3.5.1 | CKV_AWS_16 (partial: checks `storage_encrypted` only; a customer-managed key is required here too), AWS-0080 (partial: checks instance storage encryption only; a customer-managed key is required here too), AWS-0079 |",
    );
  });

  test("realmkit policy --list --format json prints the catalogue", () => {
    const { code, stdout } = realmkit(["policy", "--list", "--format", "json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(JSON.parse(JSON.stringify(catalogue())));
  });
});
