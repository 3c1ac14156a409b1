import type { Command } from "commander";
import { RealmkitError, RealmkitErrors, formatLocation, type SourceLocation } from "../../lib/config/errors";
import { locate as locateIn } from "../../lib/config/merge";
import { dottedToPointer } from "../../lib/config/pointer";
import { unknownRealmError } from "../../lib/config/load";
import { didYouMean } from "../../lib/config/suggest";
import { inspectInventory } from "../../lib/model/inventory";
import type { CloudTarget, RealmModel } from "../../lib/model/realm-model";
import { buildRuntimeDocument, publishesRuntimeConfig, runtimeConfigKey } from "../../lib/runtime/document";
import { formatRuntimeDocument, RUNTIME_FORMATS, type RuntimeFormat } from "../../lib/runtime/format";
import { placeholderRefs } from "../../lib/runtime/placeholders";
import { action, defaultRealmsDir, printJson } from "../cli-support";
import { table } from "../table";

interface ConfigOptions {
  readonly realms: string;
  readonly format?: string;
  readonly provider?: string;
  readonly explain?: boolean;
}

export function registerConfig(program: Command): void {
  program
    .command("config")
    .description("show a realm's runtime configuration document as the application will read it")
    .argument("<realm>", "realm id, e.g. us2")
    .option("--realms <dir>", "realm inventory folder", defaultRealmsDir())
    .option("--format <format>", `output format: ${RUNTIME_FORMATS.join(", ")} (default json; with --explain a table)`)
    .option(
      "--provider <provider>",
      "for a realm on several clouds: the cloud whose document to show (default: the first that publishes one)",
    )
    .option("--explain", "show the file:line that set every value (with --format json: as JSON)")
    .action(
      action((realmId: string, opts: ConfigOptions) => {
        const format = opts.format === undefined ? undefined : checkFormat(opts.format);
        const realm = loadRealm(opts.realms, realmId);
        const target = pickTarget(realm, opts.provider);
        // The model holds realm strings escaped for Terraform (`$${`); the application sees what the user wrote.
        const raw = { ...realm, config: realm.resolved.config };
        const { document, origins } = buildRuntimeDocument(raw, target, placeholderRefs(raw, target));
        const locate = (configPath: string): SourceLocation | undefined => locateIn(realm.resolved.provenance, dottedToPointer(configPath));

        if (opts.explain) {
          const rows = origins.map((o) => {
            const source = o.configPath === undefined ? undefined : locate(o.configPath);
            return { path: o.path, configPath: o.configPath, setBy: source ? formatLocation(source) : undefined, note: o.note };
          });
          if (format === "json")
            return printJson({ key: runtimeConfigKey(target.provider, realm.id), stack: target.stackId, values: rows });
          process.stdout.write(
            table(
              ["PATH", "FROM", "SET BY"],
              rows.map((r) => [r.path, r.configPath ?? "-", [r.setBy, r.note].filter(Boolean).join("; ") || "-"]),
            ),
          );
          return;
        }
        if (!publishesRuntimeConfig(target)) {
          process.stderr.write(
            `note: stack ${target.stackId} deploys no cluster, so it publishes no runtime configuration; shown as it would be\n`,
          );
        }
        process.stdout.write(
          formatRuntimeDocument(document, format ?? "json", (path) => locate(`app.settings.${path.replace(/^settings\./, "")}`)),
        );
      }),
    );
}

function checkFormat(format: string): RuntimeFormat {
  if ((RUNTIME_FORMATS as readonly string[]).includes(format)) return format as RuntimeFormat;
  throw new RealmkitError("RK-CLI-BAD-OPTION", `--format ${format} is not a runtime configuration format`, {
    value: format,
    fix: `use one of ${RUNTIME_FORMATS.join(", ")}`,
  });
}

function loadRealm(dir: string, realmId: string): RealmModel {
  const { inventory, errors } = inspectInventory(dir, [realmId]);
  const mine = errors.filter((e) => e.realm === realmId || e.realm === undefined);
  if (mine.length) throw new RealmkitErrors(mine);
  const realm = inventory.realms.find((r) => r.id === realmId);
  if (!realm) {
    throw unknownRealmError(dir, realmId);
  }
  return realm;
}

function pickTarget(realm: RealmModel, provider: string | undefined): CloudTarget {
  if (provider === undefined) return realm.targets.find(publishesRuntimeConfig) ?? realm.targets[0]!;
  const target = realm.targets.find((t) => t.provider === provider);
  if (target) return target;
  throw new RealmkitError(
    "RK-CLI-BAD-OPTION",
    `realm ${realm.id} has no ${provider} cloud.${didYouMean(
      provider,
      realm.targets.map((t) => t.provider),
    )}`,
    {
      realm: realm.id,
      value: provider,
      fix: `use one of ${realm.targets.map((t) => t.provider).join(", ")}`,
    },
  );
}
