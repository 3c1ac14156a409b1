import type { Command } from "commander";
import { RealmkitError } from "../../lib/config/errors";
import { loadInventory } from "../../lib/model/inventory";
import type { BackendMode } from "../../lib/stacks/kit";
import { synthesize } from "../../lib/stacks/synth";
import { action, defaultRealmsDir, EXIT_OK, EXIT_USER } from "../cli-support";
import { gate, PolicyGateClosed } from "../policy-gate";

export function parseBackend(value: string): BackendMode {
  if (value === "local" || value === "remote") return value;
  throw new RealmkitError("RK-CLI-BAD-OPTION", `--backend must be local or remote, got \`${value}\``, {
    value,
    fix: "use --backend remote (state in the cloud) or --backend local (offline previews and tests)",
  });
}

export function registerSynth(program: Command): void {
  program
    .command("synth")
    .description("synthesize one Terraform JSON stack per realm/provider pair (cdktf.out layout), checked by the guardrails")
    .option("--realms <dir>", "realm inventory folder", defaultRealmsDir())
    .option("--out <dir>", "output folder", "cdktf.out")
    .option("--backend <mode>", "remote | local", process.env.REALMKIT_BACKEND ?? "remote")
    .action(
      action((opts: { realms: string; out: string; backend: string }) => {
        const backend = parseBackend(opts.backend);
        const inventory = loadInventory(opts.realms);
        const started = Date.now();
        let stacks;
        try {
          // The guardrails run on the staged output: a violation leaves the previous output in place.
          stacks = synthesize(inventory, { backend, outdir: opts.out, beforeCommit: (staged) => gate(inventory, staged) });
        } catch (err) {
          if (!(err instanceof PolicyGateClosed)) throw err;
          process.stderr.write(`${opts.out} was left unchanged\n`);
          return EXIT_USER;
        }
        process.stdout.write(`synthesized ${stacks.length} stacks for ${inventory.realms.length} realms into ${opts.out} in ${Date.now() - started} ms\n`);
        return EXIT_OK;
      }),
    );
}
