import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformCli } from "../../lib/terraform/cli";
import { checkDrift, driftMarkdown } from "../../lib/rollout/drift";
import { startFakeSsm } from "../helpers/fake-ssm";
import { describeTerraform, MIRROR, testPluginCache, writeStack } from "../helpers/terraform";

/** A stack with one SSM parameter on the real hashicorp/aws provider, pointed at the fake service. */
function parameterStack(endpoint: string, name: string, value: string) {
  return {
    terraform: {
      backend: { local: { path: "terraform.tfstate" } },
      required_providers: { aws: { source: "hashicorp/aws", version: "5.100.0" } },
    },
    provider: {
      aws: [
        {
          region: "us-east-1",
          skip_credentials_validation: true,
          skip_requesting_account_id: true,
          skip_metadata_api_check: "true",
          endpoints: [{ ssm: endpoint }],
        },
      ],
    },
    resource: { aws_ssm_parameter: { flag: { name, type: "String", value } } },
  };
}

/**
 * The local state terraform writes after applying `parameterStack` (taken from a real apply
 * against the fake). Exactly that: even a missing sensitivity mark on `value_wo` makes terraform
 * report the resource as changed outside it.
 */
function appliedState(name: string, value: string) {
  const attributes = {
    allowed_pattern: "",
    arn: `arn:aws:ssm:us-east-1:123456789012:parameter${name}`,
    data_type: "text",
    description: "",
    has_value_wo: null,
    id: name,
    insecure_value: null,
    key_id: "",
    name,
    overwrite: null,
    tags: {},
    tags_all: {},
    tier: "Standard",
    type: "String",
    value,
    value_wo: null,
    value_wo_version: null,
    version: 1,
  };
  return {
    version: 4,
    terraform_version: "1.5.0",
    serial: 1,
    lineage: `realmkit-drift-test-${name.replace(/\W/g, "")}`,
    outputs: {},
    resources: [
      {
        mode: "managed",
        type: "aws_ssm_parameter",
        name: "flag",
        provider: 'provider["registry.terraform.io/hashicorp/aws"]',
        instances: [
          {
            schema_version: 0,
            attributes,
            sensitive_attributes: [[{ type: "get_attr", value: "value" }], [{ type: "get_attr", value: "value_wo" }]],
            private: "bnVsbA==",
          },
        ],
      },
    ],
    check_results: null,
  };
}

describeTerraform(
  "realmkit drift offline: refresh-only plans against local state while the cloud changes behind terraform's back",
  { mirror: true },
  () => {
    jest.setTimeout(600_000);
    const root = mkdtempSync(join(tmpdir(), "realmkit-drift-"));
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    test("in sync, changed outside terraform, deleted outside terraform: each reported per realm with the resource and what happened", async () => {
      const ssm = await startFakeSsm();
      try {
        const realms = [
          { realm: "calm", name: "/realmkit/calm/flag" },
          { realm: "edited", name: "/realmkit/edited/flag" },
          { realm: "gone", name: "/realmkit/gone/flag" },
        ];
        const targets = realms.map(({ realm, name }) => {
          const dir = writeStack(root, `realm-${realm}`, parameterStack(ssm.endpoint, name, "on"));
          writeFileSync(join(dir, "terraform.tfstate"), JSON.stringify(appliedState(name, "on"), null, 2));
          ssm.parameters.set(name, { value: "on", version: 1 });
          return { stackId: `realm-${realm}`, realm, provider: "aws", dir };
        });
        // Behind terraform's back: someone edits one parameter in the console and deletes another.
        ssm.parameters.set("/realmkit/edited/flag", { value: "off", version: 2 });
        ssm.parameters.delete("/realmkit/gone/flag");

        const terraform = new TerraformCli({
          baseEnv: process.env,
          pluginCacheDir: testPluginCache(),
          mirror: MIRROR,
          offline: true,
          configDir: join(root, "tf"),
        });
        const results = await checkDrift(targets, { terraform, outDir: join(root, "out"), concurrency: 3 });
        const byRealm = new Map(results.map((r) => [r.realm, r]));
        // a stack that could not be checked says why, before any status is compared
        expect(results.filter((r) => r.status === "failed").map((r) => `${r.realm}: ${r.reason}`)).toEqual([]);

        expect(byRealm.get("calm")).toMatchObject({ status: "in-sync", resources: [] });
        expect(byRealm.get("edited")).toMatchObject({
          status: "drifted",
          resources: [{ address: "aws_ssm_parameter.flag", type: "aws_ssm_parameter", actions: ["update"] }],
        });
        expect(byRealm.get("gone")).toMatchObject({
          status: "drifted",
          resources: [{ address: "aws_ssm_parameter.flag", type: "aws_ssm_parameter", actions: ["delete"] }],
        });
        // the provider really read the fake cloud (no shortcut through the state alone)
        expect(ssm.calls.filter((c) => c === "GetParameter").length).toBeGreaterThanOrEqual(3);
        expect(ssm.calls).not.toContain("PutParameter");
        const table = driftMarkdown(results);
        expect(table).toContain("### Drift: 2 drifted, 0 not checked, 1 in sync");
        expect(table).toContain("| edited | realm-edited | drifted | aws_ssm_parameter.flag (update) |");
        expect(table).toContain("| gone | realm-gone | drifted | aws_ssm_parameter.flag (delete) |");
      } finally {
        await ssm.close();
      }
    });
  },
);
