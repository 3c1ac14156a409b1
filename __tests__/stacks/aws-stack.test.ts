import { MANDATORY_TAGS } from "../../lib/model/tags";
import { synthStack } from "../helpers/synth";

describe("AWS realm stack", () => {
  const remote = synthStack("realm-us2", undefined, { backend: "remote" });
  const local = synthStack("realm-us2", undefined, { backend: "local", offline: true });

  it("keeps remote state per realm in an encrypted, locked S3 backend inside the realm's region", () => {
    expect(remote.terraform!.backend).toEqual({
      s3: {
        bucket: "ibc-tfstate-111122223333-us-east-2",
        region: "us-east-2",
        key: "realms/us2/realm-us2.tfstate",
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  it("uses a local state file when asked (tests, previews, offline plans)", () => {
    expect(local.terraform!.backend).toEqual({ local: { path: "terraform.realm-us2.tfstate" } });
  });

  it("pins the AWS account and region and tags everything through default_tags", () => {
    const [provider] = remote.provider!.aws!;
    expect(provider.region).toBe("us-east-2");
    expect(provider.allowed_account_ids).toEqual(["111122223333"]);
    const tags = provider.default_tags[0].tags;
    for (const key of MANDATORY_TAGS) expect(tags[key]).toBeDefined();
    expect(tags).toMatchObject({
      realm: "us2",
      tier: "prod",
      residency: "us",
      compliance: "hipaa-soc2",
      "managed-by": "realmkit",
      "cost-center": "4711",
    });
  });

  it("skips cloud credential checks only in offline mode", () => {
    expect(remote.provider!.aws![0].skip_credentials_validation).toBeUndefined();
    expect(local.provider!.aws![0]).toMatchObject({ skip_credentials_validation: true, skip_requesting_account_id: true });
  });

  it("never calls cloud APIs through data sources, so plans work offline", () => {
    const calling = ["aws_availability_zones", "aws_caller_identity", "aws_region", "aws_partition"];
    expect(Object.keys(remote.data ?? {}).filter((t) => calling.includes(t))).toEqual([]);
  });

  it("outputs what operators look up", () => {
    expect(Object.keys(remote.output ?? {})).toEqual(expect.arrayContaining(["database_host", "cluster_name", "bucket_names"]));
  });
});
