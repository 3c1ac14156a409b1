import type { Command } from "commander";
import { RealmkitError } from "../../lib/config/errors";
import { loadInventory } from "../../lib/model/inventory";
import type { BackendMode } from "../../lib/stacks/kit";
import { action, defaultRealmsDir, EXIT_OK, EXIT_USER } from "../cli-support";

export function parseBackend(value: string): BackendMode {
  if (value === "local" || value === "remote") return value;
  throw new RealmkitError("RK-CLI-BAD-OPTION", `--backend must be local or remote, got \`${value}\``, {
    value,
    fix: "use --backend remote (state in the cloud) or --backend local (offline previews and tests)",
  });
}

/**
 * cdktf, the provider bindings and the guardrails load only when a command synthesizes: the
 * commands that only read the inventory (validate, list, explain) start three times faster.
 */
async function synthesisModules() {
  const [{ synthesize }, { SynthGate, PolicyGateClosed }, { openSynthCache }, { phases }, { synthesizeAndCheckFleet }] = await Promise.all([
    import("../../lib/stacks/synth"),
    import("../policy-gate"),
    import("../../lib/stacks/synth-cache"),
    import("../phases"),
    import("../fleet-gate"),
  ]);
  return { synthesize, SynthGate, PolicyGateClosed, openSynthCache, phases, synthesizeAndCheckFleet };
}

export function registerSynth(program: Command): void {
  program
    .command("synth")
    .description("synthesize one Terraform JSON stack per realm/provider pair (cdktf.out layout), checked by the guardrails")
    .option("--realms <dir>", "realm inventory folder", defaultRealmsDir())
    .option("--out <dir>", "output folder", "cdktf.out")
    .option("--backend <mode>", "remote | local", process.env.REALMKIT_BACKEND ?? "remote")
    .option("--no-cache", "synthesize every stack afresh (also REALMKIT_SYNTH_CACHE=off)")
    .action(
      action(async (opts: { realms: string; out: string; backend: string; cache: boolean }) => {
        const backend = parseBackend(opts.backend);
        const { synthesize, SynthGate, PolicyGateClosed, openSynthCache, phases, synthesizeAndCheckFleet } = await synthesisModules();
        const progress = phases("synth");
        const started = Date.now();
        const cache = openSynthCache(process.env, opts.cache);
        progress.phase("load", opts.realms);
        const inventory = loadInventory(opts.realms, undefined, cache?.realms);
        const loaded = Date.now();
        const total = inventory.realms.reduce((n, r) => n + r.targets.length, 0);
        progress.end(`${inventory.realms.length} realms${cache ? `, ${cache.realms.hits} unchanged files not parsed again` : ""}`);
        progress.phase("synthesize and check", `0/${total} stacks`);
        let written = 0;
        const gate = new SynthGate(inventory, cache);
        let checksMs = 0;
        const timed = (run: () => void) => {
          const t = Date.now();
          try {
            run();
          } finally {
            checksMs += Date.now() - t;
          }
        };
        let stacks;
        let fleet: string | undefined;
        // Only Realmkit's own output is replaced (lib/output): the path is checked before
        // anything is built, and one run at a time holds the folder.
        const { withLockedOutput } = await import("../../lib/output/locked");
        try {
          // Each batch is checked once written; the verdict comes before the staged output
          // replaces the old: a violation leaves the previous output in place.
          stacks = await withLockedOutput(opts.out, { realmsDir: opts.realms, example: "cdktf.out" }, (lock) =>
            synthesize(inventory, {
              backend,
              outdir: opts.out,
              cache,
              afterBatch: (batch) => {
                timed(() => gate.check(batch));
                written += batch.length;
                progress.update(`${written}/${total} stacks`);
              },
              besideRealms: (dir) => {
                fleet = synthesizeAndCheckFleet(inventory, dir, { backend }, cache);
              },
              beforeCommit: () => {
                progress.end(
                  `${total} stacks${cache ? `, ${cache.reused} from the cache, ${gate.checked} checked, ${gate.reused} verdicts reused` : ""}`,
                );
                progress.phase("verdict and output", opts.out);
                timed(() => gate.close());
                // A run that lost its lock must not replace what the other run writes.
                lock.assertHeld();
              },
            }),
          );
          progress.close();
        } catch (err) {
          progress.close();
          if (!(err instanceof PolicyGateClosed)) throw err;
          process.stderr.write(`${opts.out} was left unchanged\n`);
          return EXIT_USER;
        }
        const done = Date.now();
        if (fleet) process.stdout.write(`${fleet}: the aggregator and paging of the inventory, written beside the realm stacks\n`);
        process.stdout.write(
          `synthesized ${stacks.length} stacks for ${inventory.realms.length} realms into ${opts.out} in ${done - started} ms ` +
            `(load ${loaded - started} ms, build and write ${done - loaded - checksMs} ms, checks ${checksMs} ms)` +
            (cache ? `; cache: ${cache.reused} of ${stacks.length} stacks reused, ${gate.reused} verdicts reused\n` : "; cache off\n"),
        );
        return EXIT_OK;
      }),
    );
}
