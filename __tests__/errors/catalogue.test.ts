import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { ERROR_AREAS, ERROR_CODES, errorArea } from "../../lib/errors/catalogue";
import { errorsMarkdown } from "../../lib/errors/markdown";
import { ALL_RULES } from "../../lib/policy/rules";
import { REPO_ROOT } from "../helpers/paths";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

/** Every quoted `RK-...` code in the library, the CLI and the constructs, with where it is used. */
function codesInSource(): Map<string, string[]> {
  const rules = new Set(ALL_RULES.map((r) => r.id));
  const used = new Map<string, string[]>();
  for (const file of ["lib", "bin", "constructs"].flatMap((d) => sourceFiles(join(REPO_ROOT, d)))) {
    const rel = relative(REPO_ROOT, file);
    if (rel.startsWith(join("lib", "errors"))) continue;
    for (const m of readFileSync(file, "utf8").matchAll(/["'`](RK-[A-Z0-9]+(?:-[A-Z0-9]+)*)["'`]/g)) {
      const code = m[1]!;
      if (rules.has(code)) continue;
      used.set(code, [...(used.get(code) ?? []), rel]);
    }
  }
  return used;
}

describe("the error catalogue (lib/errors/catalogue.ts)", () => {
  const used = codesInSource();

  it("holds every code the source reports (add a new code there, with its meaning and fix)", () => {
    const missing = [...used.keys()].filter((c) => !(c in ERROR_CODES)).map((c) => `${c} (${used.get(c)!.join(", ")})`);
    expect(missing).toEqual([]);
    // The scan sees the codes it must: a few known ones from different layers.
    expect([...used.keys()]).toEqual(
      expect.arrayContaining(["RK-CONFIG-YAML", "RK-ERRORS", "RK-AWS-KEYS-RANGE", "RK-TF-MISSING", "RK-FLEET-DOCS-FOREIGN"]),
    );
  });

  it("holds no code the source no longer reports", () => {
    expect(Object.keys(ERROR_CODES).filter((c) => !used.has(c))).toEqual([]);
  });

  it("gives every code an area, a meaning and a fix, and never a guardrail rule id", () => {
    const rules = new Set(ALL_RULES.map((r) => r.id));
    for (const [code, e] of Object.entries(ERROR_CODES)) {
      expect([code, errorArea(code) in ERROR_AREAS]).toEqual([code, true]);
      expect(e.meaning.length).toBeGreaterThan(10);
      expect(e.fix.length).toBeGreaterThan(5);
      expect(rules.has(code)).toBe(false);
    }
  });

  it("is what docs/errors.md says (npm run docs:errors rewrites it)", () => {
    expect(readFileSync(join(REPO_ROOT, "docs", "errors.md"), "utf8")).toBe(errorsMarkdown());
  });
});
