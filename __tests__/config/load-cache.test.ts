import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadRealms } from "../../lib/config/load";
import { RealmLoadCache } from "../../lib/config/load-cache";
import { inspectInventory } from "../../lib/model/inventory";
import { FIXTURE_REALMS } from "../helpers/paths";

describe("realm load cache", () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), "realmkit-load-cache-"));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  const copy = (name: string) => {
    const dir = join(work, name);
    cpSync(FIXTURE_REALMS, dir, { recursive: true });
    return dir;
  };

  test("a hit equals a fresh load (configuration, provenance, removals, sources), also for the inventory moved elsewhere", () => {
    const a = copy("a");
    const cache = new RealmLoadCache(join(work, "cache"));
    const fresh = loadRealms(a);
    expect(loadRealms(a, undefined, cache)).toEqual(fresh);
    // Realms with dropped alternatives (an external database over a managed one) are loaded afresh, never filed.
    expect(readdirSync(join(work, "cache", "realms")).length).toBe(fresh.realms.filter((r) => r.dropped.size === 0).length);
    const hit = loadRealms(a, undefined, cache);
    expect(hit).toEqual(fresh);
    const b = copy("b");
    expect(loadRealms(b, undefined, cache)).toEqual(loadRealms(b));
  });

  test("any edit to the realm, the defaults or a layer is a miss; problems are reported and never filed", () => {
    const a = copy("a");
    const cache = new RealmLoadCache(join(work, "cache"));
    loadRealms(a, undefined, cache);
    writeFileSync(join(a, "_layers", "extra.yaml"), "tags: { x: y }\n");
    // A new cache object: the layer digest is computed once per inventory and run.
    const again = new RealmLoadCache(join(work, "cache"));
    expect(loadRealms(a, undefined, again)).toEqual(loadRealms(a));
    expect(readdirSync(join(work, "cache", "realms")).length).toBe(2 * loadRealms(a).realms.filter((r) => r.dropped.size === 0).length);
    writeFileSync(join(a, "us2.yaml"), "realm: us2\nclouds: 3\n");
    const broken = inspectInventory(a, undefined, new RealmLoadCache(join(work, "cache")));
    expect(broken.errors.map((e) => e.realm)).toContain("us2");
    expect(inspectInventory(a, undefined, new RealmLoadCache(join(work, "cache"))).errors.map((e) => e.code)).toEqual(broken.errors.map((e) => e.code));
  });
});
