import { dict } from "../../config/dict";
import { cidrSubnet, formatCidr, parseCidr } from "../cidr";
import type { NetworkLayout, ProviderProfile, RegionInfo } from "./types";

const r = (zone: string, region: string, letters: string): RegionInfo => ({
  zone,
  zones: [...letters].map((l) => `${region}-${l}`),
});

const regions: Readonly<Record<string, RegionInfo>> = dict({
  "us-central1": r("us", "us-central1", "abcf"),
  "us-east1": r("us", "us-east1", "bcd"),
  "us-east4": r("us", "us-east4", "abc"),
  "us-west1": r("us", "us-west1", "abc"),
  "us-west2": r("us", "us-west2", "abc"),
  "northamerica-northeast1": r("ca", "northamerica-northeast1", "abc"),
  "northamerica-northeast2": r("ca", "northamerica-northeast2", "abc"),
  "europe-west1": r("eu", "europe-west1", "bcd"),
  "europe-west2": r("uk", "europe-west2", "abc"),
  "europe-west3": r("eu", "europe-west3", "abc"),
  "europe-west4": r("eu", "europe-west4", "abc"),
  "europe-west6": r("ch", "europe-west6", "abc"),
  "europe-west9": r("eu", "europe-west9", "abc"),
  "europe-north1": r("eu", "europe-north1", "abc"),
  "europe-southwest1": r("eu", "europe-southwest1", "abc"),
  "asia-northeast1": r("jp", "asia-northeast1", "abc"),
  "asia-northeast3": r("kr", "asia-northeast3", "abc"),
  "asia-southeast1": r("sg", "asia-southeast1", "abc"),
  "asia-south1": r("in", "asia-south1", "abc"),
  "australia-southeast1": r("au", "australia-southeast1", "abc"),
  "southamerica-east1": r("br", "southamerica-east1", "abc"),
});

/** The longest realm prefix GCP accepts: private services access needs at least a /24. */
export const GCP_SMALLEST_REALM_PREFIX = 20;

/**
 * The GCP realm network. Subnets are regional on GCP, so there is one node subnet serving
 * every zone instead of one subnet per zone, no public subnet (Cloud NAT needs none) and no
 * database subnet (Cloud SQL lives in the private services access range). The realm range is
 * cut in sixteenths, the same way for every prefix, so a plan never moves an existing range:
 *
 * | sixteenths | range | use |
 * |---|---|---|
 * | 0-1 | `private[0]` | node subnet (primary range) |
 * | 2 | `extra.services` | GKE service IPs (subnet secondary range) |
 * | 3 | `extra.privateServiceAccess` | Cloud SQL peering (global address, VPC_PEERING) |
 * | 4, first /28 | `extra.controlPlane` | GKE control plane (private endpoint) |
 * | 4-7 (rest) | - | reserved (proxy-only or extra node subnets later) |
 * | 8-15 | `extra.pods` | GKE pod IPs (subnet secondary range): half the realm |
 *
 * For a /16: nodes /19, services /20, private services access /20, control plane /28,
 * pods /17 (128 nodes at 110 pods each).
 */
export function gcpNetworkLayout(cidr: string, zones: number): NetworkLayout {
  const range = parseCidr(cidr);
  if (!range) throw new RangeError(`${cidr} is not a valid IPv4 CIDR`);
  if (zones < 1 || zones > 6) throw new RangeError(`zones must be 1 to 6, got ${zones}`);
  if (range.prefix > GCP_SMALLEST_REALM_PREFIX) {
    throw new RangeError(
      `${cidr} is too small: GCP realms need a prefix of /${GCP_SMALLEST_REALM_PREFIX} or shorter (private services access needs a /24)`,
    );
  }
  const sixteenth = (n: number) => cidrSubnet(range, 4, n);
  return {
    private: [formatCidr(cidrSubnet(range, 3, 0))],
    public: [],
    database: [],
    extra: {
      services: formatCidr(sixteenth(2)),
      privateServiceAccess: formatCidr(sixteenth(3)),
      controlPlane: formatCidr(cidrSubnet(sixteenth(4), 28 - sixteenth(4).prefix, 0)),
      pods: formatCidr(cidrSubnet(range, 1, 1)),
    },
  };
}

export const gcpProfile: ProviderProfile = {
  provider: "gcp",
  accountLabel: "GCP project id",
  accountPattern: /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
  identityFields: [
    {
      field: "deployIdentity",
      label: () => "a service account e-mail (name@project.iam.gserviceaccount.com)",
      example: (cloud) => `realmkit-deploy@${cloud.account}.iam.gserviceaccount.com`,
      pattern: () => /^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com$/,
    },
    {
      field: "workloadIdentityProvider",
      label: () => "a workload identity provider resource name",
      example: (cloud) => `projects/${cloud.projectNumber ?? "123456789012"}/locations/global/workloadIdentityPools/ci/providers/github`,
      pattern: () => /^projects\/\d{1,20}\/locations\/global\/workloadIdentityPools\/[a-z0-9-]{2,32}\/providers\/[a-z0-9-]{2,32}$/,
    },
  ],
  regions,
  sizes: {
    database: { small: "db-custom-2-7680", medium: "db-custom-4-15360", large: "db-custom-8-30720", xlarge: "db-custom-16-61440" },
    node: { small: "e2-standard-4", medium: "n2-standard-4", large: "n2-standard-8", xlarge: "n2-standard-16" },
  },
  names: {
    default: { maxLength: 63, allowed: /[a-z0-9-]/, separator: "-" },
    bucket: { maxLength: 63, allowed: /[a-z0-9-]/, separator: "-" },
    serviceAccount: { maxLength: 30, allowed: /[a-z0-9-]/, separator: "-" },
    // GKE cluster and node pool names: at most 40 characters.
    cluster: { maxLength: 40, allowed: /[a-z0-9-]/, separator: "-" },
  },
  networkLayout: gcpNetworkLayout,
  tagKey: (key) =>
    key
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, "_")
      .slice(0, 63),
  tagValue: (value) =>
    value
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, "_")
      .slice(0, 63),
};
