import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Whether the cdktf CLI can start on this Node. The archived cdktf-cli loads a terminal library
 * (@cdktf/node-pty-prebuilt-multiarch) whose native binary ships prebuilt only for the Node ABIs
 * of its day (up to Node 22); on newer Node lines it needs a local build, which npm no longer
 * runs by default (install scripts are not approved). `realmkit` itself never loads it.
 */
export function cdktfCliSupport(
  versions: NodeJS.ProcessVersions = process.versions,
  platform = `${process.platform}-${process.arch}`,
): { readonly runnable: true } | { readonly runnable: false; readonly reason: string } {
  let root: string;
  try {
    const cli = dirname(require.resolve("cdktf-cli/package.json"));
    root = dirname(require.resolve("@cdktf/node-pty-prebuilt-multiarch/package.json", { paths: [cli] }));
  } catch {
    return { runnable: false, reason: "cdktf-cli is not installed (npm install cdktf-cli)" };
  }
  const prebuilt = join(root, "prebuilds", platform, `node.abi${versions.modules}.node`);
  if (existsSync(prebuilt) || existsSync(join(root, "build", "Release", "pty.node"))) return { runnable: true };
  return {
    runnable: false,
    reason: `the cdktf CLI cannot start on Node ${versions.node}: its terminal library @cdktf/node-pty-prebuilt-multiarch has no binary for this Node (ABI ${versions.modules}); run it with Node 20 or 22, build that package's native module (approve its install script, then npm rebuild @cdktf/node-pty-prebuilt-multiarch), or use realmkit synth / plan / rollout, which do not need it`,
  };
}
