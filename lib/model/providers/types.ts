import type { CloudConfig } from "../../config/types";
import type { Provider, SizeName } from "../../config/types";

export interface RegionInfo {
  /** Residency zone the region lies in (us, eu, uk, ch, ca, au, jp, sg, kr, in, br). */
  readonly zone: string;
  /** Availability zone names; empty where the region has none (deploy zonal resources regionally). */
  readonly zones: readonly string[];
}

/** A provider's naming limits for one kind of resource name. */
export interface NameRule {
  readonly maxLength: number;
  /** Characters outside this class are replaced by the separator (or dropped when it is ""). */
  readonly allowed: RegExp;
  readonly separator: "-" | "";
}

/**
 * Everything Realmkit knows about one cloud that is data, not code: regions, sizes,
 * naming rules and the subnet layout. Adding a cloud means adding one of these.
 */
export interface ProviderProfile {
  readonly provider: Provider;
  /** What the `account` field of a cloud entry is called on this cloud. */
  readonly accountLabel: string;
  /** Shape of a valid `account` on this cloud, checked before anything is built. @default any */
  readonly accountPattern?: RegExp;
  /**
   * Shapes of the identity fields of a cloud entry on this cloud (the CI identity, the
   * workload identity provider), checked before anything is built. A pattern may depend on the
   * entry: an AWS deploy role must belong to the realm's own account.
   */
  readonly identityFields?: readonly IdentityField[];
  readonly regions: Readonly<Record<string, RegionInfo>>;
  readonly sizes: {
    readonly database: Readonly<Record<SizeName, string>>;
    readonly node: Readonly<Record<SizeName, string>>;
  };
  readonly names: Readonly<Record<string, NameRule>> & { readonly default: NameRule };
  /** Subnets for a realm network; throws RangeError when the CIDR is too small. */
  readonly networkLayout: (cidr: string, zones: number) => NetworkLayout;
  /** Label/tag values this cloud accepts (GCP labels are the strictest). */
  readonly tagValue: (value: string) => string;
  readonly tagKey: (key: string) => string;
}

/** Named address ranges for a realm network; per-zone lists are ordered like `zones`. */
export interface NetworkLayout {
  readonly public: readonly string[];
  readonly private: readonly string[];
  readonly database: readonly string[];
  /** Provider-specific regional ranges (GKE pods/services, Cloud SQL private access, Azure endpoints...). */
  readonly extra: Readonly<Record<string, string>>;
}

export interface IdentityField {
  readonly field: "deployIdentity" | "workloadIdentityProvider";
  /** What a valid value is, for the message: "an IAM role ARN of account 111122223333". */
  readonly label: (cloud: CloudConfig) => string;
  readonly example: (cloud: CloudConfig) => string;
  readonly pattern: (cloud: CloudConfig) => RegExp;
}
