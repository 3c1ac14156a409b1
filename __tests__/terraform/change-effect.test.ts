import { classifyChange, classifyChanges, effectLine, RESTART_ATTRIBUTES, SERVING_TYPES } from "../../lib/terraform/change-effect";
import { summarizePlan, type PlanJson, type PlanResourceChange } from "../../lib/terraform/plan-json";

const rc = (
  address: string,
  actions: string[],
  before: unknown = {},
  after: unknown = {},
  afterUnknown: unknown = {},
): PlanResourceChange =>
  ({
    address,
    mode: "managed",
    type: address.split(".")[0]!,
    name: address.split(".")[1]!,
    provider_name: "registry.terraform.io/hashicorp/aws",
    change: { actions, before, after, after_unknown: afterUnknown },
  }) as PlanResourceChange;

describe("change effect on the running realm", () => {
  test("a database class change restarts; a backup retention change does not", () => {
    expect(
      classifyChange(
        rc(
          "aws_db_instance.db",
          ["update"],
          { instance_class: "db.r6g.large", backup_retention_period: 7 },
          { instance_class: "db.r6g.xlarge", backup_retention_period: 7 },
        ),
      ),
    ).toMatchObject({
      effect: "restart",
      reason: "restarts: instance_class change",
    });
    expect(
      classifyChange(
        rc(
          "aws_db_instance.db",
          ["update"],
          { instance_class: "db.r6g.large", backup_retention_period: 7 },
          { instance_class: "db.r6g.large", backup_retention_period: 30 },
        ),
      ),
    ).toMatchObject({
      effect: "none",
      reason: "updated in place",
    });
  });

  test("nested blocks are read through terraform's one-element lists (Cloud SQL settings.tier)", () => {
    const before = { settings: [{ tier: "db-custom-2-7680", backup_configuration: [{ enabled: true }] }] };
    const tier = { settings: [{ tier: "db-custom-4-15360", backup_configuration: [{ enabled: true }] }] };
    const backup = { settings: [{ tier: "db-custom-2-7680", backup_configuration: [{ enabled: false }] }] };
    expect(classifyChange(rc("google_sql_database_instance.db", ["update"], before, tier)).effect).toBe("restart");
    expect(classifyChange(rc("google_sql_database_instance.db", ["update"], before, backup)).effect).toBe("none");
  });

  test("a node pool version known only after apply rolls the nodes", () => {
    expect(classifyChange(rc("aws_eks_node_group.general", ["update"], { version: "1.29" }, {}, { version: true })).effect).toBe("restart");
    expect(classifyChange(rc("azurerm_kubernetes_cluster_node_pool.general", ["update"], { max_count: 4 }, { max_count: 6 })).effect).toBe(
      "none",
    );
  });

  test("replacing or deleting a serving resource is a replacement; replacing a policy interrupts nothing", () => {
    expect(classifyChange(rc("google_container_node_pool.general", ["delete", "create"])).effect).toBe("replace");
    expect(classifyChange(rc("aws_db_instance.db", ["delete"]))).toMatchObject({ effect: "replace", reason: "deleted" });
    expect(classifyChange(rc("aws_iam_policy.p", ["create", "delete"]))).toMatchObject({
      effect: "none",
      reason: "replaced (serves no traffic)",
    });
    expect(classifyChange(rc("aws_vpc.a", ["create"])).effect).toBe("none");
  });

  test("the plan summary counts every change by effect, interrupting ones first (replacements before restarts)", () => {
    const plan = {
      resource_changes: [
        rc("aws_db_instance.db", ["update"], { engine_version: "16.3" }, { engine_version: "16.4" }),
        rc("aws_eks_node_group.general", ["delete", "create"]),
        rc("aws_s3_bucket_policy.p", ["update"], { policy: "a" }, { policy: "b" }),
        rc("aws_sns_topic.t", ["no-op"]),
        { ...rc("aws_region.r", ["read"]), mode: "data" } as PlanResourceChange,
      ],
    } as unknown as PlanJson;
    const { effects } = summarizePlan(plan);
    expect(effects).toMatchObject({ none: 1, restart: 1, replace: 1 });
    expect(effects.interrupting.map((c) => `${c.effect} ${c.address}`)).toEqual([
      "replace aws_eks_node_group.general",
      "restart aws_db_instance.db",
    ]);
    expect(effectLine(effects)).toBe("1 replace, 1 restart");
    expect(effectLine(classifyChanges([]))).toBe("no interruption");
  });

  test("every type with restart attributes is a serving type (the table cannot name a type the summary ignores)", () => {
    for (const type of RESTART_ATTRIBUTES.keys()) expect([type, SERVING_TYPES.has(type)]).toEqual([type, true]);
  });
});
