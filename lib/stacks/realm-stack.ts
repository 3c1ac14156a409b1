import type { Construct } from "constructs";
import { RealmkitStack } from "./realmkit-stack";
import type { CloudTarget, RealmModel } from "../model/realm-model";
import { kitFor } from "./kits";
import type { StackOptions } from "./kit";

/**
 * One realm/provider pair as a Terraform stack: provider, backend and the realm's components.
 * Realm stacks are independent, so cdktf's preparing pass is skipped (lib/cdktf/independent-stack).
 */
export class RealmStack extends RealmkitStack {
  readonly realm: RealmModel;
  readonly target: CloudTarget;

  constructor(scope: Construct, realm: RealmModel, target: CloudTarget, options: StackOptions) {
    super(scope, target.stackId);
    this.realm = realm;
    this.target = target;
    const kit = kitFor(target.provider);
    kit.configure(this, realm, target, options);
    kit.build(this, realm, target);
  }
}
