import { evaluate } from "../../lib/policy/engine";
import { ALL_RULES } from "../../lib/policy/rules";
import { PROFILES, isViolation } from "../../lib/policy/types";
import { fromTerraformJson } from "../../lib/policy/view/cdktf";
import { tf } from "./fixtures/tf";
import { runRule } from "./helpers";

/** The engine gives a verdict, or a rule error, on every valid form of Terraform JSON. */
const view = (json: unknown) => fromTerraformJson(json as Record<string, unknown>, "stack.tf.json");
const statusOf = (id: string, json: unknown, address: string) => {
  const f = runRule(id, json as ReturnType<typeof tf>).filter((x) => x.address === address);
  expect(f).toHaveLength(1);
  return { status: f[0]!.status, reason: f[0]!.reason ?? "" };
};

describe("the Terraform JSON reader", () => {
  test("folds one-element list bodies, list sections and several locals blocks into one shape", () => {
    const v = view({
      resource: [{ aws_kms_key: { a: [{ enable_key_rotation: true }] } }, { aws_kms_key: { b: { enable_key_rotation: false } } }],
      data: { aws_iam_policy_document: { p: [{ statement: [] }] } },
      locals: [{ x: 1 }, { y: "two" }],
      variable: { port: [{ default: 22 }] },
      output: { o: [{ value: "v", sensitive: true }] },
    });
    expect(v.resources.map((r) => [r.address, r.values.enable_key_rotation])).toEqual([
      ["aws_kms_key.a", true],
      ["aws_kms_key.b", false],
    ]);
    expect(v.dataSources.map((d) => d.address)).toEqual(["data.aws_iam_policy_document.p"]);
    expect(v.locals).toEqual({ x: 1, y: "two" });
    expect([v.variables.port!.default, v.outputs.o!.sensitive]).toEqual([22, true]);
    expect(v.unreadable).toEqual([]);
  });

  test("resolves variable defaults and literal locals where rules read values", () => {
    const v = view({
      variable: { port: { default: 22 }, open: { default: "0.0.0.0/0" }, free: {} },
      locals: { cidrs: ["0.0.0.0/0"] },
      resource: {
        aws_security_group_rule: {
          r: {
            type: "ingress",
            from_port: "${var.port}",
            to_port: "${var.port}",
            protocol: "tcp",
            cidr_blocks: "${local.cidrs}",
            description: "ssh ${var.port} from ${var.free}",
          },
        },
      },
    });
    expect(v.resources[0]!.values).toMatchObject({ from_port: 22, cidr_blocks: ["0.0.0.0/0"], description: "ssh 22 from ${var.free}" });
  });

  test("records a body it cannot read instead of skipping it", () => {
    const v = view({
      resource: { aws_s3_bucket: { two: [{ bucket: "a" }, { bucket: "b" }], empty: [], text: "bucket" }, aws_kms_key: "k" },
      variable: { v: 3 },
    });
    expect(v.unreadable!.map((u) => u.address).sort()).toEqual([
      "aws_kms_key",
      "aws_s3_bucket.empty",
      "aws_s3_bucket.text",
      "aws_s3_bucket.two",
      "var.v",
    ]);
  });

  test("a section that is not an object of blocks is unreadable, and RK-NO-SECRETS reports it", () => {
    const v = view({ resource: "x", data: [1], output: null, provider: { aws: [{ region: "eu-central-1" }] } });
    expect(v.unreadable!.map((u) => u.address).sort()).toEqual(["data", "output", "resource"]);
    const errors = evaluate([{ view: v }])
      .findings.filter((f) => f.status === "error")
      .map((f) => `${f.ruleId} ${f.address}`);
    expect(errors.sort()).toEqual(["RK-NO-SECRETS data", "RK-NO-SECRETS output", "RK-NO-SECRETS resource"]);
  });
});

describe("the engine on forms it cannot judge", () => {
  test("an unreadable body is a rule error for every rule of its type and for the rules that read every block", () => {
    const json = { ...tf({}), resource: { aws_s3_bucket: { two: [{ bucket: "a" }, { bucket: "b" }] } } };
    const findings = evaluate([{ view: view(json) }], { profiles: [...PROFILES] }).findings.filter(
      (f) => f.address === "aws_s3_bucket.two",
    );
    const s3Rules = ALL_RULES.filter((r) => r.scope === "resource" && r.resourceTypes.includes("aws_s3_bucket")).map((r) => r.id);
    expect(findings.map((f) => f.ruleId).sort()).toEqual([...s3Rules, "RK-NO-SECRETS"].sort());
    for (const f of findings) {
      expect(f.status).toBe("error");
      expect(f.reason).toMatch(/^cannot read the block: the body is a list of 2 objects/);
      expect(isViolation(f)).toBe(true);
    }
  });

  test("a dynamic block the rule would read is reported as cannot evaluate, never as a pass", () => {
    const sg = {
      name: "web",
      dynamic: {
        ingress: {
          for_each: "${var.rules}",
          content: { from_port: "${ingress.value}", to_port: "${ingress.value}", protocol: "tcp", cidr_blocks: ["0.0.0.0/0"] },
        },
      },
    };
    const r = statusOf("RK-AWS-SG-NO-ADMIN-INGRESS", tf({ aws_security_group: { web: sg } }), "aws_security_group.web");
    expect(r.status).toBe("error");
    expect(r.reason).toMatch(/^cannot evaluate: `ingress` comes from a `dynamic "ingress"` block/);
  });

  test("a value left to a variable without a default is cannot evaluate; with a default it is judged", () => {
    const rule = (port: string) => ({
      type: "ingress",
      from_port: port,
      to_port: port,
      protocol: "tcp",
      cidr_blocks: ["0.0.0.0/0"],
      security_group_id: "sg",
    });
    const open = statusOf(
      "RK-AWS-SG-NO-ADMIN-INGRESS",
      tf({ aws_security_group_rule: { r: rule("${var.port}") } }, { variable: { port: {} } }),
      "aws_security_group_rule.r",
    );
    expect(open).toEqual({
      status: "error",
      reason: 'cannot evaluate: `from_port` is the expression "${var.port}"; `to_port` is the expression "${var.port}"',
    });
    const known = statusOf(
      "RK-AWS-SG-NO-ADMIN-INGRESS",
      tf({ aws_security_group_rule: { r: rule("${var.port}") } }, { variable: { port: { default: 22 } } }),
      "aws_security_group_rule.r",
    );
    expect(known.status).toBe("fail");
  });

  test("a failure stays a failure even when other values are open", () => {
    const key = { enable_key_rotation: false, description: "${var.what}" };
    expect(statusOf("RK-AWS-KMS-ROTATION", tf({ aws_kms_key: { k: key } }), "aws_kms_key.k").status).toBe("fail");
  });

  test("references to other resources are not open values: linking and 'is set' checks judge them", () => {
    expect(
      statusOf(
        "RK-AWS-SECRETS-CMK",
        tf({ aws_secretsmanager_secret: { s: { name: "s", kms_key_id: "${aws_kms_key.k.arn}" } } }),
        "aws_secretsmanager_secret.s",
      ).status,
    ).toBe("pass");
  });

  test("numbers where strings are usual and any letter case Azure accepts", () => {
    const nsgRule = (extra: Record<string, unknown>) => ({
      name: "r",
      network_security_group_name: "n",
      resource_group_name: "rg",
      priority: 100,
      source_port_range: "*",
      ...extra,
    });
    const json = tf({
      azurerm_network_security_rule: {
        lower: nsgRule({
          direction: "inbound",
          access: "allow",
          protocol: "tcp",
          source_address_prefix: "internet",
          destination_port_range: 22,
        }),
        upper: nsgRule({
          direction: "INBOUND",
          access: "ALLOW",
          protocol: "TCP",
          source_address_prefix: "*",
          destination_port_ranges: [3389],
        }),
        deny: nsgRule({
          direction: "inbound",
          access: "deny",
          protocol: "tcp",
          source_address_prefix: "internet",
          destination_port_range: 22,
        }),
      },
      google_compute_firewall: {
        fw: { name: "fw", network: "n", direction: "ingress", source_ranges: ["0.0.0.0/0"], allow: [{ protocol: "tcp", ports: [22] }] },
      },
    });
    expect(statusOf("RK-AZURE-NSG-NO-ADMIN-INGRESS", json, "azurerm_network_security_rule.lower").status).toBe("fail");
    expect(statusOf("RK-AZURE-NSG-NO-ADMIN-INGRESS", json, "azurerm_network_security_rule.upper").status).toBe("fail");
    expect(statusOf("RK-AZURE-NSG-NO-ADMIN-INGRESS", json, "azurerm_network_security_rule.deny").status).toBe("pass");
    expect(statusOf("RK-GCP-FIREWALL-NO-ADMIN-INGRESS", json, "google_compute_firewall.fw").status).toBe("fail");
  });
});

describe("hostile names in the configuration", () => {
  test("`__proto__` and `constructor` as type, name, variable and local are read as names, never as prototypes", () => {
    const json = JSON.parse(
      '{"resource":{"aws_s3_bucket":{"__proto__":{"bucket":"p"},"constructor":{"bucket":"c"}},"__proto__":{"x":{"a":1}}},"variable":{"__proto__":{"default":22}},"locals":{"constructor":"0.0.0.0/0"}}',
    ) as Record<string, unknown>;
    const v = view(json);
    expect(v.resources.map((r) => r.address).sort()).toEqual(["__proto__.x", "aws_s3_bucket.__proto__", "aws_s3_bucket.constructor"]);
    expect(Object.keys(v.variables)).toEqual(["__proto__"]);
    expect(v.variables.__proto__!.default).toBe(22);
    expect(v.locals.constructor).toBe("0.0.0.0/0");
    expect(({} as Record<string, unknown>).bucket).toBeUndefined();
  });

  test("an ingress port from a variable named __proto__ is resolved and judged", () => {
    const json = JSON.parse(
      '{"variable":{"__proto__":{"default":22}},"resource":{"aws_security_group_rule":{"r":{"type":"ingress","from_port":"${var.__proto__}","to_port":22,"protocol":"tcp","cidr_blocks":["0.0.0.0/0"]}}}}',
    ) as Record<string, unknown>;
    expect(statusOf("RK-AWS-SG-NO-ADMIN-INGRESS", { ...tf({}), ...json }, "aws_security_group_rule.r").status).toBe("fail");
  });
});

describe("stack rules on open values", () => {
  test("a location left to a variable is cannot evaluate for residency; its default is judged", () => {
    const bucket = { google_storage_bucket: { b: { name: "b", location: "${var.where}" } } };
    const open = runRule("RK-RESIDENCY", tf(bucket, { variable: { where: {} } })).find((f) => f.address === "google_storage_bucket.b")!;
    expect([open.status, open.reason]).toEqual(["error", 'cannot evaluate: `location` is the expression "${var.where}"']);
    const us = runRule("RK-RESIDENCY", tf(bucket, { variable: { where: { default: "US" } } })).find(
      (f) => f.address === "google_storage_bucket.b",
    )!;
    expect(us.status).toBe("fail");
  });
});

describe("hostile nesting", () => {
  test("values nested deeper than the call stack give verdicts or rule errors, never a crash of the run", () => {
    let deep = '{"a":"${var.x}"}';
    for (let i = 0; i < 20000; i++) deep = `{"x":${deep}}`;
    const json = JSON.parse(
      `{"variable":{"x":{"default":"y"}},"resource":{"aws_s3_bucket":{"deep":{"bucket":"b","tags":${deep}}}}}`,
    ) as Record<string, unknown>;
    const v = view(json);
    expect(v.unreadable!.map((u) => [u.address, u.reason])).toEqual([
      ["aws_s3_bucket.deep", "the body nests values deeper than the checker can follow"],
    ]);
    const findings = evaluate([{ view: v }], { profiles: [...PROFILES] }).findings.filter((f) => f.address === "aws_s3_bucket.deep");
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.status === "error")).toBe(true);
  });
});
