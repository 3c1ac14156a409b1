import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  checkProviders,
  mirroredSources,
  mirrorVersions,
  qualifySource,
  requiredProviders,
  terraformPlatform,
} from "../../lib/terraform/providers";

describe("required providers of a stack", () => {
  test("reads cdktf's required_providers and qualifies their sources", () => {
    const stack = {
      terraform: {
        required_providers: {
          google: { source: "google", version: "6.50.0" },
          aws: { source: "aws", version: "5.100.0" },
          acme: { source: "example.com/corp/acme" },
          legacy: "~> 1.0",
        },
      },
    };
    expect(requiredProviders(stack)).toEqual([
      { name: "acme", source: "example.com/corp/acme", constraint: undefined },
      { name: "aws", source: "registry.terraform.io/hashicorp/aws", constraint: "5.100.0" },
      { name: "google", source: "registry.terraform.io/hashicorp/google", constraint: "6.50.0" },
      { name: "legacy", source: "registry.terraform.io/hashicorp/legacy", constraint: "~> 1.0" },
    ]);
  });

  test("a stack without required_providers needs none (built-in terraform_data only)", () => {
    expect(requiredProviders({ terraform: {} })).toEqual([]);
    expect(requiredProviders({})).toEqual([]);
  });

  test("sources: short names are hashicorp's on the public registry", () => {
    expect(qualifySource("aws")).toBe("registry.terraform.io/hashicorp/aws");
    expect(qualifySource("hashicorp/AzureRM")).toBe("registry.terraform.io/hashicorp/azurerm");
    expect(terraformPlatform("linux", "x64")).toBe("linux_amd64");
    expect(terraformPlatform("darwin", "arm64")).toBe("darwin_arm64");
  });
});

describe("provider availability in a filesystem mirror", () => {
  let mirror: string;
  beforeAll(() => {
    mirror = mkdtempSync(join(tmpdir(), "realmkit-mirror-"));
    // unpacked layout
    mkdirSync(join(mirror, "registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64"), { recursive: true });
    mkdirSync(join(mirror, "registry.terraform.io/hashicorp/aws/5.90.0/darwin_arm64"), { recursive: true });
    // packed layout
    mkdirSync(join(mirror, "registry.terraform.io/hashicorp/random"), { recursive: true });
    writeFileSync(join(mirror, "registry.terraform.io/hashicorp/random/terraform-provider-random_3.6.0_linux_amd64.zip"), "");
  });
  afterAll(() => rmSync(mirror, { recursive: true, force: true }));

  const aws = { name: "aws", source: "registry.terraform.io/hashicorp/aws", constraint: "5.100.0" };
  const google = { name: "google", source: "registry.terraform.io/hashicorp/google", constraint: "6.50.0" };

  test("finds versions per platform in both mirror layouts", () => {
    expect(mirrorVersions(mirror, aws.source, "linux_amd64")).toEqual(["5.100.0"]);
    expect(mirrorVersions(mirror, aws.source, "darwin_arm64")).toEqual(["5.90.0"]);
    expect(mirrorVersions(mirror, "registry.terraform.io/hashicorp/random", "linux_amd64")).toEqual(["3.6.0"]);
    expect(mirroredSources(mirror)).toEqual(["registry.terraform.io/hashicorp/aws", "registry.terraform.io/hashicorp/random"]);
  });

  test("offline: a provider missing from the mirror is unavailable, with the reason", () => {
    const [a, g] = checkProviders([aws, google], { mirror, offline: true, platform: "linux_amd64" });
    expect(a).toEqual({ provider: aws, available: true, version: "5.100.0" });
    expect(g).toEqual({
      provider: google,
      available: false,
      reason: `provider registry.terraform.io/hashicorp/google 6.50.0 is not installed in the provider mirror ${mirror} (it has no version of it for linux_amd64)`,
    });
  });

  test("a version the constraint does not allow is unavailable even online (the mirror shadows the registry)", () => {
    const [a] = checkProviders([{ ...aws, constraint: "~> 6.0" }], { mirror, offline: false, platform: "linux_amd64" });
    expect(a!.available).toBe(false);
    expect(a).toMatchObject({ reason: expect.stringContaining("it has 5.100.0 for linux_amd64") });
  });

  test("online, a provider the mirror lacks comes from the registry", () => {
    expect(checkProviders([google], { mirror, offline: false, platform: "linux_amd64" })[0]!.available).toBe(true);
    expect(checkProviders([google], { offline: false })[0]!.available).toBe(true);
  });

  test("offline without any mirror nothing can be installed", () => {
    expect(checkProviders([aws], { offline: true })[0]).toEqual({
      provider: aws,
      available: false,
      reason: "offline without a provider mirror: registry.terraform.io/hashicorp/aws cannot be installed",
    });
  });
});
