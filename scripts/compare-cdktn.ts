import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

/**
 * `npm run compare:cdktn`: is Realmkit's output the same on CDK Terrain (`cdktn`, the maintained
 * continuation of the archived cdktf)? Installs `cdktn`, the `constructs` it asks for and every
 * `@cdktn/provider-*` the registry has for the `@cdktf/provider-*` Realmkit uses into a temp
 * folder (REALMKIT_CDKTN_HOME reuses one), synthesizes the AWS stacks of the sample realms on
 * cdktf and on cdktn (lib/cdktf/cdktn-alias.ts maps the package names; no Realmkit code
 * changes), and compares every file byte for byte. Exit 0 only when all are identical; else it
 * lists each differing JSON path with both values, so the report says what blocks the move.
 */
const ROOT = join(__dirname, "..");
const REALMS = process.argv[2] ?? join(ROOT, "realms");

function npm(args: readonly string[]): { ok: boolean; out: string; err: string } {
  const r = spawnSync("npm", [...args], { encoding: "utf8", cwd: tmpdir() });
  return { ok: r.status === 0, out: r.stdout.trim(), err: r.stderr.trim() };
}

/** The registry's latest version of `name`, or undefined when it has no such package. */
function latest(name: string): string | undefined {
  const r = npm(["view", name, "version"]);
  return r.ok && r.out ? r.out : undefined;
}

const asList = (json: string): string[] => {
  const v = JSON.parse(json || "[]") as string | string[];
  return Array.isArray(v) ? v : [v];
};

/**
 * The newest version of binding `name` whose `cdktn` peer range admits `cdktn` (npm itself
 * matches the range), "none" when the registry has the package but no such version, undefined
 * when it has no such package.
 */
function compatible(name: string, cdktn: string): string | undefined {
  const r = npm(["view", name, "versions", "--json"]);
  if (!r.ok) return undefined;
  for (const version of asList(r.out).reverse()) {
    const range = npm(["view", `${name}@${version}`, "peerDependencies.cdktn"]).out;
    if (!range || asList(npm(["view", `cdktn@${range}`, "version", "--json"]).out).includes(cdktn)) return version;
  }
  return "none";
}

function install(home: string): { cdktn: string; providers: Map<string, string>; missing: string[] } {
  const cdktn = latest("cdktn");
  if (!cdktn) throw new Error("the npm registry has no `cdktn` package");
  const constructs = npm(["view", `cdktn@${cdktn}`, "peerDependencies.constructs"]).out || "^10";
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
  const wanted = Object.keys(pkg.devDependencies).filter((n) => n.startsWith("@cdktf/provider-"));
  const providers = new Map<string, string>();
  const missing: string[] = [];
  for (const name of wanted) {
    const twin = `@cdktn/${name.slice("@cdktf/".length)}`;
    const v = compatible(twin, cdktn);
    if (v === undefined) missing.push(`${twin} (not in the registry)`);
    else if (v === "none") missing.push(`${twin} (no version for cdktn ${cdktn})`);
    else providers.set(twin, v);
  }
  mkdirSync(home, { recursive: true });
  const specs = [`cdktn@${cdktn}`, `constructs@${constructs}`, ...[...providers].map(([n, v]) => `${n}@${v}`)];
  console.log(`installing into ${home}: ${specs.join(" ")}`);
  const r = npm(["install", "--prefix", home, "--no-save", "--no-audit", "--no-fund", "--loglevel=error", ...specs]);
  if (!r.ok) throw new Error(`npm install failed:\n${r.err}`);
  return { cdktn, providers, missing };
}

/** Synthesizes the AWS stacks into `out`, on cdktn when `home` is given. */
function synth(out: string, home?: string): { runtime: string; stacks: string[] } {
  const preload = home ? ["-r", join(ROOT, "lib", "cdktf", "cdktn-preload.ts")] : [];
  const r = spawnSync(process.execPath, ["-r", "@swc-node/register", ...preload, join(__dirname, "cdktn-synth.ts"), REALMS, out], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, REALMKIT_COMPILE_CACHE: "off", REALMKIT_SYNTH_CACHE: "off", ...(home ? { REALMKIT_CDKTN_HOME: home } : {}) },
  });
  if (r.status !== 0) throw new Error(`synthesis on ${home ? "cdktn" : "cdktf"} failed (exit ${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout) as { runtime: string; stacks: string[] };
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/**
 * Leaf paths whose values differ between two JSON documents (key order aside; the byte
 * comparison catches order). A few lines here rather than a dependency for one script.
 */
function jsonDiff(a: unknown, b: unknown, path = ""): { path: string; a: unknown; b: unknown }[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
  if (!isObject(a) || !isObject(b) || Array.isArray(a) !== Array.isArray(b))
    return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ path, a, b }];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.flatMap((k) => jsonDiff(a[k], b[k], path ? `${path}.${k}` : k));
}

const home = process.env.REALMKIT_CDKTN_HOME ?? mkdtempSync(join(tmpdir(), "realmkit-cdktn-"));
const work = mkdtempSync(join(tmpdir(), "realmkit-cdktn-compare-"));
try {
  const { cdktn, providers, missing } = install(home);
  const cdktf = JSON.parse(readFileSync(join(ROOT, "node_modules", "cdktf", "package.json"), "utf8")) as { version: string };
  const before = synth(join(work, "cdktf"));
  const after = synth(join(work, "cdktn"), home);
  if (before.runtime !== "cdktf" || after.runtime !== "cdktn")
    throw new Error(`expected cdktf then cdktn, ran on ${before.runtime} then ${after.runtime}`);

  console.log(
    `cdktf ${cdktf.version} vs cdktn ${cdktn}; bindings on cdktn: ${[...providers].map(([n, v]) => `${n}@${v}`).join(", ") || "none"}`,
  );
  if (missing.length > 0) console.log(`bindings that cannot move yet: ${missing.join(", ")}`);
  console.log(`AWS stacks of ${relative(ROOT, REALMS) || "."}: ${before.stacks.join(", ")}`);
  const names = [...new Set([...files(join(work, "cdktf")), ...files(join(work, "cdktn"))])];
  let identical = 0;
  const byPath = new Map<string, { a: unknown; b: unknown; files: string[] }>();
  for (const name of names) {
    const [fa, fb] = [join(work, "cdktf", name), join(work, "cdktn", name)];
    if (!existsSync(fa) || !existsSync(fb)) {
      console.log(`${name}: only on ${existsSync(fa) ? "cdktf" : "cdktn"}`);
      continue;
    }
    const [ba, bb] = [readFileSync(fa), readFileSync(fb)];
    if (ba.equals(bb)) {
      identical++;
      continue;
    }
    const diffs = jsonDiff(JSON.parse(ba.toString("utf8")), JSON.parse(bb.toString("utf8")));
    if (diffs.length === 0) console.log(`${name}: same JSON, different bytes (key order or formatting)`);
    for (const d of diffs) {
      const entry = byPath.get(d.path) ?? { a: d.a, b: d.b, files: [] };
      entry.files.push(name);
      byPath.set(d.path, entry);
    }
  }
  console.log(`byte for byte: ${identical} of ${names.length} files identical`);
  for (const [path, d] of byPath)
    console.log(`  ${path}: cdktf ${JSON.stringify(d.a)} → cdktn ${JSON.stringify(d.b)} (${d.files.length} file(s))`);
  process.exitCode = identical === names.length && missing.length === 0 ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
  if (!process.env.REALMKIT_CDKTN_HOME) rmSync(home, { recursive: true, force: true });
}
