import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { manifestFile, readStackIn, readTerraformJson, stackDir, stackFile } from "../../lib/terraform/json";
import { REPO_ROOT } from "../helpers/paths";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

describe("Terraform JSON on disk (lib/terraform/json.ts)", () => {
  it("is the one module that names the cdktf.out layout's files", () => {
    // Code, not comments or messages: a quoted file name used as a value.
    const naming = /(===?|join\([^)]*,)\s*["'](cdk\.tf\.json|manifest\.json)["']/;
    const offenders = ["lib", "bin"]
      .flatMap((d) => sourceFiles(join(REPO_ROOT, d)))
      .map((f) => relative(REPO_ROOT, f))
      .filter((f) => f !== join("lib", "terraform", "json.ts"))
      .filter((f) => naming.test(readFileSync(join(REPO_ROOT, f), "utf8")));
    expect(offenders).toEqual([]);
  });

  it("lays stacks out as cdktf synth does and reads them back", () => {
    const out = mkdtempSync(join(tmpdir(), "realmkit-tfjson-"));
    try {
      expect(relative(out, stackFile(out, "realm-us2"))).toBe(join("stacks", "realm-us2", "cdk.tf.json"));
      expect(stackFile(out, "realm-us2")).toBe(join(stackDir(out, "realm-us2"), "cdk.tf.json"));
      expect(relative(out, manifestFile(out))).toBe("manifest.json");
      mkdirSync(stackDir(out, "realm-us2"), { recursive: true });
      writeFileSync(stackFile(out, "realm-us2"), '{"terraform":{"backend":{"local":{}}}}');
      expect(readStackIn(stackDir(out, "realm-us2"))).toEqual({ terraform: { backend: { local: {} } } });
      writeFileSync(manifestFile(out), "{not json");
      expect(() => readTerraformJson(manifestFile(out))).toThrow(SyntaxError);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
