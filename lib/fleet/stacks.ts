import { existsSync } from "node:fs";
import { RealmkitError } from "../config/errors";
import type { Inventory } from "../model/inventory";
import { readTerraformJson, stackFile } from "../terraform/json";

/** A synthesized stack as the fleet commands read it: the document `realmkit synth` wrote. */
export interface StackDocument {
  readonly stackId: string;
  readonly file: string;
  readonly json: Record<string, unknown>;
}

/**
 * The synthesized stacks of an inventory, read from `outdir` (what `realmkit synth --out`
 * wrote): fleet commands never build constructs themselves. A stack that is not there is
 * `undefined`; each file is read once, on first use.
 */
export class SynthesizedStacks {
  private readonly cache = new Map<string, StackDocument | undefined>();
  constructor(readonly outdir: string) {}

  get(stackId: string): StackDocument | undefined {
    if (!this.cache.has(stackId)) {
      const file = stackFile(this.outdir, stackId);
      let doc: StackDocument | undefined;
      if (existsSync(file)) {
        try {
          doc = { stackId, file, json: readTerraformJson(file) as Record<string, unknown> };
        } catch (err) {
          throw new RealmkitError("RK-FLEET-BAD-STACK", `${file} is not valid JSON (${(err as Error).message})`, {
            location: { file, line: 1, col: 1 },
            fix: "run `realmkit synth` again to rewrite the synthesized stacks",
          });
        }
      }
      this.cache.set(stackId, doc);
    }
    return this.cache.get(stackId);
  }

  /** Like get, but a missing stack is an error that says how to make it. */
  require(stackId: string, realm: string): StackDocument {
    const doc = this.get(stackId);
    if (!doc) {
      throw new RealmkitError("RK-FLEET-NOT-SYNTHESIZED", `stack ${stackId} has not been synthesized into ${this.outdir}`, {
        realm,
        fix: `run \`realmkit synth --out ${this.outdir}\` first (or pass --stacks DIR where it wrote them)`,
      });
    }
    return doc;
  }

  /** Every stack of the inventory that is present. */
  present(inventory: Inventory): StackDocument[] {
    return inventory.realms.flatMap((r) => r.targets.map((t) => this.get(t.stackId)).filter((d): d is StackDocument => d !== undefined));
  }
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});

/** The Realmkit version recorded in the stack's `//` comment, if any. */
export function stackRealmkitVersion(doc: StackDocument | undefined): string | undefined {
  const v = obj(obj(doc?.json["//"]).realmkit).version;
  return typeof v === "string" ? v : undefined;
}

/** Resources by type: `{ aws_s3_bucket: { key: body } }`. */
export function stackResources(doc: StackDocument): Readonly<Record<string, Readonly<Record<string, Json>>>> {
  return obj(doc.json.resource) as Record<string, Record<string, Json>>;
}

export function resourceCount(doc: StackDocument): number {
  return Object.values(stackResources(doc)).reduce((n, byKey) => n + Object.keys(obj(byKey)).length, 0);
}

/** Where the stack keeps its state, in words: `s3 bucket/key (region)`, `gcs bucket/prefix`, `local path`. */
export function stateLocation(doc: StackDocument): string {
  const backend = obj(obj(doc.json.terraform).backend);
  const [kind] = Object.keys(backend);
  if (!kind) return "none (local default)";
  const b = obj(backend[kind]);
  const s = (k: string): string => (typeof b[k] === "string" ? (b[k] as string) : "");
  switch (kind) {
    case "s3":
      return `s3://${s("bucket")}/${s("key")} (${s("region")})`;
    case "gcs":
      return `gs://${s("bucket")}/${s("prefix")}`;
    case "azurerm":
      return `azurerm ${s("storage_account_name")}/${s("container_name")}/${s("key")}`;
    case "local":
      return `local ${s("path")}`;
    default:
      return kind;
  }
}
