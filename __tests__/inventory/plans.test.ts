import { relative } from "node:path";
import { describeOfflinePlans } from "../helpers/offline-plans";
import { REPO_ROOT, USER_REALMS } from "../helpers/paths";

// YOUR inventory: each stack's offline plan and its reviewed snapshot (`npx jest -u __tests__/inventory`).
describeOfflinePlans(
  `your inventory (${relative(REPO_ROOT, USER_REALMS)}): every stack whose provider is installed plans offline`,
  USER_REALMS,
);
