import { join } from "node:path";

export const REPO_ROOT = join(__dirname, "..", "..");
export const SAMPLE_REALMS = join(REPO_ROOT, "realms");
