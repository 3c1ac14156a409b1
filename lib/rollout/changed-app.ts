import { exec } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { RealmkitError } from "../config/errors";
import { manifestFile, readStackIn, STACKS_SUBDIR, stackDir } from "../terraform/json";
import { FLEET_STACK_ID } from "../observability/plan";
import { addHash, stackHash, type SideHashes, type StackHashes } from "./stack-hash";

const runShell = promisify(exec);

const STACK_ID = /^realm-([a-z][a-z0-9]*)(?:-([a-z]+))?$/;

/** Environment for a revision's own app: each side reads its own tsconfig; inventory, backend and output folder are set per side. */
export function synthEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = { ...base };
  for (const k of ["SWC_NODE_PROJECT", "TS_NODE_PROJECT", "CDKTF_TARGET_STACK_ID", "CDKTF_CONTEXT_JSON"]) delete env[k];
  return env;
}

/**
 * The general path of change detection, for a revision whose code differs from the running
 * one: runs the revision's own cdktf app (the `app` command of its cdktf.json, as `cdktf synth`
 * would) into `out` and hashes what it wrote. The app may exit non-zero after writing every
 * stack, when a check that runs after synthesis (the guardrails) refuses it: the output is
 * complete and is compared anyway, because which realms changed does not depend on whether
 * the change is allowed (`realmkit policy` answers that). Without cdktf's manifest.json
 * synthesis itself failed. A Realmkit app uses the synth cache, so this too is incremental.
 */
export async function appHashes(root: string, realms: string, out: string, env: NodeJS.ProcessEnv, label: string): Promise<SideHashes> {
  const config = join(root, "cdktf.json");
  if (!existsSync(config)) {
    throw new RealmkitError("RK-CHANGED-SYNTH", `${label} has no cdktf.json whose app could synthesize it`, {
      value: root,
      fix: "compare against a revision of a Realmkit repository (one with cdktf.json and its app)",
    });
  }
  const app = (JSON.parse(readFileSync(config, "utf8")) as { app?: string }).app;
  if (!app) {
    throw new RealmkitError("RK-CHANGED-SYNTH", `cdktf.json of ${label} has no \`app\` command`, {
      value: config,
      fix: "set `app` in cdktf.json",
    });
  }
  let failure: string | undefined;
  try {
    await runShell(app, {
      cwd: root,
      env: { ...env, REALMKIT_REALMS: realms, REALMKIT_BACKEND: "remote", CDKTF_OUTDIR: out },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    failure = (e.stderr || e.stdout || e.message).trim().split("\n").slice(-15).join("\n");
  }
  if (!existsSync(manifestFile(out))) {
    throw new RealmkitError("RK-CHANGED-SYNTH", `synthesizing ${label} failed:\n${failure ?? "the app wrote no stacks"}`, {
      value: label,
      fix: "fix the inventory or code of that revision, or compare against another revision",
    });
  }
  const hashes: StackHashes = new Map();
  let fleet: string | undefined;
  const stacksDir = join(out, STACKS_SUBDIR);
  for (const stackId of existsSync(stacksDir) ? readdirSync(stacksDir).sort() : []) {
    const realm = STACK_ID.exec(stackId)?.[1];
    if (!realm && stackId !== FLEET_STACK_ID) continue;
    const hash = stackHash(readStackIn(stackDir(out, stackId)));
    if (realm) addHash(hashes, realm, stackId, hash);
    else fleet = hash;
  }
  return { realms: hashes, ...(fleet ? { fleet } : {}) };
}
