import { TerraformStack } from "cdktf";

/**
 * A stack that references no other stack, so cdktf's preparing pass is skipped.
 *
 * Saves: cdktf resolves every element of every stack twice: once in `prepareStack`, only so
 * that cross-stack references can add the resources they need, and once to write the stack.
 * Realm stacks are independent by design (each realm/provider pair plans and applies alone),
 * so the first pass, a third of synthesis time, is skipped unless `crossStackReferences` says
 * otherwise (an escape hatch may have referenced another stack).
 * Touches: `TerraformStack.prepareStack`, which cdktf's `App.synth` calls on every stack.
 * Tests: __tests__/cdktf/seam.test.ts (App.synth still calls the override; output unchanged
 * with and without the pass, in __tests__/stacks/synth.test.ts).
 * Delete when: cdktf (or cdktn) skips the pass itself for stacks without cross-stack
 * references, or offers a switch for it.
 */
export class IndependentStack extends TerraformStack {
  /** Set when something outside Realmkit may have referenced another stack: the pass then runs. */
  crossStackReferences = false;

  override prepareStack(): void {
    if (this.crossStackReferences) {
      super.prepareStack();
      return;
    }
    this.ensureBackendExists();
  }
}
