import type { ResourceView, StackView } from "../view/types";
import { asNumber, asStringList, blocks, isExpression, isObject, isUnknown, linked, pointingAt } from "../view/values";

/** Helpers shared by several rules: network exposure, IAM policy documents, engines. */

export const ADMIN_PORTS: readonly number[] = [22, 3389];

export const OPEN_CIDRS: ReadonlySet<string> = new Set(["0.0.0.0/0", "::/0", "*", "internet", "any", "0.0.0.0"]);

export function isOpenSource(source: unknown): boolean {
  return asStringList(source).some((s) => OPEN_CIDRS.has(s.toLowerCase()));
}

/** Which admin ports a port range (`22`, `0-65535`, `*`, from/to numbers) exposes. */
export function adminPortsIn(from: unknown, to: unknown = from): number[] {
  if (from === "*" || from === undefined || from === null) return [...ADMIN_PORTS];
  const lo = asNumber(from);
  const hi = asNumber(to);
  if (lo === undefined || hi === undefined) return [];
  // AWS writes "all ports" as -1/-1 (with protocol -1) or 0/0 (with protocol -1).
  if (lo <= 0 && hi <= 0) return [...ADMIN_PORTS];
  return ADMIN_PORTS.filter((p) => p >= lo && p <= hi);
}

/** Parses `"22"`, `"20-23"`, `"*"` (Azure and GCP port specs). */
export function adminPortsInSpec(spec: unknown): number[] {
  const out = new Set<number>();
  for (const s of asStringList(spec)) {
    if (s === "*") ADMIN_PORTS.forEach((p) => out.add(p));
    const m = /^(\d+)(?:-(\d+))?$/.exec(s.trim());
    if (m) adminPortsIn(Number(m[1]), Number(m[2] ?? m[1])).forEach((p) => out.add(p));
  }
  return [...out].sort((a, b) => a - b);
}

export type EngineFamily = "postgres" | "mysql" | "other";

export function engineFamily(engine: unknown): EngineFamily {
  const e = typeof engine === "string" ? engine.toLowerCase() : "";
  if (e.includes("postgres")) return "postgres";
  if (e.includes("mysql") || e.includes("mariadb")) return "mysql";
  return "other";
}

/** One IAM statement, normalised from a policy document data source or policy JSON. */
export interface Statement {
  readonly effect: string;
  readonly actions: readonly string[];
  readonly principals: readonly string[];
  /** `test|variable|value` triples, e.g. `bool|aws:securetransport|false`. */
  readonly conditions: readonly string[];
}

function fromDocumentSource(doc: ResourceView): Statement[] {
  return blocks(doc.values.statement).map((s) => ({
    effect: typeof s.effect === "string" ? s.effect : "Allow",
    actions: asStringList(s.actions),
    principals: blocks(s.principals).flatMap((p) => asStringList(p.identifiers).map((id) => (p.type === "*" ? "*" : id))),
    conditions: blocks(s.condition).flatMap((c) =>
      asStringList(c.values).map((v) => `${String(c.test)}|${String(c.variable)}|${v}`.toLowerCase()),
    ),
  }));
}

function fromPolicyJson(text: string): Statement[] | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(doc)) return undefined;
  const list = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return list.filter(isObject).map((s) => {
    const principal = s.Principal;
    const principals = principal === "*" ? ["*"] : isObject(principal) ? Object.values(principal).flatMap(asStringList) : [];
    const conditions: string[] = [];
    if (isObject(s.Condition)) {
      for (const [test, byVar] of Object.entries(s.Condition)) {
        if (!isObject(byVar)) continue;
        for (const [variable, values] of Object.entries(byVar)) {
          for (const v of Array.isArray(values) ? values : [values]) conditions.push(`${test}|${variable}|${String(v)}`.toLowerCase());
        }
      }
    }
    return { effect: String(s.Effect ?? "Allow"), actions: asStringList(s.Action), principals, conditions };
  });
}

/**
 * The statements of a policy attribute: a reference to an `aws_iam_policy_document` data
 * source, or a literal JSON document (which may hold references inside strings).
 * `undefined` when the policy cannot be read (an expression, or unknown until apply).
 */
export function policyStatements(policy: unknown, stack: StackView): Statement[] | undefined {
  if (typeof policy !== "string" || isUnknown(policy)) return undefined;
  const docs = linked(stack, policy, ["aws_iam_policy_document"]);
  if (docs.length > 0) return docs.flatMap(fromDocumentSource);
  const trimmed = policy.trim();
  if (trimmed.startsWith("{")) return fromPolicyJson(trimmed);
  return isExpression(policy) ? undefined : fromPolicyJson(policy);
}

/** Companion resources (`aws_s3_bucket_versioning`, ...) whose `bucket` points at a bucket. */
export function bucketCompanions(stack: StackView, bucket: ResourceView, type: string): ResourceView[] {
  return pointingAt(stack, bucket, [type], "bucket", ["bucket", "id"]);
}
