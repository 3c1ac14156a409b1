/**
 * A repository that is not Realmkit builds its own stack from Realmkit's AWS constructs:
 * `realmkit/aws` for the constructs, `realmkit` for the subnet plan, cdktf and the AWS provider
 * binding from this project's own dependencies. Nothing here loads a GCP or Azure binding.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { profileOf } from "realmkit";
import { AwsKeys, AwsNetwork, AwsStorage } from "realmkit/aws";

const REALM = { realm: "acme1", tier: "prod" } as const;
const ACCOUNT = "111122223333";
const REGION = "eu-west-1";

class ConsumerStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new LocalBackend(this, { path: "terraform.tfstate" });
    new AwsProvider(this, "aws", { region: REGION, defaultTags: [{ tags: { realm: REALM.realm, "managed-by": "acme-platform" } }] });

    const keys = new AwsKeys(this, "keys", { ...REALM, accountId: ACCOUNT, region: REGION });
    const zones = ["eu-west-1a", "eu-west-1b"];
    const network = new AwsNetwork(this, "network", {
      ...REALM,
      cidr: "10.40.0.0/16",
      zones,
      layout: profileOf("aws").networkLayout("10.40.0.0/16", zones.length),
      natPerZone: true,
      flowLogRetentionDays: 365,
      keyArn: keys.keyArn,
      accountId: ACCOUNT,
      region: REGION,
    });
    const storage = new AwsStorage(this, "storage", {
      ...REALM,
      buckets: ["documents"],
      uniqueSuffix: ACCOUNT,
      deletionProtection: true,
      keyArn: keys.keyArn,
    });

    new TerraformOutput(this, "vpc_id", { value: network.vpcId });
    new TerraformOutput(this, "bucket", { value: storage.bucketNames[0] });
  }
}

const app = new App({ outdir: "cdktf.out" });
new ConsumerStack(app, "consumer-aws");
app.synth();
