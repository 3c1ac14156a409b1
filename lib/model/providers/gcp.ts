import { cidrSubnet, formatCidr } from "../cidr";
import { zonalLayout } from "./layout";
import type { ProviderProfile, RegionInfo } from "./types";

const r = (zone: string, region: string, letters: string): RegionInfo => ({
  zone,
  zones: [...letters].map((l) => `${region}-${l}`),
});

const regions: Record<string, RegionInfo> = {
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
};

export const gcpProfile: ProviderProfile = {
  provider: "gcp",
  accountLabel: "GCP project id",
  regions,
  sizes: {
    database: { small: "db-custom-2-7680", medium: "db-custom-4-15360", large: "db-custom-8-30720", xlarge: "db-custom-16-61440" },
    node: { small: "e2-standard-4", medium: "n2-standard-4", large: "n2-standard-8", xlarge: "n2-standard-16" },
  },
  names: {
    default: { maxLength: 63, allowed: /[a-z0-9-]/, separator: "-" },
    bucket: { maxLength: 63, allowed: /[a-z0-9-]/, separator: "-" },
    serviceAccount: { maxLength: 30, allowed: /[a-z0-9-]/, separator: "-" },
  },
  // GCP subnets are regional: the zonal private ranges become the node subnet's neighbours,
  // and the free eighths hold the GKE pod and service ranges and the Cloud SQL peering range.
  networkLayout: (cidr, zones) =>
    zonalLayout(cidr, Math.min(zones, 3), 28, (range) => ({
      pods: formatCidr(cidrSubnet(range, 3, 3)),
      services: formatCidr(cidrSubnet(range, 4, 8)),
      privateServiceAccess: formatCidr(cidrSubnet(range, 4, 9)),
      controlPlane: formatCidr(cidrSubnet(range, 28 - range.prefix, (5 * 2 ** (25 - range.prefix)))),
    })),
  tagKey: (key) => key.toLowerCase().replace(/[^a-z0-9_-]/g, "_").slice(0, 63),
  tagValue: (value) => value.toLowerCase().replace(/[^a-z0-9_-]/g, "_").slice(0, 63),
};
