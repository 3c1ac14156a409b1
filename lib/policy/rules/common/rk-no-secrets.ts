import { dict } from "../../../config/dict";
import { defineStackRule, failIfAny, pass, type AddressedResult } from "../../types";
import { isUnknown } from "../../view/values";
import { collectStrings, findSecrets, worthScanning, type Candidate, type Step } from "../../../secrets/detect";
import { isReference, templateLiteral } from "../../../secrets/patterns";
import { isRuntimeDocumentText } from "../../runtime-documents";

/** Outputs exposing these attributes put the secret into `terraform output` and CI logs. */
const SECRET_ATTRIBUTE_REF =
  /\$\{[^}]*\.(password|secret_string|secret_data|result|private_key_pem|private_key|secret|access_key|client_secret|primary_access_key|primary_connection_string|connection_string|kube_admin_config_raw|master_auth)\b/;

/** Resource attributes that are secret values whatever their name says. */
const SECRET_VALUE_OF: Readonly<Record<string, string>> = dict({
  azurerm_key_vault_secret: "value",
  aws_ssm_parameter: "value",
  google_secret_manager_secret_version: "secret_data",
  aws_secretsmanager_secret_version: "secret_string",
});

export interface Hit {
  readonly path: string;
  readonly what: string;
}

/**
 * Gathers the strings of many values for one detector pass (secretlint runs once per stack, not
 * once per string), then hands each value its hits with their paths. Only strings are judged.
 */
class Batch {
  private readonly candidates: Candidate[] = [];
  /** Per candidate: its group and which scanned string of the group it is (paths are found again only on a hit). */
  private readonly owners: { readonly group: number; readonly nth: number }[] = [];
  private readonly values: { readonly value: unknown; readonly prefix: readonly Step[] }[] = [];

  add(value: unknown, prefix: Step[] = []): number {
    const group = this.values.length;
    this.values.push({ value, prefix });
    let nth = 0;
    collectStrings(
      value,
      (_path, key, v) => {
        if (!worthScanning(key, v)) return;
        this.candidates.push({ key, value: v });
        this.owners.push({ group, nth: nth++ });
      },
      [...prefix],
    );
    return group;
  }

  run(): Hit[][] {
    const byGroup: Hit[][] = this.values.map(() => []);
    for (const h of findSecrets(this.candidates)) {
      const owner = this.owners[h.index]!;
      const hits = byGroup[owner.group]!;
      const path = this.pathOf(owner.group, owner.nth);
      if (!hits.some((x) => x.path === path)) hits.push({ path, what: h.what });
    }
    return byGroup;
  }

  /** The path of the group's nth scanned string: walked again, since hits are rare and paths are not kept. */
  private pathOf(group: number, nth: number): string {
    const { value, prefix } = this.values[group]!;
    let seen = 0;
    let found = "";
    collectStrings(
      value,
      (path, key, v) => {
        if (!worthScanning(key, v)) return;
        if (seen++ === nth) found = pathOf(path);
      },
      [...prefix],
    );
    return found;
  }
}

/** Secrets found anywhere in `value`, by key name and by value pattern, with their paths. */
export function secretsIn(value: unknown): readonly Hit[] {
  const batch = new Batch();
  batch.add(value);
  return batch.run()[0]!;
}

/** `a.b[0].c` */
function pathOf(at: ReadonlyArray<string | number>): string {
  return at.reduce<string>((path, step) => (typeof step === "number" ? `${path}[${step}]` : path ? `${path}.${step}` : step), "");
}

/** A secret container's value set in the stack: anything but a reference or a value known after apply. */
function literalSecret(value: string): boolean {
  if (isUnknown(value)) return false;
  const literal = templateLiteral(value);
  return literal !== undefined && !isReference(literal);
}

export default defineStackRule({
  id: "RK-NO-SECRETS",
  title: "No secret values in the synthesized stack",
  description:
    "Private keys, cloud access keys, vendor tokens (secretlint's recommended preset), JWTs, URL passwords, passwords and connection strings never appear in Terraform JSON (it is stored, diffed and printed). Secret containers are created empty and set out of band; passwords are managed by the cloud.",
  severity: "critical",
  provider: "any",
  reads: "every attribute of providers, backend, resources, data sources, outputs, variables and locals",
  readsEveryBlock: true,
  publicIds: { checkov: ["CKV_SECRET_2", "CKV_SECRET_13"] },
  fix: "remove the value: use cloud-managed passwords (e.g. RDS `manage_master_user_password`), create the secret container only and set its value out of band, take credentials from the environment or OIDC",
  check(stack) {
    const batch = new Batch();
    const judged: { readonly address: string; readonly groups: number[]; readonly extra?: (hits: readonly Hit[]) => string[] }[] = [];
    const judge = (address: string, value: unknown): void => {
      judged.push({ address, groups: [batch.add(value)] });
    };
    for (const p of stack.providers) judge(`provider.${p.key}`, p.values);
    if (stack.backend) judge(`terraform.backend.${stack.backend.type}`, stack.backend.config);
    for (const r of [...stack.resources, ...stack.dataSources]) {
      const attr = SECRET_VALUE_OF[r.type];
      const value = attr ? r.values[attr] : undefined;
      if (!attr || typeof value !== "string") {
        judge(r.address, r.values);
        continue;
      }
      // A secret container's value is judged as a whole below; a runtime configuration document is
      // data by design (RK-RUNTIME-CONFIG checks it value by value): only value patterns apply to it.
      const document = isRuntimeDocumentText(value);
      const groups = [batch.add({ ...r.values, [attr]: undefined }), batch.add(value, [attr])];
      const extra = (hits: readonly Hit[]) =>
        !document && literalSecret(value) && !hits.some((h) => h.path === attr)
          ? [`a literal secret value (${value.length} characters) in \`${attr}\``]
          : [];
      judged.push({ address: r.address, groups, extra });
    }
    for (const [name, v] of Object.entries(stack.variables)) if (v.default !== undefined) judge(`var.${name}`, { default: v.default });
    for (const [name, v] of Object.entries(stack.locals)) judge(`local.${name}`, { [name]: v });
    const outputs = Object.entries(stack.outputs).map(([name, o]) => ({ name, o, group: batch.add(o.value, ["value"]) }));
    const found = batch.run();
    const results: AddressedResult[] = judged.map(({ address, groups, extra }) => {
      const hits = groups.flatMap((g) => found[g]!);
      return { address, ...failIfAny([...hits.map((h) => `${h.what} in \`${h.path || address}\``), ...(extra ? extra(hits) : [])]) };
    });
    for (const { name, o, group } of outputs) {
      const exposes = !o.sensitive && typeof o.value === "string" && SECRET_ATTRIBUTE_REF.test(o.value);
      const problems = [
        ...found[group]!.map((h) => `${h.what} in the output value`),
        ...(exposes ? ["exposes a secret attribute without `sensitive = true`"] : []),
      ];
      results.push({ address: `output.${name}`, ...(problems.length ? failIfAny(problems) : pass()) });
    }
    return results;
  },
});
