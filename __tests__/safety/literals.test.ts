import { escapeTemplate, terraformLiterals } from "../../lib/model/literal";
import { loadInventory } from "../../lib/model/inventory";
import { synthesizeStacks } from "../../lib/stacks/synth";
import { checkStructure, foreignInterpolations } from "../../lib/verify";
import { findForeignInterpolations } from "../../lib/verify/interpolation";

/** What the synth gate runs on every stack Realmkit writes. */
const gate = (stack: object, id: string) => [...checkStructure(stack, id), ...foreignInterpolations(stack, id)];
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MINIMAL_DEFAULTS, removeInventory, tempInventory } from "../helpers/inventory";
import { HOSTILE_TEMPLATES } from "./hostile";

/** Terraform's reading of an escaped string (checked against terraform itself in literals-plan.test.ts). */
const terraformReads = (s: string) => s.replace(/([$%])\1\{/g, "$1{");

describe("escapeTemplate", () => {
  it.each(HOSTILE_TEMPLATES)("%j reads back as written and holds no live interpolation", (value) => {
    const escaped = escapeTemplate(value);
    expect(terraformReads(escaped)).toBe(value);
    expect(findForeignInterpolations({ v: escaped })).toEqual([]);
  });

  it("escapes map keys and nested values, and keeps maps null-prototype", () => {
    const out = terraformLiterals<{ tags: Record<string, unknown> }>({ tags: { "${k}": ["%{x}", 1, true, null] } });
    expect(Object.keys(out.tags)).toEqual(["$${k}"]);
    expect(out.tags["$${k}"]).toEqual(["%%{x}", 1, true, null]);
    expect(Object.getPrototypeOf(out.tags)).toBeNull();
  });
});

describe("the structural check refuses interpolations Realmkit did not create", () => {
  it.each(HOSTILE_TEMPLATES.filter((v) => v !== "$${already-escaped}" && v !== "$$${nested-escape}" && v !== "%%{ escaped-directive }"))(
    "%j unescaped in a tag fails",
    (value) => {
      const stack = { resource: { aws_s3_bucket: { b: { bucket: "x", tags: { team: value } } } } };
      // A value shaped like a reference is caught as one the stack does not declare.
      const problems = gate(stack, "realm-x").filter((p) => p.kind === "foreign-interpolation" || p.kind === "unresolved-reference");
      expect(problems.length).toBeGreaterThan(0);
      expect(problems[0]).toMatchObject({ address: expect.stringMatching(/aws_s3_bucket.b$/), path: "tags.team" });
    },
  );

  it("an interpolation in a key, a provider or the backend fails too", () => {
    const stack = {
      provider: { aws: [{ region: '${file("r")}' }] },
      terraform: { backend: { s3: { bucket: "${path.cwd}" } } },
      resource: { aws_s3_bucket: { b: { bucket: "x", tags: { "${path.cwd}": "v" } } } },
    };
    const paths = gate(stack, "s")
      .filter((p) => p.kind === "foreign-interpolation")
      .map((p) => `${p.address} ${p.path}`);
    expect(paths).toEqual(["provider.aws.0 region", "terraform.backend.s3 bucket", "resource.aws_s3_bucket.b tags.${path.cwd}"]);
  });

  it("references and the pure functions constructs use pass", () => {
    const ok = [
      "${aws_vpc.v.id}",
      "${data.aws_iam_policy_document.p.json}",
      "${var.x}",
      "${aws_subnet.s[0].id}",
      "${element(aws_subnet.s.*.id, 0)}",
      '${join(",", [aws_vpc.v.id, "a"])}',
      "a-$${x}-%%{y}",
    ];
    for (const v of ok) expect([v, findForeignInterpolations({ v })]).toEqual([v, []]);
  });

  it("an escape hatch that writes an expression into a stack is caught by every synth", () => {
    const dir = tempInventory({
      "_defaults.yaml": MINIMAL_DEFAULTS,
      "r1.yaml": 'realm: r1\nclouds:\n  - { provider: aws, region: us-east-2, account: "111122223333" }\n',
    });
    const out = mkdtempSync(join(tmpdir(), "realmkit-hatch-"));
    try {
      const docs: Record<string, unknown>[] = [];
      synthesizeStacks(loadInventory(dir), { backend: "local" }, out, {
        customize: (stacks) => stacks.forEach((s) => s.addOverride("locals.leak", '${file("/etc/passwd")}')),
        afterBatch: (batch) => batch.forEach((b) => docs.push(b.json!)),
      });
      expect(gate(docs[0]!, "realm-r1").filter((p) => p.kind === "foreign-interpolation")).toEqual([
        expect.objectContaining({ address: "locals.leak", message: expect.stringContaining("calls `file()`") }),
      ]);
    } finally {
      removeInventory(dir);
      rmSync(out, { recursive: true, force: true });
    }
  });
});

/** The hostile value as the local part of an e-mail address (the format allows `$`, `{`, `%`, `}`). */
const emailOf = (value: string) => `${value.replace(/[\s"(),:;<>@[\\\]]/g, "")}x@example.com`;

/**
 * A realm with a hostile value in every free string field the schema lets it carry (GCP and
 * Azure check the SKU against their catalogue, so only AWS takes a free one).
 */
export function hostileRealm(provider: "aws" | "gcp" | "azure", value: string, i: number): string {
  const cloud = {
    aws: `{ provider: aws, region: us-east-2, account: "111122223333" }`,
    gcp: `{ provider: gcp, region: us-east4, account: ibc-r${i}-prod, projectNumber: "123456789012" }`,
    azure: `{ provider: azure, region: eastus2, account: "7a1d9e42-c8b3-4f65-9e20-3b6c5d8a1f47", tenant: "7a1d9e42-c8b3-4f65-9e20-3b6c5d8a1f47" }`,
  }[provider];
  const q = JSON.stringify(value);
  return `realm: r${i}
clouds:
  - ${cloud}
network: { cidr: 10.${i}.0.0/16 }
database: { engine: postgres, version: "16", size: small, ${provider === "aws" ? `sku: ${JSON.stringify(`db-${value}`)}, ` : ""}storageGb: 50, highAvailability: false, backupRetentionDays: 7 }
services:
  svc: { url: ${JSON.stringify(`https://api.example.com/${value.replace(/\s/g, "")}`)}, secret: true }
observability: { alertEmails: [${JSON.stringify(emailOf(value))}] }
tags: { team: ${q}, owner: ${q} }
`;
}

describe("hostile values in every string field synthesize as literals on all three clouds", () => {
  let dir: string;
  let out: string;
  const docs = new Map<string, Record<string, unknown>>();
  const values = new Map<string, string>();
  beforeAll(() => {
    const files: Record<string, string> = { "_defaults.yaml": MINIMAL_DEFAULTS };
    let i = 10;
    for (const provider of ["aws", "gcp", "azure"] as const) {
      for (const value of HOSTILE_TEMPLATES) {
        files[`r${i}.yaml`] = hostileRealm(provider, value, i);
        values.set(`realm-r${i}`, value);
        i++;
      }
    }
    dir = tempInventory(files);
    out = mkdtempSync(join(tmpdir(), "realmkit-hostile-"));
    synthesizeStacks(loadInventory(dir), { backend: "local" }, out, {
      afterBatch: (batch) => batch.forEach((b) => docs.set(b.stackId, b.json!)),
    });
  });
  afterAll(() => {
    removeInventory(dir);
    rmSync(out, { recursive: true, force: true });
  });

  it("every stack passes the structural check, with no foreign interpolation", () => {
    expect(docs.size).toBe(HOSTILE_TEMPLATES.length * 3);
    for (const [id, doc] of docs) expect([id, gate(doc, id)]).toEqual([id, []]);
  });

  it("every hostile value is in the stack, escaped, wherever the realm put it", () => {
    const inJson = (s: string) => JSON.stringify(escapeTemplate(s)).slice(1, -1);
    for (const [id, doc] of docs) {
      const text = JSON.stringify(doc);
      const value = values.get(id)!;
      const gcp = JSON.stringify(doc.provider ?? {}).includes('"google"');
      // AWS default tags and Azure tags carry the value as written; GCP labels only allow
      // [a-z0-9_-], so there the e-mail of the notification channel carries it.
      const expected = gcp ? [inJson(emailOf(value))] : [inJson(value), inJson(emailOf(value))];
      for (const e of expected) expect([id, e, text.includes(e)]).toEqual([id, e, true]);
    }
  });
});
