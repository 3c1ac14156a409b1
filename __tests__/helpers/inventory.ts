import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { FIXTURE_REALMS } from "./paths";

/** A throw-away inventory folder holding `files` (paths relative to the folder). */
export function tempInventory(files: Record<string, string>, base?: "samples"): string {
  const dir = mkdtempSync(join(tmpdir(), "realmkit-inv-"));
  if (base === "samples") cpSync(FIXTURE_REALMS, dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const file = join(dir, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return dir;
}

export function removeInventory(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Defaults that make a realm file with just `realm` and `clouds` valid. */
export const MINIMAL_DEFAULTS = `tier: dev
wave: 1
compliance: []
residency: us
network:
  cidr: 10.1.0.0/16
  zones: 2
state:
  aws: { bucket: "tf-{account}", region: "{region}" }
  gcp: { bucket: "tf-{account}" }
  azure: { resourceGroup: tf, storageAccount: tfstate, container: tfstate }
`;

export const awsCloud = (region = "us-east-2") => `clouds:
  - provider: aws
    region: ${region}
    account: "111122223333"
`;
