import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { PolicyResult } from "../engine";
import type { Finding, Rule, Severity } from "../types";
import { fileLineFinder, type LineFinder } from "./lines";

export interface SarifOptions {
  readonly version?: string;
  /** Folder artifact URIs are relative to. @default the git repository around the working folder, else it */
  readonly baseDir?: string;
  readonly lineOf?: LineFinder;
  /**
   * Where a file evaluated from a scratch folder lives for the reader: `realmkit policy` checks
   * stacks it synthesized into a temp folder, and code scanning must see the path `realmkit
   * synth` writes in the repository instead (`cdktf.out/stacks/<id>/cdk.tf.json`).
   */
  readonly displayPath?: (file: string) => string;
  /** The realm file of a realm id, for findings that carry neither a position nor a stack file. */
  readonly realmFile?: (realm: string) => string | undefined;
}

/** The repository root (the nearest folder with `.git`) above `start`, else `start` itself. */
export function repositoryRoot(start: string): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return dir;
    if (dirname(dir) === dir) return resolve(start);
  }
}

const LEVEL: Readonly<Record<Severity, "error" | "warning" | "note">> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
};
/** GitHub code scanning reads `security-severity` (0-10) to rank alerts. */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

/**
 * A URI relative to the repository root, never an absolute path: GitHub code scanning only
 * places results on files of the repository, and an absolute URI would leak the runner's
 * folders. A file outside the base (an inventory elsewhere) keeps its `../` path.
 */
function uriOf(file: string, baseDir: string): string {
  const rel = relative(baseDir, resolve(file));
  return (isAbsolute(rel) ? rel.replace(/^[A-Za-z]:/, "") : rel).split(sep).join("/") || ".";
}

function ruleDescriptor(rule: Rule) {
  const publicIds = [...(rule.publicIds.checkov ?? []), ...(rule.publicIds.trivy ?? [])];
  return {
    id: rule.id,
    name: rule.id
      .replace(/^RK-/, "")
      .toLowerCase()
      .replace(/(^|-)([a-z0-9])/g, (_, _d: string, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: {
      text: `How to fix: ${rule.fix}`,
      markdown: `**How to fix:** ${rule.fix}${publicIds.length ? `\n\nEquivalent public checks: ${publicIds.join(", ")}` : ""}`,
    },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: ["security", "terraform", ...rule.profiles, ...publicIds],
      "security-severity": SECURITY_SEVERITY[rule.severity],
      precision: "high",
      provider: rule.provider,
    },
  };
}

/**
 * SARIF 2.1.0 for GitHub code scanning and other viewers: one run, every rule as a
 * reportingDescriptor, every failing check as a result (suppressed ones carry an accepted
 * external suppression), rule crashes as tool execution notifications.
 */
export function formatSarif(result: PolicyResult, options: SarifOptions = {}): string {
  const baseDir = resolve(options.baseDir ?? repositoryRoot(process.cwd()));
  const lineOf = options.lineOf ?? fileLineFinder();
  const shown = options.displayPath ?? ((file: string) => file);
  const rules = result.rules;
  const index = new Map(rules.map((r, i) => [r.id, i]));

  const location = (f: Finding) => {
    const logical = [{ name: f.address, fullyQualifiedName: `${f.stackId}/${f.address}`, kind: "resource" }];
    if (f.location) {
      return {
        physicalLocation: {
          artifactLocation: { uri: uriOf(f.location.file, baseDir) },
          region: { startLine: f.location.line, startColumn: f.location.col },
        },
        logicalLocations: logical,
      };
    }
    if (f.file) {
      // A result without a region lands nowhere in code scanning's file view: a resource that
      // cannot be found by its key (a provider, the backend) is placed on the file's first line.
      const line = lineOf(f.file, f.address) ?? 1;
      return {
        physicalLocation: { artifactLocation: { uri: uriOf(shown(f.file), baseDir) }, region: { startLine: line } },
        logicalLocations: logical,
      };
    }
    const realmFile = f.realm ? options.realmFile?.(f.realm) : undefined;
    if (realmFile)
      return {
        physicalLocation: { artifactLocation: { uri: uriOf(realmFile, baseDir) }, region: { startLine: 1 } },
        logicalLocations: logical,
      };
    return { logicalLocations: logical };
  };

  const failed = result.findings.filter((f) => f.status === "fail");
  const crashed = result.findings.filter((f) => f.status === "error");
  const results = failed.map((f) => {
    const rule = rules[index.get(f.ruleId) ?? -1];
    return {
      ruleId: f.ruleId,
      ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
      level: LEVEL[rule?.severity ?? f.severity],
      message: { text: `${f.address}: ${f.reason ?? f.title}. Fix: ${f.fix}` },
      locations: [location(f)],
      partialFingerprints: {
        "realmkitFinding/v1": createHash("sha256").update(`${f.ruleId}|${f.stackId}|${f.address}`).digest("hex").slice(0, 32),
      },
      properties: {
        stack: f.stackId,
        ...(f.realm ? { realm: f.realm } : {}),
        ...(f.constructPath ? { constructPath: f.constructPath } : {}),
      },
      ...(f.suppressed
        ? {
            suppressions: [
              {
                kind: "external",
                status: "accepted",
                justification: `${f.suppressed.reason} (approved by ${f.suppressed.approvedBy}, expires ${f.suppressed.expires})`,
                ...(f.suppressed.location
                  ? {
                      location: {
                        physicalLocation: {
                          artifactLocation: { uri: uriOf(f.suppressed.location.file, baseDir) },
                          region: { startLine: f.suppressed.location.line },
                        },
                      },
                    }
                  : {}),
              },
            ],
          }
        : {}),
    };
  });

  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "realmkit",
            ...(options.version ? { version: options.version } : {}),
            informationUri: "https://github.com/realmkit/realmkit",
            rules: rules.map(ruleDescriptor),
          },
        },
        invocations: [
          {
            executionSuccessful: crashed.length === 0,
            toolExecutionNotifications: crashed.map((f) => ({
              level: "error",
              message: { text: `${f.ruleId} crashed on ${f.stackId}/${f.address}: ${f.reason ?? ""}` },
              associatedRule: { id: f.ruleId, ...(index.has(f.ruleId) ? { index: index.get(f.ruleId) } : {}) },
            })),
          },
        ],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
