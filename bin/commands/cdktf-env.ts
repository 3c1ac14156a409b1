import type { Command } from "commander";
import { action, EXIT_OK, printJson } from "../cli-support";

export function registerCdktfEnv(program: Command): void {
  program
    .command("cdktf-env")
    .description('print the environment for `npx cdktf synth|diff|deploy` with the provider mirror: eval "$(realmkit cdktf-env --offline)"')
    .option("--offline", "local state, dummy AWS credentials, providers only from REALMKIT_PROVIDER_MIRROR")
    .option("--dir <dir>", "where the terraform CLI config and wrapper are written", ".realmkit/cdktf")
    .option("--json", "print the variables as JSON")
    .action(
      action(async (opts: { offline?: boolean; dir: string; json?: boolean }) => {
        const [{ cdktfEnv, exportLines }, { AWS_IDENTITY_VARS }, { terraformSettings }, { cdktfCliSupport }] = await Promise.all([
          import("../../lib/terraform/cdktf-env"),
          import("../../lib/terraform/cli"),
          import("../terraform-env"),
          import("../../lib/terraform/cdktf-cli-support"),
        ]);
        // Said before the user runs cdktf, not as its native-module stack trace afterwards.
        const support = cdktfCliSupport();
        if (!support.runnable) process.stderr.write(`warning: ${support.reason}\n`);
        const settings = terraformSettings();
        const env = cdktfEnv({
          dir: opts.dir,
          mirror: settings.mirror,
          pluginCacheDir: settings.pluginCacheDir,
          offline: Boolean(opts.offline),
          terraform: settings.bin ?? "terraform",
        });
        if (opts.json) printJson(env);
        // Offline, a real AWS identity in the shell must not reach a plan: unset it first.
        else process.stdout.write(`${opts.offline ? `unset ${AWS_IDENTITY_VARS.join(" ")}\n` : ""}${exportLines(env)}\n`);
        return EXIT_OK;
      }),
    );
}
