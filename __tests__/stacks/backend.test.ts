import { App, Testing } from "../../lib/cdktf";
import { RealmkitError } from "../../lib/config/errors";
import { loadInventory } from "../../lib/model/inventory";
import { RealmStack } from "../../lib/stacks/realm-stack";
import { FIXTURE_REALMS } from "../helpers/paths";

/** configureBackend (lib/stacks/backend.ts): one rule for every cloud's backend. */
describe("the backend of a realm stack", () => {
  const inventory = loadInventory(FIXTURE_REALMS);
  const primaries = ["aws", "gcp", "azure"].map((p) => inventory.realms.find((r) => r.targets[0]!.provider === p)!);

  it.each(primaries.map((r) => [r.targets[0]!.provider, r] as const))(
    "on %s: a state file beside the stack with --backend local",
    (_p, realm) => {
      const stack = new RealmStack(Testing.app() as App, realm, realm.targets[0]!, { backend: "local" });
      const backend = (stack.toTerraform() as { terraform: { backend: Record<string, unknown> } }).terraform.backend;
      expect(backend).toEqual({ local: { path: `terraform.${realm.targets[0]!.stackId}.tfstate` } });
    },
  );

  it.each(primaries.map((r) => [r.targets[0]!.provider, r] as const))(
    "on %s: RK-CONFIG-NO-STATE, not a crash, without state settings",
    (provider, realm) => {
      const stateless = { ...realm, config: { ...realm.config, state: {} } };
      let thrown: unknown;
      try {
        new RealmStack(Testing.app() as App, stateless, realm.targets[0]!, { backend: "remote" });
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(RealmkitError);
      expect(thrown).toMatchObject({ code: "RK-CONFIG-NO-STATE", realm: realm.id, fix: expect.stringContaining(`state.${provider}`) });
    },
  );
});
