/**
 * Which CDK runtime answers `require("cdktf")`: cdktf itself, or CDK Terrain (`cdktn`, the
 * maintained continuation of the archived cdktf) when a consumer maps the name to it (as
 * `npm run compare:cdktn` does with `cdktn-alias.ts`). Read from the package's own manifest, so
 * it names what is loaded, not what was asked for.
 */
export function cdkRuntime(): "cdktf" | "cdktn" {
  try {
    return (require("cdktf/package.json") as { name?: string }).name === "cdktn" ? "cdktn" : "cdktf";
  } catch {
    return "cdktf";
  }
}
