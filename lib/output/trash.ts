import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { setPriority } from "node:os";

/**
 * The previous output, once replaced, is garbage: about 230 files and folders for 100 realms,
 * whose removal (130-250 ms on this machine's ext4) was a quarter of a warm synth. Instead of
 * removing it while the operator waits, the swap moves it into a trash folder inside the synth
 * cache (one rename, same filesystem) and a detached process removes it after the command
 * has returned. (A worker thread of the next run was tried first: on two cores its removal
 * slowed that run's own writes by about as much as it saved.) Nothing is left beside the
 * output (no stray folder in `git status`); what a killed remover leaves, the next run's
 * remover takes; deleting the trash by hand, like the rest of the cache, is always safe.
 */

/**
 * Moves `dir` into `trash`; false when it cannot (another filesystem, no trash folder), and
 * the caller removes it in place as before.
 */
export function moveToTrash(dir: string, trash: string | undefined): boolean {
  if (!trash) return false;
  try {
    mkdirSync(trash, { recursive: true });
    renameSync(dir, join(trash, `${process.pid}-${randomBytes(4).toString("hex")}`));
    return true;
  } catch {
    return false;
  }
}

/** Run by the remover: removes each entry named, ignoring one another run removed meanwhile. */
const EMPTY_TRASH = `
const { rmSync } = require("node:fs");
for (const path of process.argv.slice(1)) {
  try { rmSync(path, { recursive: true, force: true }); } catch {}
}`;

/**
 * Empties `trash` in a detached, low-priority Node process (no shell; the arguments are the
 * trash entries), so the operator's command returns as soon as its output is in place, as
 * git's automatic gc detaches. When no process can be started, the entries are removed here.
 */
export function emptyTrashInBackground(trash: string | undefined): void {
  if (!trash) return;
  let entries: string[];
  try {
    entries = readdirSync(trash).map((name) => join(trash, name));
  } catch {
    return;
  }
  if (entries.length === 0) return;
  try {
    const remover = spawn(process.execPath, ["-e", EMPTY_TRASH, ...entries], { detached: true, stdio: "ignore" });
    remover.on("error", () => removeHere(entries));
    try {
      if (remover.pid) setPriority(remover.pid, 19);
    } catch {
      // not allowed to lower it: it runs at normal priority
    }
    remover.unref();
  } catch {
    removeHere(entries);
  }
}

function removeHere(entries: readonly string[]): void {
  for (const path of entries) rmSync(path, { recursive: true, force: true });
}
