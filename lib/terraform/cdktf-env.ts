import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { RealmkitError } from "../config/errors";
import { OFFLINE_AWS_ENV } from "./cli";
import { writeCliConfig } from "./cli-config";

/**
 * The environment under which the plain cdktf CLI (`npx cdktf synth|diff|deploy`) runs
 * Realmkit's stacks with a provider filesystem mirror, without network and without telemetry.
 * Why each variable:
 *  - TF_CLI_CONFIG_FILE: Realmkit's terraform CLI config (provider_installation from the mirror,
 *    a plugin cache, no checkpoint calls), so a user's ~/.terraformrc never changes a plan;
 *  - CDKTF_DISABLE_PLUGIN_CACHE_ENV: cdktf would otherwise point TF_PLUGIN_CACHE_DIR at its own
 *    cache and override the config's;
 *  - TERRAFORM_BINARY_NAME: cdktf runs `terraform providers lock -platform=linux_amd64` on a
 *    stack's first init, which asks the registry even when a mirror is configured (terraform
 *    reads mirrors for `lock` only with -fs-mirror). The wrapper adds -fs-mirror and runs every
 *    other command unchanged;
 *  - CHECKPOINT_DISABLE: no version or telemetry calls by terraform and cdktf;
 *  - offline: REALMKIT_OFFLINE=1 (local state, no account lookups; bin/app.ts) and AWS's
 *    documented example keys, as `realmkit plan --offline` uses.
 */
export interface CdktfEnvOptions {
  /** Folder for the CLI config and the wrapper (`.realmkit/cdktf`). */
  readonly dir: string;
  readonly mirror?: string;
  readonly pluginCacheDir: string;
  readonly offline: boolean;
  /** The real terraform executable. */
  readonly terraform: string;
}

/** A POSIX sh wrapper with no user value in it: it reads the mirror and terraform from its environment. */
export const TERRAFORM_WRAPPER = `#!/bin/sh
# Written by \`realmkit cdktf-env\` (see docs/cdktf-cli.md). cdktf runs
# \`terraform providers lock\`, which ignores provider_installation mirrors; this adds the mirror.
tf="\${REALMKIT_TERRAFORM:-terraform}"
if [ "$1" = "providers" ] && [ "$2" = "lock" ] && [ -n "$REALMKIT_PROVIDER_MIRROR" ]; then
  shift 2
  exec "$tf" providers lock -fs-mirror="$REALMKIT_PROVIDER_MIRROR" "$@"
fi
exec "$tf" "$@"
`;

export function cdktfEnv(options: CdktfEnvOptions): Record<string, string> {
  if (options.offline && !options.mirror) {
    throw new RealmkitError("RK-CLI-BAD-OPTION", "--offline needs a provider mirror: set REALMKIT_PROVIDER_MIRROR", {
      fix: "REALMKIT_PROVIDER_MIRROR=/opt/tf-plugins realmkit cdktf-env --offline (a folder laid out as terraform's filesystem mirror)",
    });
  }
  if (options.mirror && !existsSync(options.mirror)) {
    throw new RealmkitError("RK-CLI-BAD-OPTION", `REALMKIT_PROVIDER_MIRROR=${options.mirror} does not exist`, {
      value: options.mirror,
      fix: "point it at a terraform filesystem mirror, e.g. /opt/tf-plugins",
    });
  }
  mkdirSync(options.dir, { recursive: true });
  const config = writeCliConfig({
    dir: options.dir,
    pluginCacheDir: options.pluginCacheDir,
    mirror: options.mirror,
    offline: options.offline,
  });
  const wrapper = join(resolve(options.dir), "terraform");
  writeFileSync(wrapper, TERRAFORM_WRAPPER);
  chmodSync(wrapper, 0o755);
  const env: Record<string, string> = {
    TF_CLI_CONFIG_FILE: config,
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1",
    CHECKPOINT_DISABLE: "1",
    TERRAFORM_BINARY_NAME: wrapper,
    REALMKIT_TERRAFORM: options.terraform,
  };
  if (options.mirror) env.REALMKIT_PROVIDER_MIRROR = resolve(options.mirror);
  if (options.offline) Object.assign(env, { REALMKIT_OFFLINE: "1", ...OFFLINE_AWS_ENV });
  return env;
}

/** `export NAME='value'` lines for `eval "$(realmkit cdktf-env)"`; values are single-quoted for sh. */
export function exportLines(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([k, v]) => `export ${k}='${v.replace(/'/g, `'\\''`)}'`)
    .join("\n");
}
