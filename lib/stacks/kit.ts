import type { TerraformStack } from "../cdktf";
import type { Provider } from "../config/types";
import type { CloudTarget, RealmModel } from "../model/realm-model";

export type BackendMode = "remote" | "local";

export interface StackOptions {
  /** `remote`: the provider's state backend from `state.<provider>`; `local`: a state file beside the stack. */
  readonly backend: BackendMode;
  /**
   * Configure providers so `terraform plan` works with no cloud access (skip credential and
   * metadata checks). Dummy credentials come from the environment, never from the stack.
   */
  readonly offline?: boolean;
}

/**
 * How one cloud turns a realm into Terraform: its provider and backend configuration, and the
 * components wired together. Adding a cloud means writing one kit and registering it in kits.ts.
 */
export interface ProviderKit {
  readonly provider: Provider;
  configure(stack: TerraformStack, realm: RealmModel, target: CloudTarget, options: StackOptions): void;
  build(stack: TerraformStack, realm: RealmModel, target: CloudTarget): void;
}

/** Replaces `{realm}`, `{region}`, `{account}`, `{residency}` in state settings. */
export function expandStateTemplate(template: string, realm: RealmModel, target: CloudTarget): string {
  const values: Record<string, string> = {
    realm: realm.id,
    region: target.region,
    account: target.account,
    residency: realm.config.residency,
  };
  return template.replace(/\{(realm|region|account|residency)\}/g, (_, key: string) => values[key]!);
}

/** The state key of a stack inside a shared state store. */
export function stateKey(prefix: string | undefined, realm: RealmModel, target: CloudTarget): string {
  return `${prefix ?? "realms"}/${realm.id}/${target.stackId}.tfstate`;
}
