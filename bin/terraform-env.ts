import { homedir } from "node:os";
import { join } from "node:path";
import type { TerraformSettings } from "../lib/terraform/cli";
import { RealmkitError } from "../lib/config/errors";

/**
 * Terraform settings from the environment (only bin/ reads it):
 * - REALMKIT_PROVIDER_MIRROR: a terraform filesystem mirror (required for --offline)
 * - TF_PLUGIN_CACHE_DIR: the shared provider cache, default ~/.cache/realmkit/terraform-plugins
 * - REALMKIT_TERRAFORM: the terraform executable, default `terraform` on PATH
 */
export function terraformSettings(env: NodeJS.ProcessEnv = process.env): Omit<TerraformSettings, "offline" | "configDir"> {
  const cacheHome = env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return {
    bin: env.REALMKIT_TERRAFORM || "terraform",
    baseEnv: env,
    pluginCacheDir: env.TF_PLUGIN_CACHE_DIR || join(cacheHome, "realmkit", "terraform-plugins"),
    mirror: env.REALMKIT_PROVIDER_MIRROR || undefined,
  };
}

export function parseCount(flag: string, value: string, min = 0): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new RealmkitError("RK-CLI-BAD-OPTION", `${flag} must be a whole number >= ${min}, got \`${value}\``, {
      value,
      fix: `pass ${flag} ${Math.max(min, 1)} or another whole number`,
    });
  }
  return n;
}
