import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatLocation } from "../../lib/config/errors";
import { explain } from "../../lib/config/explain";
import { loadRealms, type ResolvedRealm } from "../../lib/config/load";
import { RealmLoadCache } from "../../lib/config/load-cache";
import { checkRealmConfig } from "../../lib/model/checks";
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
    expect(loadRealms(a, undefined, cache)).toStrictEqual(fresh);
    // Every realm is filed, those whose layering dropped an either/or alternative too.
    expect(readdirSync(join(work, "cache", "realms")).length).toBe(fresh.realms.length);
    const hit = loadRealms(a, undefined, cache);
    expect(cache.hits).toBe(fresh.realms.length);
    expect(hit).toStrictEqual(fresh);
    const b = copy("b");
    expect(loadRealms(b, undefined, cache)).toEqual(loadRealms(b));
  });

  test("a hit says in explain what a fresh load says: dropped alternatives, their origins and the key that dropped them", () => {
    const a = copy("a");
    // sg1 chooses an external database over the managed one of the defaults.
    const fresh = loadRealms(a);
    const realm = fresh.realms.find((r) => r.id === "sg1");
    expect(fresh.errors).toEqual([]);
    expect(realm?.dropped.size).toBeGreaterThan(0);
    const cache = new RealmLoadCache(join(work, "cache"));
    loadRealms(a, undefined, cache);
    const again = new RealmLoadCache(join(work, "cache"));
    const hit = loadRealms(a, undefined, again);
    expect(again.hits).toBe(fresh.realms.length);
    expect(hit).toStrictEqual(fresh);
    const lines = (r: ResolvedRealm) =>
      explain(r)
        .filter((v) => v.dropped)
        .map(
          (v) =>
            `${v.path} ${JSON.stringify(v.value)} ${v.dropped!.by} ${v.dropped!.at ? formatLocation(v.dropped!.at) : ""} ${v.source ? formatLocation(v.source) : ""}`,
        );
    expect(lines(realm!).length).toBeGreaterThan(0);
    for (const [i, r] of hit.realms.entries()) expect(lines(r)).toEqual(lines(fresh.realms[i]!));
    expect(hit.realms.map((r) => explain(r))).toStrictEqual(fresh.realms.map((r) => explain(r)));
  });

  test("any edit to the realm, the defaults or a layer is a miss; problems are reported and never filed", () => {
    const a = copy("a");
    const cache = new RealmLoadCache(join(work, "cache"));
    loadRealms(a, undefined, cache);
    writeFileSync(join(a, "_layers", "extra.yaml"), "tags: { x: y }\n");
    // A new cache object: the layer digest is computed once per inventory and run.
    const again = new RealmLoadCache(join(work, "cache"));
    expect(loadRealms(a, undefined, again)).toEqual(loadRealms(a));
    expect(readdirSync(join(work, "cache", "realms")).length).toBe(2 * loadRealms(a).realms.length);
    writeFileSync(join(a, "us2.yaml"), "realm: us2\nclouds: 3\n");
    const broken = inspectInventory(a, undefined, new RealmLoadCache(join(work, "cache")));
    expect(broken.errors.map((e) => e.realm)).toContain("us2");
    expect(inspectInventory(a, undefined, new RealmLoadCache(join(work, "cache"))).errors.map((e) => e.code)).toEqual(
      broken.errors.map((e) => e.code),
    );
  });

  test("the configuration checks run once per filed realm: a hit that passed them is not checked again, one that failed is", () => {
    const a = copy("a");
    const checked: string[] = [];
    const checks = (realm: ResolvedRealm) => {
      checked.push(realm.id);
      return realm.id === "eu1" ? checkRealmConfig({ ...realm, config: { ...realm.config, residency: "mars" } }) : checkRealmConfig(realm);
    };
    const first = loadRealms(a, undefined, new RealmLoadCache(join(work, "cache")), checks);
    const all = first.realms.map((r) => r.id);
    expect(checked).toEqual(all);
    expect(first.errors.map((e) => `${e.realm} ${e.code}`)).toEqual(["eu1 RK-CONFIG-UNKNOWN-RESIDENCY"]);
    checked.length = 0;
    const second = loadRealms(a, undefined, new RealmLoadCache(join(work, "cache")), checks);
    expect(checked).toEqual(["eu1"]);
    expect(second.errors).toEqual(first.errors);
    // Filed before the checks were known (a load without them): checked on the next load that has them, then not again.
    const b = copy("b");
    loadRealms(b, undefined, new RealmLoadCache(join(work, "cache-b")));
    checked.length = 0;
    loadRealms(b, undefined, new RealmLoadCache(join(work, "cache-b")), checks);
    expect(checked).toEqual(all);
    checked.length = 0;
    loadRealms(b, undefined, new RealmLoadCache(join(work, "cache-b")), checks);
    expect(checked).toEqual(["eu1"]);
  });

  test("suppression expiry is checked against today on every load, hits included", () => {
    const a = copy("a");
    appendFileSync(
      join(a, "us2.yaml"),
      "\nsuppressions:\n  - { rule: RK-AWS-S3-VERSIONING, reason: far too long, approvedBy: cso@ibc.example.com, expires: '2999-01-01' }\n",
    );
    const codes = () => inspectInventory(a, undefined, new RealmLoadCache(join(work, "cache"))).errors.map((e) => `${e.realm} ${e.code}`);
    expect(codes()).toEqual(["us2 RK-CONFIG-SUPPRESSION"]);
    expect(codes()).toEqual(["us2 RK-CONFIG-SUPPRESSION"]);
  });
});
