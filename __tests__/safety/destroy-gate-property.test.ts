import fc from "fast-check";
import { allowDestroyMatcher } from "../../lib/policy/address-pattern";

/** Issue 11 sections 5 and 7: properties of --allow-destroy over generated addresses. */

const name = fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/);
const key = fc.oneof(
  fc.nat({ max: 20 }).map(String),
  fc.stringMatching(/^[a-z0-9./*-]{0,6}$/).map((s) => JSON.stringify(s)),
);
const step = fc
  .record({ name, key: fc.option(key, { nil: undefined }) })
  .map((s) => `module.${s.name}${s.key !== undefined ? `[${s.key}]` : ""}`);
const resource = fc
  .record({
    type: fc.constantFrom("aws_s3_bucket", "aws_db_instance", "google_sql_database_instance", "azurerm_key_vault"),
    name,
    key: fc.option(key, { nil: undefined }),
  })
  .map((r) => `${r.type}.${r.name}${r.key !== undefined ? `[${r.key}]` : ""}`);
const address = fc.record({ modules: fc.array(step, { maxLength: 4 }), resource }).map((a) => [...a.modules, a.resource].join("."));

const RUNS = { numRuns: 1500 };

describe("--allow-destroy properties", () => {
  test("an exact address allows itself and nothing under another module path", () => {
    fc.assert(
      fc.property(address, step, (a, extra) => {
        const m = allowDestroyMatcher(a);
        return m(a) && !m(`${extra}.${a}`);
      }),
      RUNS,
    );
  });

  test("`module.X.*` never reaches a module nested in X", () => {
    fc.assert(
      fc.property(name, fc.array(step, { minLength: 1, maxLength: 3 }), resource, (x, nested, r) => {
        const m = allowDestroyMatcher(`module.${x}.*`);
        return m(`module.${x}.${r}`) && !m(`module.${x}.${nested.join(".")}.${r}`);
      }),
      RUNS,
    );
  });

  test("`module.X.**` reaches every depth below X, and nothing outside it", () => {
    fc.assert(
      fc.property(name, name, fc.array(step, { maxLength: 3 }), resource, (x, y, nested, r) => {
        const m = allowDestroyMatcher(`module.${x}.**`);
        const below = [`module.${x}`, ...nested, r].join(".");
        const outside = [`module.${y}`, ...nested, r].join(".");
        return m(below) && (x === y || !m(outside));
      }),
      RUNS,
    );
  });

  test("a resource pattern with `*` in its name never crosses into a module path", () => {
    fc.assert(
      fc.property(address, (a) => {
        const m = allowDestroyMatcher("aws_s3_bucket.*");
        return !a.startsWith("module.") || !m(a);
      }),
      RUNS,
    );
  });
});
