/**
 * cdktf 0.21's `TerraformOutput` tells arrays apart with Node's `util.isArray` (DEP0044), which
 * Node 26 deprecates at run time: every synth of a stack with an output printed a
 * DeprecationWarning on stderr, and a Node that removes it would break synthesis. `util.isArray`
 * has always been `Array.isArray`, so the deprecated function is replaced by the one it
 * stands for; nothing else changes.
 *
 * Touches: the `isArray` property of `node:util` (process-wide; same behaviour, no warning).
 * Saves: a DeprecationWarning on every synth on Node >= 26 (and a crash where it is removed).
 * Test: __tests__/cdktf/seam.test.ts fails once cdktf no longer calls it.
 * Delete when: the cdktf (or cdktn) in use no longer calls `util.isArray`.
 */
export function aliasUtilIsArray(): boolean {
  const util = require("node:util") as { isArray?: unknown };
  if (util.isArray === Array.isArray) return false;
  util.isArray = Array.isArray;
  return true;
}
