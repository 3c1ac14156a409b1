import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing, type App } from "../../lib/cdktf";
import fc from "fast-check";
import { RealmkitError, userErrors } from "../../lib/config/errors";
import { inspectInventory } from "../../lib/model/inventory";
import { addRealmStacks } from "../../lib/stacks/synth";
import { foreignInterpolations } from "../../lib/verify/interpolation";
import { checkStructure } from "../../lib/verify/structure";
import { FIXTURE_REALMS } from "../helpers/paths";
import { generatedRealm, mutatedSample, validishSample, type RealmCase } from "./realm-generators";

/**
 * Property-based: realm files generated from the schema and mutated from the samples. Every
 * case either loads and validates (and then synthesizes stacks that pass the structural check)
 * or gives user errors, each located at file:line:col; none throws anything else (which the CLI
 * would report as exit 2 with a stack trace). `npm run fuzz` runs many more cases
 * (REALMKIT_FUZZ_RUNS), with a new seed each time (REALMKIT_FUZZ_SEED replays one).
 */
const FUZZING = process.env.REALMKIT_FUZZ_RUNS !== undefined;
const RUNS = Number(process.env.REALMKIT_FUZZ_RUNS ?? 1200);
const SYNTH_RUNS = Number(process.env.REALMKIT_FUZZ_SYNTH_RUNS ?? 3);
// `npm test` replays one fixed seed (the same cases on every machine); `npm run fuzz` draws new ones.
const SEED = process.env.REALMKIT_FUZZ_SEED !== undefined ? Number(process.env.REALMKIT_FUZZ_SEED) : FUZZING ? undefined : 20261202;
const params = (numRuns: number) => ({ numRuns, ...(SEED === undefined ? {} : { seed: SEED }), endOnFailure: true });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "realmkit-fuzz-"));
  cpSync(join(FIXTURE_REALMS, "_defaults.yaml"), join(dir, "_defaults.yaml"));
  cpSync(join(FIXTURE_REALMS, "_layers"), join(dir, "_layers"), { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Puts the case alone in the inventory and inspects it in-process, as every command does first. */
function inspect(c: RealmCase) {
  for (const f of readdirSync(dir)) if (f !== "_defaults.yaml" && f !== "_layers") rmSync(join(dir, f), { force: true });
  writeFileSync(join(dir, `${c.id}.yaml`), c.text);
  try {
    return inspectInventory(dir);
  } catch (err) {
    // A thrown user error is exit 1 too; anything else is a crash (exit 2).
    if (!userErrors(err))
      throw new Error(
        `${c.origin}: crashed with ${err instanceof Error ? err.stack : String(err)}\n--- file ---\n${c.text.slice(0, 2000)}`,
      );
    return { inventory: { dir, realms: [] }, errors: userErrors(err)! };
  }
}

function expectLocatedErrors(c: RealmCase, errors: readonly RealmkitError[]): void {
  for (const e of errors) {
    const where = `${c.origin}: ${e.code} ${e.message}\n--- file ---\n${c.text.slice(0, 1500)}`;
    if (!(e instanceof RealmkitError)) throw new Error(`not a user error: ${where}`);
    if (!e.location || !e.location.file.startsWith(dir) || !(e.location.line >= 1) || !(e.location.col >= 1))
      throw new Error(`no file:line:col: ${where}`);
    if (/\n\s+at .+:\d+:\d+\)?$/m.test(e.format())) throw new Error(`a stack trace in the message: ${where}`);
  }
}

function expectPrototypeUntouched(c: RealmCase): void {
  const keys = Object.getOwnPropertyNames(Object.prototype).filter(
    (k) =>
      ![
        "constructor",
        "__defineGetter__",
        "__defineSetter__",
        "hasOwnProperty",
        "__lookupGetter__",
        "__lookupSetter__",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "toString",
        "valueOf",
        "__proto__",
        "toLocaleString",
      ].includes(k),
  );
  if (keys.length || typeof Object.prototype.toString !== "function")
    throw new Error(`${c.origin}: Object.prototype was changed (${keys.join(", ")})`);
}

function loaderProperty(c: RealmCase): void {
  const { inventory, errors } = inspect(c);
  expectLocatedErrors(c, errors);
  expectPrototypeUntouched(c);
  if (errors.length === 0 && inventory.realms.length !== 1)
    throw new Error(`${c.origin}: no error, yet ${inventory.realms.length} realms modelled`);
}

describe("property: any realm file loads, or fails with located user errors", () => {
  test("mutations of the samples (dropped keys, wrong types, hostile and huge strings, aliases, truncation)", () => {
    fc.assert(fc.property(mutatedSample, loaderProperty), params(RUNS));
  });

  test("files generated from the schema's shapes", () => {
    fc.assert(fc.property(generatedRealm, loaderProperty), params(Math.ceil(RUNS / 3)));
  });

  test("valid files synthesize stacks that pass the structural check, with no foreign interpolation", () => {
    fc.assert(
      fc.property(validishSample, (c) => {
        const { inventory, errors } = inspect(c);
        expectLocatedErrors(c, errors);
        if (errors.length) return; // not valid after all: covered above
        const stacks = addRealmStacks(Testing.app() as App, inventory, { backend: "local" });
        for (const s of stacks as unknown as Array<{ target: { stackId: string } }>) {
          const text = Testing.synth(s as never);
          const problems = [...checkStructure(text, s.target.stackId), ...foreignInterpolations(JSON.parse(text), s.target.stackId)];
          if (problems.length) throw new Error(`${c.origin}: ${problems.map((p) => p.message).join("; ")}`);
        }
      }),
      params(SYNTH_RUNS),
    );
  });

  test.each([
    [
      "an account that is a mapping (crashed the cloud defaults)",
      (t: string) => t.replace('account: "111122223333"', 'account: { ">r.h": 48241, "": "" }'),
    ],
    [
      "a 60 kB account (made the identity pattern too large to compile)",
      (t: string) => t.replace('account: "111122223333"', `account: ${"x".repeat(60_000)}`),
    ],
    [
      "a 60 kB tag value (masking its message was quadratic)",
      (t: string) => t.replace('cost-center: "4711"', `cost-center: "${"x".repeat(60_000)}"`),
    ],
  ])("regression found by the fuzzer: %s", (_name, change) => {
    const text = change(readFileSync(join(FIXTURE_REALMS, "us2.yaml"), "utf8"));
    const c = { id: "us2", text, origin: "regression" };
    loaderProperty(c);
    expect(inspect(c).errors.length).toBeGreaterThan(0);
  });
});
