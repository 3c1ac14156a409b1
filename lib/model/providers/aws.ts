import { dict } from "../../config/dict";
import { zonalLayout } from "./layout";
import type { ProviderProfile, RegionInfo } from "./types";

const azs = (region: string, letters: string): string[] => [...letters].map((l) => `${region}${l}`);
const r = (zone: string, region: string, letters: string): RegionInfo => ({ zone, zones: azs(region, letters) });

// AZ letters are those every account sees; the stack never asks AWS (no data source calls offline).
const regions: Readonly<Record<string, RegionInfo>> = dict({
  "us-east-1": r("us", "us-east-1", "abcdef"),
  "us-east-2": r("us", "us-east-2", "abc"),
  "us-west-1": r("us", "us-west-1", "ac"),
  "us-west-2": r("us", "us-west-2", "abcd"),
  "ca-central-1": r("ca", "ca-central-1", "abd"),
  "ca-west-1": r("ca", "ca-west-1", "abc"),
  "eu-west-1": r("eu", "eu-west-1", "abc"),
  "eu-west-2": r("uk", "eu-west-2", "abc"),
  "eu-west-3": r("eu", "eu-west-3", "abc"),
  "eu-central-1": r("eu", "eu-central-1", "abc"),
  "eu-central-2": r("ch", "eu-central-2", "abc"),
  "eu-north-1": r("eu", "eu-north-1", "abc"),
  "eu-south-1": r("eu", "eu-south-1", "abc"),
  "eu-south-2": r("eu", "eu-south-2", "abc"),
  "ap-northeast-1": r("jp", "ap-northeast-1", "acd"),
  "ap-northeast-2": r("kr", "ap-northeast-2", "abcd"),
  "ap-northeast-3": r("jp", "ap-northeast-3", "abc"),
  "ap-southeast-1": r("sg", "ap-southeast-1", "abc"),
  "ap-southeast-2": r("au", "ap-southeast-2", "abc"),
  "ap-south-1": r("in", "ap-south-1", "abc"),
  "sa-east-1": r("br", "sa-east-1", "abc"),
});

export const awsProfile: ProviderProfile = {
  provider: "aws",
  accountLabel: "AWS account id",
  accountPattern: /^\d{12}$/,
  identityFields: [
    {
      field: "deployIdentity",
      label: (cloud) => `an IAM role ARN of the realm's account ${cloud.account}`,
      example: (cloud) => `arn:aws:iam::${cloud.account}:role/realmkit-deploy`,
      // Only a 12-digit account goes into the pattern (a malformed one is reported on its own, and
      // a huge one would make the expression too large to compile); escaping keeps it literal anyway.
      pattern: (cloud) =>
        new RegExp(`^arn:aws(-cn|-us-gov)?:iam::${/^\d{12}$/.test(cloud.account) ? cloud.account : "\\d{12}"}:role/[\\w+=,.@/-]{1,512}$`),
    },
  ],
  regions,
  sizes: {
    database: { small: "db.t4g.medium", medium: "db.r6g.large", large: "db.r6g.xlarge", xlarge: "db.r6g.2xlarge" },
    node: { small: "t3.large", medium: "m6i.xlarge", large: "m6i.2xlarge", xlarge: "m6i.4xlarge" },
  },
  names: {
    default: { maxLength: 63, allowed: /[a-z0-9-]/, separator: "-" },
    bucket: { maxLength: 63, allowed: /[a-z0-9-]/, separator: "-" },
    iamRole: { maxLength: 64, allowed: /[a-z0-9-]/, separator: "-" },
    dbIdentifier: { maxLength: 63, allowed: /[a-z0-9-]/, separator: "-" },
    kmsAlias: { maxLength: 250, allowed: /[a-z0-9-]/, separator: "-" },
  },
  networkLayout: (cidr, zones) => zonalLayout(cidr, zones, 28),
  tagKey: (key) => key,
  tagValue: (value) => value,
};
