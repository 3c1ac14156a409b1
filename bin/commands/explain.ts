import type { Command } from "commander";
import { RealmkitErrors, formatLocation } from "../../lib/config/errors";
import { explain, type ExplainedValue } from "../../lib/config/explain";
import { unknownRealmError } from "../../lib/config/load";
import { inspectInventory } from "../../lib/model/inventory";
import { action, defaultRealmsDir, printJson } from "../cli-support";
import { table } from "../table";

function shown(v: ExplainedValue): string {
  if (v.removed) return "(removed)";
  if (v.dropped)
    return `(dropped: ${JSON.stringify(v.value)} overridden by ${v.dropped.by}${v.dropped.at ? ` at ${formatLocation(v.dropped.at)}` : ""})`;
  return JSON.stringify(v.value);
}

export function registerExplain(program: Command): void {
  program
    .command("explain")
    .description("show a realm's resolved values and the file:line that set each")
    .argument("<realm>", "realm id, e.g. us2")
    .argument("[path]", "dotted path, e.g. database.backupRetentionDays or clouds[0].region")
    .option("--realms <dir>", "realm inventory folder", defaultRealmsDir())
    .option("--json", "print as JSON")
    .action(
      action((realmId: string, path: string | undefined, opts: { realms: string; json?: boolean }) => {
        const { inventory, errors } = inspectInventory(opts.realms, [realmId]);
        const mine = errors.filter((e) => e.realm === realmId || e.realm === undefined);
        if (mine.length) throw new RealmkitErrors(mine);
        const realm = inventory.realms.find((r) => r.id === realmId);
        if (!realm) {
          throw unknownRealmError(opts.realms, realmId);
        }
        const values = explain(realm.resolved, path ?? "");
        if (opts.json) return printJson(values);
        process.stdout.write(
          table(
            ["PATH", "VALUE", "SET BY"],
            values.map((v) => [v.path, shown(v), v.source ? formatLocation(v.source) : "-"]),
          ),
        );
      }),
    );
}
