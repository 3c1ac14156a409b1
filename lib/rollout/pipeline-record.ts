import { RealmkitError } from "../config/errors";
import type { PipelineOptions } from "./pipeline-model";

const MARK = "# realmkit-pipeline-options: ";

/** Flag → option, for the flags a generated file records (see optionFlags). */
const FLAGS: Readonly<Record<string, { key: keyof PipelineOptions; kind: "string" | "number" | "boolean" }>> = Object.assign(
  Object.create(null),
  {
    "--realms": { key: "realmsDir", kind: "string" },
    "--branch": { key: "branch", kind: "string" },
    "--max-parallel": { key: "maxParallel", kind: "number" },
    "--node-version": { key: "nodeVersion", kind: "string" },
    "--terraform-version": { key: "terraformVersion", kind: "string" },
    "--plan-retention-days": { key: "planRetentionDays", kind: "number" },
    "--drift-hour": { key: "driftHour", kind: "number" },
    "--drift-issue": { key: "driftIssue", kind: "boolean" },
  },
);

/**
 * The options a generated pipeline file was made with, from its header line. A file without
 * the line (hand-written, or from an older Realmkit) records nothing: the defaults apply. A
 * line that does not parse is an error, never a silent fallback to the defaults.
 */
export function recordedOptions(text: string, file: string): PipelineOptions {
  const line = text.split("\n", 8).find((l) => l.startsWith(MARK));
  if (!line) return {};
  const bad = (why: string) =>
    new RealmkitError("RK-PIPELINE-RECORD", `${file}: the recorded pipeline options cannot be read: ${why}`, {
      value: line,
      fix: "regenerate the file with `npx realmkit pipeline <system>` and the options you want",
    });
  let flags: unknown;
  try {
    flags = JSON.parse(line.slice(MARK.length));
  } catch {
    throw bad("not a JSON list");
  }
  if (!Array.isArray(flags) || !flags.every((f) => typeof f === "string")) throw bad("not a list of strings");
  const out: Record<string, unknown> = {};
  for (let i = 0; i < flags.length; i++) {
    const spec = FLAGS[flags[i] as string];
    if (!spec) throw bad(`unknown flag ${JSON.stringify(flags[i])}`);
    if (spec.kind === "boolean") {
      out[spec.key] = true;
      continue;
    }
    const value = flags[++i];
    if (value === undefined) throw bad(`${flags[i - 1]} has no value`);
    if (spec.kind === "number") {
      const n = Number(value);
      if (!Number.isInteger(n)) throw bad(`${flags[i - 1]} needs a whole number, got ${JSON.stringify(value)}`);
      out[spec.key] = n;
    } else out[spec.key] = value;
  }
  return out as PipelineOptions;
}
