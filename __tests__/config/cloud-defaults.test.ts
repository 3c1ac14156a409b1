import { TEMPLATABLE_FIELDS } from "../../lib/config/cloud-defaults";
import { explain } from "../../lib/config/explain";
import { loadRealms } from "../../lib/config/load";
import realmSchema from "../../lib/config/realm.schema.json";
import { awsCloud, MINIMAL_DEFAULTS, removeInventory, tempInventory } from "../helpers/inventory";

let dirs: string[] = [];
afterEach(() => {
  dirs.forEach(removeInventory);
  dirs = [];
});
function load(files: Record<string, string>) {
  const dir = tempInventory(files);
  dirs.push(dir);
  return loadRealms(dir);
}
const short = (file?: string) => file?.split("/").slice(-2).join("/");
const AWS_IDENTITY = 'cloudDefaults:\n  aws:\n    deployIdentity: "arn:aws:iam::{account}:role/deploy-{realm}-{region}"\n';

describe("cloudDefaults: identities set once, as templates", () => {
  test("every string field of a cloud entry but provider, region and account may be defaulted (new identity fields need no code)", () => {
    const cloud = realmSchema.definitions.cloud.properties as Record<string, { type?: string }>;
    const expected = Object.keys(cloud).filter((k) => cloud[k]!.type === "string" && !["provider", "region", "account"].includes(k));
    expect(TEMPLATABLE_FIELDS).toEqual(expected);
    expect(TEMPLATABLE_FIELDS).toContain("deployIdentity");
  });

  test("a realm inherits the expanded identity from _defaults.yaml; explain shows the expanded value and the template's line", () => {
    const { realms, errors } = load({ "_defaults.yaml": MINIMAL_DEFAULTS + AWS_IDENTITY, "r1.yaml": `realm: r1\n${awsCloud()}` });
    expect(errors).toEqual([]);
    expect(realms[0]!.config.clouds[0]!.deployIdentity).toBe("arn:aws:iam::111122223333:role/deploy-r1-us-east-2");
    const [v] = explain(realms[0]!, "clouds[0].deployIdentity");
    expect(v!.value).toBe("arn:aws:iam::111122223333:role/deploy-r1-us-east-2");
    expect(`${short(v!.source?.file)}:${v!.source?.line}`).toMatch(/_defaults.yaml:14$/);
  });

  test("a provider layer may set it too, and a realm's own value wins", () => {
    const { realms } = load({
      "_defaults.yaml": MINIMAL_DEFAULTS,
      "_layers/aws.yaml": AWS_IDENTITY,
      "r1.yaml": `realm: r1\n${awsCloud()}`,
      "r2.yaml": `realm: r2\n${awsCloud()}    deployIdentity: arn:aws:iam::111122223333:role/own\nnetwork: { cidr: 10.2.0.0/16 }\n`,
    });
    expect(realms.map((r) => r.config.clouds[0]!.deployIdentity)).toEqual([
      "arn:aws:iam::111122223333:role/deploy-r1-us-east-2",
      "arn:aws:iam::111122223333:role/own",
    ]);
  });

  test("defaults apply per provider: a gcp entry does not get the aws identity", () => {
    const { realms, errors } = load({
      "_defaults.yaml": `${MINIMAL_DEFAULTS}${AWS_IDENTITY}  gcp:\n    deployIdentity: "deploy@{account}.iam.gserviceaccount.com"\n`,
      "r1.yaml": `realm: r1\n${awsCloud()}  - provider: gcp\n    region: us-east4\n    account: ibc-r1-backup\n    projectNumber: "123456789012"\n`,
    });
    expect(errors).toEqual([]);
    expect(realms[0]!.config.clouds.map((c) => c.deployIdentity)).toEqual([
      "arn:aws:iam::111122223333:role/deploy-r1-us-east-2",
      "deploy@ibc-r1-backup.iam.gserviceaccount.com",
    ]);
  });

  test("an unknown placeholder or field is an error at the template, with a did-you-mean", () => {
    const bad = load({
      "_defaults.yaml": `${MINIMAL_DEFAULTS}cloudDefaults:\n  aws:\n    deployIdentity: "arn:aws:iam::{acount}:role/deploy"\n`,
      "r1.yaml": `realm: r1\n${awsCloud()}`,
    });
    expect(bad.errors.map((e) => [e.code, e.message, short(e.location?.file), e.location?.line])).toEqual([
      [
        "RK-CONFIG-TEMPLATE",
        "`cloudDefaults.aws.deployIdentity` uses `{acount}`, which Realmkit does not fill in. did you mean `{account}`?",
        expect.stringMatching(/_defaults.yaml$/),
        14,
      ],
    ]);
    const field = load({
      "_defaults.yaml": `${MINIMAL_DEFAULTS}cloudDefaults:\n  aws:\n    deployIdentty: x\n`,
      "r1.yaml": `realm: r1\n${awsCloud()}`,
    });
    expect(field.errors[0]).toMatchObject({
      code: "RK-CONFIG-UNKNOWN-KEY",
      message: "unknown key `deployIdentty` in `cloudDefaults.aws`. did you mean `deployIdentity`?",
    });
  });
});
