import { IndependentStack } from "../cdktf/independent-stack";
import type { Construct } from "constructs";
import type { CloudTarget, RealmModel } from "../model/realm-model";
import { realmkitVersion } from "../version";
import { kitFor } from "./kits";
import type { StackOptions } from "./kit";

/**
 * One realm/provider pair as a Terraform stack: provider, backend and the realm's components.
 * Realm stacks are independent, so cdktf's preparing pass is skipped (lib/cdktf/independent-stack).
 */
export class RealmStack extends IndependentStack {
  readonly realm: RealmModel;
  readonly target: CloudTarget;
  private synthesized?: Record<string, unknown>;

  constructor(scope: Construct, realm: RealmModel, target: CloudTarget, options: StackOptions) {
    super(scope, target.stackId);
    this.realm = realm;
    this.target = target;
    const kit = kitFor(target.provider);
    kit.configure(this, realm, target, options);
    kit.build(this, realm, target);
  }

  override toTerraform(): Record<string, unknown> {
    const document = super.toTerraform() as Record<string, unknown>;
    // Which Realmkit wrote the stack, for `realmkit matrix` and the realm docs. Under `//`,
    // which Terraform ignores and the stack hash drops: a Realmkit upgrade alone selects no realm.
    const comment = (document["//"] ??= {}) as Record<string, unknown>;
    comment.realmkit = { version: realmkitVersion() };
    this.synthesized = document;
    return document;
  }

  /**
   * Hands over the document cdktf last built for this stack (what its synthesizer wrote) and
   * forgets it: the synth gate checks it in memory instead of parsing the file back (80 ms for
   * 100 realms), and cdktf's global token map keeps every stack alive, so holding on to the
   * document would hold every document of the inventory.
   */
  takeSynthesized(): Record<string, unknown> | undefined {
    const document = this.synthesized;
    this.synthesized = undefined;
    return document;
  }
}
