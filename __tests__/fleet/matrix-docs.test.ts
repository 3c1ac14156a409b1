import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { buildMatrix } from "../../lib/fleet/matrix";
import { SynthesizedStacks } from "../../lib/fleet/stacks";
import { realmkit } from "../helpers/cli";
import { synthesizedFixture, type SynthesizedFixture } from "./helpers";

let fx: SynthesizedFixture;
beforeAll(() => {
  fx = synthesizedFixture();
});
afterAll(() => fx.cleanup());

describe("realmkit matrix", () => {
  test("outliers from the tier's majority, declared ones with their reason", () => {
    const m = buildMatrix(fx.inventory.realms, new SynthesizedStacks(fx.stacks));
    const key = (o: { realm: string; facet: string }) => `${o.realm}/${o.facet}`;
    expect(m.outliers.filter((o) => o.intended === undefined).map(key)).toEqual(expect.arrayContaining(["a3/backup-days"]));
    const buckets = m.outliers.find((o) => key(o) === "a3/buckets")!;
    expect(buckets).toMatchObject({
      value: "documents",
      majority: "documents,exports",
      groupSize: 4,
      majorityCount: 3,
      intended: "exports go through the partner's SFTP in this market",
    });
    expect(buckets.intendedAt).toMatch(/a3\.yaml:19:3$/);
    // s1 is alone in its tier and g1 alone on its cloud: nothing to compare against.
    expect(m.outliers.filter((o) => o.realm === "s1" || (o.realm === "g1" && o.facet === "resources"))).toEqual([]);
  });

  test("--strict exits 1 on undeclared outliers", () => {
    const r = realmkit(["matrix", "--strict", "--realms", fx.realms, "--stacks", fx.stacks]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("a3  backup-days = 14");
  });
});

describe("realmkit docs", () => {
  test("writes pages, index and report; --check catches stale docs; foreign files are never replaced", () => {
    const out = join(fx.dir, "docs");
    const args = ["--realms", fx.realms, "--stacks", fx.stacks, "--out", out];
    expect(realmkit(["docs", ...args]).code).toBe(0);
    for (const f of ["a1.md", "g1.md", "index.md", "index.html"]) expect(existsSync(join(out, f))).toBe(true);
    const html = readFileSync(join(out, "index.html"), "utf8");
    expect(html.match(/data-realm="/g)).toHaveLength(5);
    expect(html.match(/class="flow"/g)).toHaveLength(12);
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(readFileSync(join(out, "a3.md"), "utf8")).toContain("**Failing**");
    expect(realmkit(["docs", "--check", ...args]).code).toBe(0);
    writeFileSync(join(fx.realms, "a2.yaml"), readFileSync(join(fx.realms, "a2.yaml"), "utf8").replace("documents, exports", "documents"));
    const stale = realmkit(["docs", "--check", ...args]);
    expect([stale.code, stale.stderr]).toEqual([1, expect.stringContaining("a2.md  stale")]);
    writeFileSync(join(out, "a1.md"), "my own notes\n");
    const foreign = realmkit(["docs", ...args]);
    expect([foreign.code, foreign.stderr]).toEqual([1, expect.stringContaining("RK-FLEET-DOCS-FOREIGN")]);
    expect(readFileSync(join(out, "a1.md"), "utf8")).toBe("my own notes\n");
  });
});
