import type { Command } from "commander";
import { RealmkitError } from "../../lib/config/errors";
import { action, defaultRealmsDir, EXIT_OK } from "../cli-support";

interface NewOptions {
  readonly provider: string;
  readonly region: string;
  readonly tier?: string;
  readonly like?: string;
  readonly account?: string;
  readonly wave?: string;
  readonly projectNumber?: string;
  readonly tenant?: string;
  readonly planIdentity?: string;
  readonly deployIdentity?: string;
  readonly workloadIdentityProvider?: string;
  readonly realms: string;
}

function wave(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,2}$/.test(value))
    throw new RealmkitError("RK-CLI-BAD-OPTION", `--wave must be a wave number from 0 to 99, got \`${value}\``, {
      value,
      fix: "e.g. --wave 2",
    });
  return Number(value);
}

export function registerNew(program: Command): void {
  program
    .command("new")
    .description("write a new realm file that validates: residency from the region, a free network, a wave, the tier's layer")
    .argument("<id>", "realm id, e.g. jp1 (2-12 lowercase letters and digits)")
    .requiredOption("--provider <provider>", "aws | gcp | azure")
    .requiredOption("--region <region>", "the cloud region, e.g. ap-northeast-1")
    .option("--tier <tier>", "prod | staging | dev (default prod)")
    .option("--like <realm>", "copy the sections of an existing realm (cluster, database, storage, services, ...)")
    .option("--account <id>", "account / project / subscription (default: the one the tier's realms on that cloud share)")
    .option("--wave <n>", "rollout wave (default: the --like realm's, else the tier's usual one)")
    .option("--project-number <n>", "GCP project number (quoted digits)")
    .option("--tenant <guid>", "Azure tenant id")
    .option("--plan-identity <id>", "CI identity for plans, when cloudDefaults does not give it")
    .option("--deploy-identity <id>", "CI identity for applies, when cloudDefaults does not give it")
    .option("--workload-identity-provider <name>", "GCP workload identity provider for CI")
    .option("--realms <dir>", "realm inventory folder", defaultRealmsDir())
    .action(
      action(async (id: string, opts: NewOptions) => {
        // Loaded on use: registering commands stays free of the checks and the schema.
        const { newRealm } = await import("../../lib/scaffold/new-realm");
        const made = newRealm({ ...opts, dir: opts.realms, id, wave: wave(opts.wave) });
        process.stdout.write(
          `${made.file}: realm ${id} (residency ${made.residency}, network ${made.cidr}, wave ${made.wave}) validates.\n`,
        );
        process.stdout.write(`next: fill in what its comments ask, then \`realmkit validate\` and \`realmkit synth\`\n`);
        return EXIT_OK;
      }),
    );
}
