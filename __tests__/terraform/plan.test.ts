import { describeOfflinePlans } from "../helpers/offline-plans";
import { FIXTURE_REALMS } from "../helpers/paths";

// Issue 2 §6: Realmkit's constructs plan against the real provider, on the fixture inventory.
describeOfflinePlans(
  "every stack of the sample inventory whose provider is installed plans offline against the real provider",
  FIXTURE_REALMS,
);
