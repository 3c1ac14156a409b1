import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

let cached: string | undefined;

/** Realmkit's version, from its package.json: found by walking up, as the code runs from source or from dist/. */
export function realmkitVersion(): string {
  if (cached) return cached;
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "realmkit" && pkg.version) return (cached = pkg.version);
    }
  }
  return (cached = "unknown");
}
