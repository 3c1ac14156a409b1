import { existsSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative, resolve } from "node:path";
import { writeMarker } from "../output/marker";
import { sweepWorkDirs } from "../output/replace";
import { RealmkitError } from "../config/errors";
import { openSynthCache } from "../stacks/synth-cache";
import { appHashes, synthEnv } from "./changed-app";
import { cachedHashes, loadSide, runsSameCode } from "./changed-cache";
import { gitToplevel, resolveCommit, unpackRevision } from "./git-revision";
import type { SideHashes } from "./stack-hash";

/** The per-run work folder in the temp folder: `realmkit-changed-XXXXXX`. */
const WORK_PREFIX = "realmkit-changed-";

export type ChangeStatus = "changed" | "added" | "removed";

export interface StackChange {
  readonly stackId: string;
  readonly status: ChangeStatus;
}

export interface RealmChange {
  readonly realm: string;
  readonly status: ChangeStatus;
  readonly stacks: readonly StackChange[];
}

export interface ChangeReport {
  /** The revision as given, and the commit it resolved to. */
  readonly since: string;
  readonly commit: string;
  /** Realms whose synthesized stacks differ, sorted by realm id. */
  readonly realms: readonly RealmChange[];
  /** Realms present on both sides with identical stacks. */
  readonly unchanged: readonly string[];
  /**
   * The fleet-observability stack, when it differs (absent when it is the same on both sides
   * or neither has one). It is not a realm's: deploy it on its own (`cdktf deploy fleet-observability`).
   */
  readonly fleet?: ChangeStatus;
}

export interface ChangedOptions {
  /** A git revision: commit, branch, tag, `HEAD~1`, a PR's base sha. */
  readonly since: string;
  /** The inventory folder in the working tree; the same path inside REF is compared. */
  readonly realmsDir: string;
  /** Environment for the synth processes (the CLI passes process.env). */
  readonly baseEnv: NodeJS.ProcessEnv;
  /** Phases as they start and end: which revision, how many stacks, how many from the cache. */
  readonly progress?: ChangedProgress;
}

/** What changedRealms reports while it works (bin/phases.ts draws it). */
export interface ChangedProgress {
  phase(name: string, detail?: string): void;
  update(detail: string): void;
  end(summary?: string): void;
}

/**
 * The realms whose synthesized Terraform differs between git revision `since` and the working
 * tree. Each side is synthesized by its OWN code, so a change in a shared layer, construct or
 * kit shows up in exactly the realms whose output it changes, and edits that change no output
 * (README, tests, comments) select nothing.
 *
 * A side whose code is the running code (lib/rollout/changed-cache.ts decides, by the same
 * fingerprint the synth cache trusts) is answered in this process from the synth cache: the
 * stacks a synth already filed are not built again, at either revision, and only the realms
 * the cache cannot answer are synthesized. Any other side runs its own cdktf app
 * (lib/rollout/changed-app.ts), which is incremental too when it is a Realmkit app.
 */
export async function changedRealms(options: ChangedOptions): Promise<ChangeReport> {
  const progress = options.progress;
  const realmsDir = resolve(options.realmsDir);
  if (!existsSync(realmsDir)) {
    throw new RealmkitError("RK-CHANGED-NO-REALMS", `realm folder ${options.realmsDir} does not exist`, {
      value: options.realmsDir,
      fix: "pass --realms DIR with the inventory folder inside a git repository",
    });
  }
  progress?.phase("revision", options.since);
  const top = await gitToplevel(realmsDir);
  const rel = relative(top, realpathSync(realmsDir));
  if (rel.startsWith("..") || isAbsolute(rel)) {
    throw new RealmkitError("RK-CHANGED-OUTSIDE-REPO", `realm folder ${options.realmsDir} is not inside the git repository ${top}`, {
      value: options.realmsDir,
      fix: "keep the inventory inside the repository whose history you compare",
    });
  }
  const commit = await resolveCommit(top, options.since);
  // Marked as Realmkit's, so a later run can remove it if this one is killed (lib/output).
  sweepWorkDirs(tmpdir(), WORK_PREFIX);
  const work = mkdtempSync(join(tmpdir(), WORK_PREFIX));
  try {
    writeMarker(work, "changed", true);
    const refRoot = join(work, "ref");
    await unpackRevision(top, commit, refRoot, work);
    const env = synthEnv(options.baseEnv);
    const refRealms = join(refRoot, rel);
    const refLabel = `revision ${options.since}`;
    const refInProcess = existsSync(refRealms) && runsSameCode(refRoot, options.baseEnv);
    const workInProcess = runsSameCode(top, options.baseEnv);
    progress?.end(`${commit.slice(0, 12)} unpacked; ${refInProcess ? "same code as this process" : "its own code, run by its cdktf app"}`);
    const cache = refInProcess || workInProcess ? openSynthCache(env) : undefined;

    // A side that runs its own app starts first and works in its own process meanwhile.
    // Both are awaited even when one fails: the other is still writing into `work`, which the
    // cleanup below removes.
    const children: Promise<SideHashes>[] = [];
    const refChild = !existsSync(refRealms)
      ? Promise.resolve<SideHashes>({ realms: new Map() })
      : refInProcess
        ? undefined
        : appHashes(refRoot, refRealms, join(work, "out-ref"), env, refLabel);
    const workChild = workInProcess ? undefined : appHashes(top, realmsDir, join(work, "out-work"), env, "the working tree");
    if (refChild) children.push(refChild);
    if (workChild) children.push(workChild);
    const settled = Promise.allSettled(children);
    try {
      const side = (label: string, dir: string, shown?: { root: string; as: string }): SideHashes => {
        progress?.phase(label, "loading the inventory");
        const inventory = loadSide(dir, cache, label, shown);
        const stacks = inventory.realms.reduce((n, r) => n + r.targets.length, 0);
        progress?.update(`${stacks} stacks`);
        const { hashes, synthesized } = cachedHashes(inventory, cache, work, progress);
        progress?.end(
          `${inventory.realms.length} realms, ${stacks} stacks, ${stacks - synthesized} from the cache, ${synthesized} synthesized`,
        );
        return hashes;
      };
      const after = workInProcess ? side("the working tree", realmsDir) : undefined;
      const before = refInProcess ? side(refLabel, refRealms, { root: refRoot, as: commit.slice(0, 12) }) : undefined;
      if (children.length > 0)
        progress?.phase(
          children.length === 2
            ? "both revisions, each by its own app"
            : workChild
              ? "the working tree, by its app"
              : `${refLabel}, by its app`,
        );
      const [afterHashes, beforeHashes] = await Promise.all([after ?? workChild!, before ?? refChild!]);
      progress?.phase("compare");
      const report = { since: options.since, commit, ...compare(beforeHashes, afterHashes) };
      progress?.end(
        `${report.realms.length} realm${report.realms.length === 1 ? "" : "s"} changed, ${report.unchanged.length} unchanged${report.fleet ? `; fleet-observability ${report.fleet}` : ""}`,
      );
      return report;
    } finally {
      await settled;
      cache?.finish(2000);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function compare(beforeSide: SideHashes, afterSide: SideHashes): Pick<ChangeReport, "realms" | "unchanged" | "fleet"> {
  const before = beforeSide.realms;
  const after = afterSide.realms;
  const realms: RealmChange[] = [];
  const unchanged: string[] = [];
  for (const realm of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const b = before.get(realm);
    const a = after.get(realm);
    const stacks: StackChange[] = [];
    for (const stackId of [...new Set([...(b?.keys() ?? []), ...(a?.keys() ?? [])])].sort()) {
      const hb = b?.get(stackId);
      const ha = a?.get(stackId);
      if (hb === undefined) stacks.push({ stackId, status: "added" });
      else if (ha === undefined) stacks.push({ stackId, status: "removed" });
      else if (hb !== ha) stacks.push({ stackId, status: "changed" });
    }
    if (stacks.length === 0) unchanged.push(realm);
    else realms.push({ realm, status: !b ? "added" : !a ? "removed" : "changed", stacks });
  }
  const fleet = fleetStatus(beforeSide.fleet, afterSide.fleet);
  return { realms, unchanged, ...(fleet ? { fleet } : {}) };
}

function fleetStatus(before: string | undefined, after: string | undefined): ChangeStatus | undefined {
  if (before === after) return undefined;
  return before === undefined ? "added" : after === undefined ? "removed" : "changed";
}
