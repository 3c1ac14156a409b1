import { TerraformOutput } from "../../../lib/cdktf";
import { AwsKeys, type AwsKeysProps } from "../../../constructs/keys/aws";
import { onlyResource, synthConstruct, synthStack, type TfJson } from "../../helpers/synth";

const base: AwsKeysProps = { realm: "us2", tier: "prod", accountId: "111122223333", region: "us-east-2" };

function synth(props: Partial<AwsKeysProps> = {}): { json: TfJson } {
  return { json: synthConstruct((scope) => new AwsKeys(scope, "keys", { ...base, ...props })) };
}

function statements(json: TfJson): Record<string, any>[] {
  const docs = Object.values(json.data!.aws_iam_policy_document!);
  expect(docs).toHaveLength(1);
  return docs[0]!.statement;
}

function statement(json: TfJson, sid: string): Record<string, any> {
  const found = statements(json).find((s) => s.sid === sid);
  if (!found) throw new Error(`no statement ${sid}`);
  return found;
}

describe("AwsKeys", () => {
  it("creates one symmetric key with automatic rotation every 90 days and a 30-day deletion window", () => {
    const key = onlyResource(synth().json, "aws_kms_key");
    expect(key).toMatchObject({
      key_usage: "ENCRYPT_DECRYPT",
      customer_master_key_spec: "SYMMETRIC_DEFAULT",
      enable_key_rotation: true,
      rotation_period_in_days: 90,
      deletion_window_in_days: 30,
    });
  });

  it("takes the rotation period and deletion window from the props", () => {
    const key = onlyResource(synth({ rotationDays: 180, deletionWindowDays: 14 }).json, "aws_kms_key");
    expect(key.rotation_period_in_days).toBe(180);
    expect(key.deletion_window_in_days).toBe(14);
  });

  it.each(["prod", "staging", "dev"] as const)("never lets Terraform destroy the key (%s)", (tier) => {
    expect(onlyResource(synth({ tier }).json, "aws_kms_key").lifecycle).toEqual({ prevent_destroy: true });
  });

  it("names the key with the realm alias", () => {
    const { json } = synth();
    const alias = onlyResource(json, "aws_kms_alias");
    const keyName = Object.keys(json.resource!.aws_kms_key!)[0];
    expect(alias).toEqual({ name: "alias/ibc-us2", target_key_id: `\${aws_kms_key.${keyName}.key_id}` });
  });

  it("exposes the key ARN and id as references to the key, whose policy is the generated document", () => {
    const json = synthConstruct((scope) => {
      const keys = new AwsKeys(scope, "keys", base);
      new TerraformOutput(scope, "arn", { value: keys.keyArn });
      new TerraformOutput(scope, "id", { value: keys.keyId });
    });
    const keyName = Object.keys(json.resource!.aws_kms_key!)[0];
    const docName = Object.keys(json.data!.aws_iam_policy_document!)[0];
    expect(json.output!.arn.value).toBe(`\${aws_kms_key.${keyName}.arn}`);
    expect(json.output!.id.value).toBe(`\${aws_kms_key.${keyName}.key_id}`);
    expect(onlyResource(json, "aws_kms_key").policy).toBe(`\${data.aws_iam_policy_document.${docName}.json}`);
  });

  it("lets the account administer the key through IAM", () => {
    expect(statement(synth().json, "AccountAdministersKeyThroughIam")).toEqual({
      sid: "AccountAdministersKeyThroughIam",
      effect: "Allow",
      principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111122223333:root"] }],
      actions: ["kms:*"],
      resources: ["*"],
    });
  });

  it("lets CloudWatch Logs of the realm region encrypt only this account's log groups", () => {
    const s = statement(synth().json, "CloudWatchLogsEncryptsRealmLogGroups");
    expect(s.principals).toEqual([{ type: "Service", identifiers: ["logs.us-east-2.amazonaws.com"] }]);
    expect(s.condition).toEqual([
      { test: "ArnLike", variable: "kms:EncryptionContext:aws:logs:arn", values: ["arn:aws:logs:us-east-2:111122223333:log-group:*"] },
    ]);
  });

  it("lets account principals use the key only through the realm's services", () => {
    const s = statement(synth().json, "AccountPrincipalsUseKeyViaRealmServices");
    expect(s.actions).not.toContain("kms:*");
    expect(s.actions).not.toContain("kms:ScheduleKeyDeletion");
    expect(s.condition).toEqual([
      { test: "StringEquals", variable: "kms:CallerAccount", values: ["111122223333"] },
      {
        test: "StringEquals",
        variable: "kms:ViaService",
        values: ["sns", "secretsmanager", "ssm", "rds", "s3", "eks", "ec2"].map((svc) => `${svc}.us-east-2.amazonaws.com`),
      },
    ]);
  });

  it("lets CloudWatch alarms and RDS events of this account publish to topics encrypted with the key", () => {
    const s = statement(synth().json, "AlertSourcesPublishToEncryptedTopics");
    expect(s.principals).toEqual([{ type: "Service", identifiers: ["cloudwatch.amazonaws.com", "events.rds.amazonaws.com"] }]);
    expect(s.actions).toEqual(["kms:Decrypt", "kms:GenerateDataKey*"]);
    expect(s.condition).toEqual([{ test: "StringEquals", variable: "aws:SourceAccount", values: ["111122223333"] }]);
  });

  it("grants nothing to a wildcard principal without pinning the caller to the realm account", () => {
    for (const s of statements(synth().json)) {
      const wildcard = s.principals.some((p: any) => p.identifiers.includes("*"));
      if (!wildcard) continue;
      expect(s.condition).toContainEqual({ test: "StringEquals", variable: "kms:CallerAccount", values: ["111122223333"] });
    }
  });

  it("uses only data sources that work offline", () => {
    expect(Object.keys(synth().json.data ?? {})).toEqual(["aws_iam_policy_document"]);
  });

  it.each([
    [{ rotationDays: 30 }, /rotationDays must be a whole number of days from 90 to 2560 on AWS, got 30/],
    [{ rotationDays: 3000 }, /got 3000/],
    [{ deletionWindowDays: 3 }, /deletionWindowDays must be a whole number of days from 7 to 30 on AWS, got 3/],
  ])("rejects %j before synthesis", (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});

describe("AwsKeys in the AWS kit", () => {
  it("grants the realm's own account in its own region (sample realm eu3)", () => {
    const json = synthStack("realm-eu3");
    const policy = Object.entries(json.data!.aws_iam_policy_document!).find(([name]) => name.startsWith("keys_"))![1];
    const bySid = Object.fromEntries(policy.statement.map((s: any) => [s.sid, s]));
    expect(bySid.AccountAdministersKeyThroughIam.principals).toEqual([{ type: "AWS", identifiers: ["arn:aws:iam::222233334444:root"] }]);
    expect(bySid.CloudWatchLogsEncryptsRealmLogGroups.principals).toEqual([
      { type: "Service", identifiers: ["logs.eu-central-1.amazonaws.com"] },
    ]);
    expect(onlyResource(json, "aws_kms_alias").name).toBe("alias/ibc-eu3");
  });
});
