import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A generated inventory of `count` realms for benchmarks: the sample realms cycled, each
 * copy with its own id, network, DNS zone and Datadog API key secret name so the cross-realm
 * checks pass (copies share the samples' accounts).
 */
export function generateInventory(samples: string, count: number): string {
  const dir = mkdtempSync(join(tmpdir(), `realmkit-bench-${count}-`));
  cpSync(join(samples, "_defaults.yaml"), join(dir, "_defaults.yaml"));
  cpSync(join(samples, "_layers"), join(dir, "_layers"), { recursive: true });
  const templates = readdirSync(samples)
    .filter((f) => f.endsWith(".yaml") && !f.startsWith("_"))
    .map((f) => ({ id: f.replace(/\.yaml$/, ""), text: readFileSync(join(samples, f), "utf8") }));
  for (let i = 0; i < count; i++) {
    const template = templates[i % templates.length]!;
    const id = `b${i}`;
    const cidr = `10.${Math.floor(i / 16)}.${(i % 16) * 16}.0/20`;
    const text = template.text
      .replace(new RegExp(`^realm: ${template.id}$`, "m"), `realm: ${id}`)
      .replace(/cidr: [\d./]+/, `cidr: ${cidr}`)
      .replace(/zone: [\w.-]+/, `zone: ${id}.bench.example.com`)
      .replace(/account: "?([\w-]+)"?/g, (_m, account: string) => `account: "${account}"`)
      .replace(/(\bto: )([\w-]+)/g, (m, key: string, to: string) => {
        // A data flow to another sample realm goes to that realm's copy in the same cycle (or
        // the first cycle); with too few realms for either, to the residency it would stay in.
        const j = templates.findIndex((t) => t.id === to);
        if (j < 0) return m;
        const same = i - (i % templates.length) + j;
        if (same < count) return `${key}b${same}`;
        if (j < count) return `${key}b${j}`;
        return `${key}${/^residency: (\w+)$/m.exec(templates[j]!.text)?.[1] ?? "internet"}`;
      });
    writeFileSync(join(dir, `${id}.yaml`), withOwnSecretName(text, `${id}-datadog-api-key`));
  }
  return dir;
}

/** The realm text with `observability.datadog.apiKeySecretName` set, whichever form its observability block takes. */
function withOwnSecretName(text: string, name: string): string {
  const entry = `apiKeySecretName: ${name}`;
  if (/^ {2}datadog: \{ /m.test(text)) return text.replace(/^( {2}datadog: \{ )/m, `$1${entry}, `);
  if (/^observability: \{ /m.test(text)) return text.replace(/^(observability: \{ )/m, `$1datadog: { ${entry} }, `);
  if (/^observability:\n/m.test(text)) return text.replace(/^(observability:\n)/m, `$1  datadog: { ${entry} }\n`);
  return `${text.trimEnd()}\nobservability: { datadog: { ${entry} } }\n`;
}
