import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inspectInventory } from "../../lib/model/inventory";
import { realmkit } from "../helpers/cli";
import { removeInventory, tempInventory } from "../helpers/inventory";
import { FIXTURE_REALMS } from "../helpers/paths";

/** stg1 moved into us2's AWS account and region: both forward to datadoghq.com with the default secret name. */
function sharedAccount(extra = ""): string {
  const stg1 = readFileSync(join(FIXTURE_REALMS, "stg1.yaml"), "utf8")
    .replace(/region: us-west-2/, "region: us-east-2")
    .replace(/account: "444455556666"/, 'account: "111122223333"');
  return tempInventory({ "stg1.yaml": `${stg1}${extra}` }, "samples");
}

describe("the Datadog API key secret name is unique per AWS account and region", () => {
  test("two forwarding realms in one account and region: validate exits 1 naming both places and the fix", () => {
    const dir = sharedAccount();
    try {
      const errors = inspectInventory(dir).errors.filter((e) => e.code === "RK-CONFIG-DUPLICATE-SECRET");
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toMatch(
        /secret `ibc-datadog-api-key` in aws account 111122223333 us-east-2 is also created by realm `(us2|stg1)`/,
      );
      const r = realmkit(["validate", "--realms", dir]);
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toMatch(/_defaults\.yaml:\d+:\d+ +error +RK-CONFIG-DUPLICATE-SECRET/);
      expect(r.stdout + r.stderr).toContain("apiKeySecretName");
      expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      removeInventory(dir);
    }
  });

  test("with its own secret name the same realm validates", () => {
    const dir = sharedAccount("observability: { datadog: { apiKeySecretName: stg1-datadog-api-key } }\n");
    try {
      const r = realmkit(["validate", "--realms", dir]);
      expect([r.code, r.stdout + r.stderr]).toEqual([0, expect.stringContaining("realms valid")]);
    } finally {
      removeInventory(dir);
    }
  });
});
