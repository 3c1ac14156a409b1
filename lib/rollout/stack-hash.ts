import { createHash } from "node:crypto";

/**
 * The content hash that decides whether a stack changed. Terraform JSON is compared as data:
 * object keys sorted, arrays kept in order (list order is meaningful to Terraform), and every
 * `//` key dropped. cdktf writes `//` comments that Terraform ignores entirely: the construct
 * path and unique id of each resource, the stack name, the cdktf version. They are not
 * semantic; keeping them would select every realm on a cdktf upgrade or a construct refactor
 * that keeps logical ids. A changed logical id still changes the resource's key, so it counts.
 */
export function canonicalStack(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalStack);
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(obj)
        .filter((k) => k !== "//")
        .sort()
        .map((k) => [k, canonicalStack(obj[k])]),
    );
  }
  return value;
}

export function stackHash(stackJson: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify(canonicalStack(stackJson)))
    .digest("hex");
}

/** Stack id → content hash, per realm id, as one revision synthesizes it. */
export type StackHashes = Map<string, Map<string, string>>;

/** One revision's hashes: the realm stacks, and the fleet-observability stack where it has one. */
export interface SideHashes {
  readonly realms: StackHashes;
  readonly fleet?: string;
}

export function addHash(hashes: StackHashes, realm: string, stackId: string, hash: string): void {
  let stacks = hashes.get(realm);
  if (!stacks) hashes.set(realm, (stacks = new Map()));
  stacks.set(stackId, hash);
}
