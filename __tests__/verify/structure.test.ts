import { App, Testing } from "../../lib/cdktf";
import { loadInventory } from "../../lib/model/inventory";
import { addRealmStacks } from "../../lib/stacks/synth";
import { checkStructure, formatStructureProblem, type StructureProblem } from "../../lib/verify/structure";
import { FIXTURE_REALMS } from "../helpers/paths";

/** Every stack of the sample inventory as the exact text `cdktf synth` writes. */
function sampleStacks(): Record<string, { provider: string; text: string }> {
  const app = Testing.app();
  const stacks = addRealmStacks(app as App, loadInventory(FIXTURE_REALMS), { backend: "local" });
  return Object.fromEntries(stacks.map((s) => [s.target.stackId, { provider: s.target.provider, text: Testing.synth(s) }]));
}

const GOOGLE = {
  terraform: { required_providers: { google: { source: "google", version: "6.50.0" } } },
  provider: { google: [{ project: "p", region: "europe-west3" }] },
};
/** A minimal valid stack plus `extra` top-level blocks. */
const stack = (extra: Record<string, unknown>) => ({ ...GOOGLE, ...extra });
const network = { name: "ibc-x-vpc", auto_create_subnetworks: false };
const kinds = (problems: readonly StructureProblem[]) => problems.map((p) => [p.kind, p.address, p.path ?? ""]);

describe("checkStructure on the sample inventory", () => {
  const stacks = sampleStacks();

  it("covers stacks of every provider", () => {
    expect(new Set(Object.values(stacks).map((s) => s.provider))).toEqual(new Set(["aws", "gcp", "azure"]));
  });

  it.each(Object.keys(stacks).sort())("%s passes", (stackId) => {
    expect(checkStructure(stacks[stackId]!.text, stackId).map(formatStructureProblem)).toEqual([]);
  });

  it("finds every reference of a real stack: removing the network breaks exactly its users", () => {
    const json = JSON.parse(stacks["realm-eu1"]!.text);
    const [vpcKey] = Object.keys(json.resource.google_compute_network);
    delete json.resource.google_compute_network;
    const problems = checkStructure(json, "realm-eu1");
    expect(new Set(problems.map((p) => p.kind))).toEqual(new Set(["unresolved-reference"]));
    const users = new Set(problems.map((p) => p.address.split(".")[0]));
    expect(users).toEqual(
      new Set([
        "google_compute_subnetwork",
        "google_compute_router",
        "google_compute_global_address",
        "google_service_networking_connection",
        "google_compute_firewall",
        "google_sql_database_instance",
        "google_dns_managed_zone",
        "google_container_cluster",
      ]),
    );
    expect(problems[0]!.message).toBe(
      `\`\${google_compute_network.${vpcKey}.id}\` refers to resource \`google_compute_network.${vpcKey}\`, which this stack does not declare`,
    );
  });

  it("finds depends_on targets of a real stack: removing a key grant breaks the instance waiting for it", () => {
    const json = JSON.parse(stacks["realm-eu1"]!.text);
    const grant = Object.keys(json.resource.google_kms_crypto_key_iam_member).find((k) => k.includes("cloudsql"))!;
    delete json.resource.google_kms_crypto_key_iam_member[grant];
    const problems = checkStructure(json, "realm-eu1");
    expect(kinds(problems)).toEqual([["unresolved-reference", expect.stringMatching(/^google_sql_database_instance\./), "depends_on[1]"]]);
  });

  it("notices a stack without its provider configuration", () => {
    const json = JSON.parse(stacks["realm-us3-gcp"]!.text);
    delete json.provider;
    const problems = checkStructure(json, "realm-us3-gcp");
    expect(problems.length).toBe(Object.values(json.resource as Record<string, object>).reduce((n, r) => n + Object.keys(r).length, 0));
    expect(new Set(problems.map((p) => p.kind))).toEqual(new Set(["missing-provider"]));
  });
});

describe("checkStructure on crafted stacks", () => {
  it("accepts a minimal valid stack", () => {
    expect(checkStructure(stack({ resource: { google_compute_network: { vpc: network } } }), "ok")).toEqual([]);
  });

  it("reports text that is not JSON", () => {
    expect(kinds(checkStructure('{"resource": ', "broken"))).toEqual([["invalid-json", "(stack)", ""]]);
  });

  describe("references", () => {
    it("reports references to undeclared resources, data sources, variables, locals and modules, with where they are", () => {
      const problems = checkStructure(
        stack({
          resource: {
            google_compute_subnetwork: {
              nodes: {
                name: "n",
                network: "${google_compute_network.missing.id}",
                ip_cidr_range: "${var.cidr}",
                region: "${data.google_client_config.c.region}",
                description: "${local.text} ${module.m.out}",
                secondary_ip_range: [{ range_name: "pods", ip_cidr_range: "${cidrsubnet(var.other, 1, 1)}" }],
              },
            },
          },
        }),
        "refs",
      );
      expect(kinds(problems)).toEqual([
        ["unresolved-reference", "google_compute_subnetwork.nodes", "network"],
        ["unresolved-reference", "google_compute_subnetwork.nodes", "ip_cidr_range"],
        ["unresolved-reference", "google_compute_subnetwork.nodes", "region"],
        ["unresolved-reference", "google_compute_subnetwork.nodes", "description"],
        ["unresolved-reference", "google_compute_subnetwork.nodes", "description"],
        ["unresolved-reference", "google_compute_subnetwork.nodes", "secondary_ip_range[0].ip_cidr_range"],
      ]);
      expect(problems.map((p) => p.message)).toEqual([
        "`${google_compute_network.missing.id}` refers to resource `google_compute_network.missing`, which this stack does not declare",
        "`${var.cidr}` refers to variable `cidr`, which this stack does not declare",
        "`${data.google_client_config.c.region}` refers to data source `google_client_config.c`, which this stack does not declare",
        "`${local.text}` refers to local value `text`, which this stack does not declare",
        "`${module.m.out}` refers to module `m`, which this stack does not declare",
        "`${var.other}` refers to variable `other`, which this stack does not declare",
      ]);
      expect(problems[0]!.fix).toContain("declared in this stack");
    });

    it("resolves what is declared, including built-ins, iterators and binders", () => {
      const problems = checkStructure(
        stack({
          variable: { cidr: { type: "string", validation: [{ condition: "${can(cidrhost(var.cidr, 0))}", error_message: "x" }] } },
          locals: { name: "${var.cidr}-x", names: "${[for n in var.names : upper(n)]}" },
          data: { google_client_config: { c: {} } },
          module: { m: { source: "./m", region: "${data.google_client_config.c.region}" } },
          resource: {
            google_compute_network: { vpc: network },
            google_compute_firewall: {
              fw: {
                count: 2,
                name: "fw-${count.index}-${local.name}",
                network: "${google_compute_network.vpc.id}",
                description: "${module.m.id} ${path.module} ${terraform.workspace}",
                dynamic: { allow: { for_each: "${var.ports}", iterator: "port", content: { protocol: "tcp", ports: ["${port.value}"] } } },
                lifecycle: { ignore_changes: ["description"], replace_triggered_by: ["google_compute_network.vpc"] },
                depends_on: ["google_compute_network.vpc", "data.google_client_config.c", "module.m"],
              },
            },
          },
          output: { fw: { value: "${google_compute_firewall.fw[0].name}", description: "not a ${template}" } },
        }),
        "resolved",
      );
      // var.names and var.ports are not declared: exactly those two are reported.
      expect(problems.map((p) => p.message)).toEqual([
        "`${var.ports}` refers to variable `ports`, which this stack does not declare",
        "`${var.names}` refers to variable `names`, which this stack does not declare",
      ]);
    });

    it("reports unresolved depends_on and replace_triggered_by entries and entries that are no reference", () => {
      const problems = checkStructure(
        stack({
          resource: {
            google_compute_network: {
              vpc: {
                ...network,
                depends_on: ["google_kms_key_ring.gone", "not a reference!"],
                lifecycle: { replace_triggered_by: ["google_compute_router.gone"] },
              },
            },
          },
        }),
        "deps",
      );
      expect(kinds(problems)).toEqual([
        ["unresolved-reference", "google_compute_network.vpc", "depends_on[0]"],
        ["invalid-expression", "google_compute_network.vpc", "depends_on[1]"],
        ["unresolved-reference", "google_compute_network.vpc", "lifecycle.replace_triggered_by[0]"],
      ]);
    });

    it("reports references from outputs, locals and provider configurations", () => {
      const problems = checkStructure(
        {
          ...stack({ output: { o: { value: "${google_storage_bucket.b.name}" } }, locals: { l: "${var.v}" } }),
          provider: { google: [{ project: "${var.project}" }] },
        },
        "elsewhere",
      );
      expect(kinds(problems)).toEqual([
        ["unresolved-reference", "output.o", "value"],
        ["unresolved-reference", "local.l", ""],
        ["unresolved-reference", "provider.google", "project"],
      ]);
    });

    it("reports an incomplete resource reference and an unterminated interpolation", () => {
      const problems = checkStructure(
        stack({
          resource: {
            google_compute_network: { vpc: { ...network, description: "${google_compute_network}" }, other: { name: "x-${var.a" } },
          },
        }),
        "malformed",
      );
      expect(kinds(problems)).toEqual([
        ["unresolved-reference", "google_compute_network.vpc", "description"],
        ["invalid-expression", "google_compute_network.other", "name"],
      ]);
      expect(problems[0]!.message).toContain("without a name");
    });
  });

  describe("providers", () => {
    it("reports a resource whose implied provider has no configuration", () => {
      const problems = checkStructure(
        stack({ resource: { google_compute_network: { vpc: network }, random_id: { suffix: { byte_length: 4 } } } }),
        "implied",
      );
      expect(kinds(problems)).toEqual([
        ["missing-provider", "random_id.suffix", ""],
        ["undeclared-provider", "random_id.suffix", ""],
      ]);
    });

    it("reports a resource naming a provider alias that is not configured, and accepts one that is", () => {
      const json = stack({
        provider: { google: [{ project: "p" }, { alias: "us", project: "p", region: "us-east4" }] },
        resource: { google_compute_network: { a: { ...network, provider: "google.us" }, b: { name: "b", provider: "google.eu" } } },
      });
      expect(kinds(checkStructure(json, "alias"))).toEqual([["missing-provider", "google_compute_network.b", "provider"]]);
    });

    it("reports a module handed a provider configuration that does not exist", () => {
      const json = stack({ module: { m: { source: "./m", providers: { google: "google.missing" } } } });
      expect(kinds(checkStructure(json, "module"))).toEqual([["missing-provider", "module.m", "providers"]]);
    });

    it("needs no configuration for Terraform's built-in provider", () => {
      expect(checkStructure(stack({ resource: { terraform_data: { marker: { input: "x" } } } }), "builtin")).toEqual([]);
    });

    it("requires azurerm's features block, which may be empty", () => {
      const azure = (config: object) => ({
        terraform: { required_providers: { azurerm: { source: "azurerm" } } },
        provider: { azurerm: [config] },
        resource: { azurerm_resource_group: { rg: { name: "rg", location: "germanywestcentral" } } },
      });
      expect(kinds(checkStructure(azure({ subscription_id: "s" }), "az"))).toEqual([["missing-required", "provider.azurerm", "features"]]);
      expect(checkStructure(azure({ subscription_id: "s", features: [{}] }), "az")).toEqual([]);
    });
  });

  describe("duplicates", () => {
    it("sees a resource declared twice through duplicate JSON keys, which JSON.parse would hide", () => {
      const text = `{
        "terraform": {"required_providers": {"google": {"source": "google"}}},
        "provider": {"google": [{"project": "p"}]},
        "resource": {
          "google_compute_network": {"vpc": {"name": "a"}, "vpc": {"name": "b"}},
          "google_kms_key_ring": {"ring": {"name": "r", "location": "europe-west3"}},
          "google_kms_key_ring": {"ring": {"name": "r2", "location": "europe-west3"}}
        },
        "output": {"o": {"value": "1"}, "o": {"value": "2"}}
      }`;
      expect(kinds(checkStructure(text, "dups"))).toEqual([
        ["duplicate-address", "google_compute_network.vpc", ""],
        ["duplicate-address", "google_kms_key_ring.ring", ""],
        ["duplicate-address", "output.o", ""],
      ]);
      expect(checkStructure(JSON.parse(text), "parsed").filter((p) => p.kind === "duplicate-address")).toEqual([]);
    });

    it("sees duplicates across the array form of blocks and duplicate provider configurations", () => {
      const json = {
        ...GOOGLE,
        provider: { google: [{ project: "p" }, { project: "q" }] },
        resource: [{ google_compute_network: { vpc: network } }, { google_compute_network: { vpc: network } }],
      };
      expect(kinds(checkStructure(json, "arrays"))).toEqual([
        ["duplicate-address", "provider.google", ""],
        ["duplicate-address", "google_compute_network.vpc", ""],
      ]);
    });

    it("reports two resources of a type with the same literal cloud name, and accepts the same name in another scope", () => {
      const bucket = { name: "ibc-x-docs", location: "EU" };
      const pool = (cluster: string) => ({ name: "general", cluster });
      const problems = checkStructure(
        stack({
          resource: {
            google_storage_bucket: { a: bucket, b: bucket, c: { ...bucket, name: "${var.computed}" } },
            google_container_node_pool: { p1: pool("c1"), p2: pool("c2") },
          },
          variable: { computed: {} },
        }),
        "names",
      );
      expect(kinds(problems)).toEqual([["duplicate-name", "google_storage_bucket.b", "name"]]);
      expect(problems[0]!.message).toContain("google_storage_bucket.a");
    });
  });

  describe("required arguments and empty blocks", () => {
    it("reports missing required arguments and required blocks that are empty", () => {
      const problems = checkStructure(
        stack({
          resource: {
            google_sql_database_instance: {
              db: { database_version: "POSTGRES_16", settings: { ip_configuration: { ipv4_enabled: false } } },
            },
            google_secret_manager_secret: { s: { secret_id: "s", replication: {} } },
            google_compute_firewall: { fw: { name: "fw", network: "n" } },
            google_monitoring_alert_policy: { p: { display_name: "p", combiner: "OR", conditions: [{}] } },
          },
        }),
        "required",
      );
      expect(kinds(problems)).toEqual([
        ["missing-required", "google_sql_database_instance.db", "settings.tier"],
        ["missing-required", "google_secret_manager_secret.s", "replication"],
        ["missing-required", "google_compute_firewall.fw", "allow|deny"],
        ["missing-required", "google_monitoring_alert_policy.p", "conditions"],
        ["empty-block", "google_monitoring_alert_policy.p", "conditions[0]"],
      ]);
    });

    it("judges an optional block by what it lacks inside, and each element of a block list", () => {
      const problems = checkStructure(
        stack({
          resource: {
            google_storage_bucket: { b: { name: "b", location: "EU", encryption: {}, versioning: { enabled: false } } },
            google_compute_subnetwork: {
              s: {
                name: "s",
                network: "n",
                ip_cidr_range: "10.0.0.0/24",
                secondary_ip_range: [{ range_name: "pods", ip_cidr_range: "10.1.0.0/16" }, { ip_cidr_range: "10.2.0.0/16" }],
              },
            },
          },
        }),
        "optional",
      );
      expect(kinds(problems)).toEqual([
        ["missing-required", "google_storage_bucket.b", "encryption.default_kms_key_name"],
        ["missing-required", "google_compute_subnetwork.s", "secondary_ip_range[1].range_name"],
      ]);
    });

    it("reports an empty element in a list of blocks, except where an empty block means something", () => {
      const problems = checkStructure(
        {
          terraform: { required_providers: { aws: { source: "hashicorp/aws" } } },
          provider: { aws: [{ region: "us-east-2" }] },
          resource: {
            aws_security_group: { sg: { name: "sg", ingress: [], egress: [{ protocol: "-1" }, {}] } },
            aws_s3_bucket_lifecycle_configuration: { l: { bucket: "b", rule: [{ id: "r", status: "Enabled", filter: [{}] }] } },
          },
        },
        "empty",
      );
      expect(kinds(problems)).toEqual([["empty-block", "aws_security_group.sg", "egress[1]"]]);
    });
  });

  it("formats a problem on one line with its fix", () => {
    const [problem] = checkStructure(stack({ resource: { google_compute_network: { vpc: { name: "${var.n}" } } } }), "realm-x");
    expect(formatStructureProblem(problem!)).toBe(
      "realm-x  google_compute_network.vpc name  unresolved-reference: `${var.n}` refers to variable `n`, which this stack does not declare (fix: reference a block declared in this stack (values from another stack need an output and remote state, or a variable))",
    );
  });
});
