import { IndependentStack } from "../cdktf/independent-stack";
import { realmkitVersion } from "../version";

/**
 * A stack Realmkit writes (a realm stack, the fleet-observability stack): stamped with the
 * Realmkit version and handing its last document to the synth gate.
 */
export abstract class RealmkitStack extends IndependentStack {
  private synthesized?: Record<string, unknown>;

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
