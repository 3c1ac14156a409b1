/**
 * One normalised view of a Terraform stack, whichever JSON it came from: the `cdk.tf.json`
 * that cdktf writes, or the `planned_values` of `terraform show -json`. Rules read only this,
 * never construct objects, so they also check escape-hatch overrides and stacks built by
 * other repos.
 */
export type StackFormat = "cdktf" | "plan";

/** Attribute values as Terraform JSON holds them (nested blocks may be objects or lists). */
export type Values = Readonly<Record<string, unknown>>;

/**
 * A value Terraform only knows after apply and whose expression names no other object.
 * (An unknown value whose expression is a reference becomes that reference, `${type.name.attr}`,
 * exactly as cdktf writes it, so rules link resources the same way for both formats.)
 */
export const UNKNOWN = "(known after apply)";

export interface LifecycleView {
  readonly preventDestroy: boolean;
  readonly createBeforeDestroy: boolean;
}

export interface ResourceView {
  /** `aws_s3_bucket.docs`, `module.m.aws_s3_bucket.docs[0]`, `data.aws_iam_policy_document.tls`. */
  readonly address: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly values: Values;
  /** Provider configuration key: `aws`, or `aws.replica` for an aliased provider. */
  readonly providerKey: string;
  /** Provider local name: `aws`, `google`, `azurerm`, ... */
  readonly providerType: string;
  /**
   * Lifecycle meta-arguments, or `undefined` when the source does not record them: the plan
   * JSON of `terraform show -json` carries no `lifecycle`, so rules must say "not applicable"
   * rather than guess.
   */
  readonly lifecycle?: LifecycleView;
  /** cdktf construct path (`realm-us2/database/instance`), when the JSON came from cdktf. */
  readonly constructPath?: string;
}

export interface ProviderView {
  /** `aws` or `aws.<alias>`. */
  readonly key: string;
  readonly type: string;
  readonly alias?: string;
  readonly values: Values;
}

export interface BackendView {
  /** `s3`, `gcs`, `azurerm`, `local`, `remote`, `cloud` (HCP Terraform), ... */
  readonly type: string;
  readonly config: Values;
}

export interface OutputView {
  readonly value: unknown;
  readonly sensitive: boolean;
}

export interface VariableView {
  readonly default?: unknown;
  /** The value a plan was made with (plan JSON only). */
  readonly value?: unknown;
  readonly sensitive: boolean;
}

export interface StackView {
  readonly format: StackFormat;
  /** File the JSON was read from, when it was read from a file. */
  readonly file?: string;
  /** cdktf stack name (`realm-us2`) from the synthesized metadata, when present. */
  readonly stackId?: string;
  readonly resources: readonly ResourceView[];
  readonly dataSources: readonly ResourceView[];
  readonly providers: readonly ProviderView[];
  /**
   * The state backend; `undefined` with `backendRecorded: true` means none is configured
   * (Terraform then keeps local state). Plan JSON does not record the backend.
   */
  readonly backend?: BackendView;
  readonly backendRecorded: boolean;
  readonly outputs: Readonly<Record<string, OutputView>>;
  readonly locals: Values;
  readonly variables: Readonly<Record<string, VariableView>>;
  /**
   * Blocks the reader found but could not read (a body that is a string, an empty list, two
   * objects for one name). The engine reports each as a rule error for the rules that would
   * have judged it, so no malformed body passes by being skipped.
   */
  readonly unreadable?: readonly UnreadableBody[];
}

export interface UnreadableBody {
  /** `aws_s3_bucket.b`, `var.x`, `output.o`, `locals`. */
  readonly address: string;
  /** The resource or data source type, for resource and data blocks. */
  readonly type?: string;
  readonly reason: string;
}
