import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { RealmkitError, RealmkitErrors } from "../config/errors";
import { LAYERS_DIR, listInventory, realmIdOf, unknownRealmError } from "../config/load";
import { didYouMean } from "../config/suggest";
import type { Provider, Tier } from "../config/types";
import { readYamlFile } from "../config/yaml";
import { formatCidr, overlaps, parseCidr, type Cidr } from "../model/cidr";
import type { RealmModel } from "../model/realm-model";
import { profiles } from "../model/providers";
import { residencyZones } from "../model/residency";
import realmSchema from "../config/realm.schema.json";
import { validateInventory } from "../policy/config-checks";

/** What `realmkit new` was asked for. */
export interface NewRealmRequest {
  readonly dir: string;
  readonly id: string;
  readonly provider: string;
  readonly region: string;
  readonly tier?: string;
  readonly like?: string;
  readonly account?: string;
  readonly wave?: number;
  /** Identity fields of the cloud entry, when `cloudDefaults` or the `--like` realm do not give them. */
  readonly projectNumber?: string;
  readonly tenant?: string;
  readonly planIdentity?: string;
  readonly deployIdentity?: string;
  readonly workloadIdentityProvider?: string;
}

export interface NewRealm {
  readonly file: string;
  readonly text: string;
  readonly cidr: string;
  readonly residency: string;
  readonly wave: number;
}

const PROVIDERS: readonly string[] = realmSchema.definitions.cloud.properties.provider.enum;
const TIERS: readonly string[] = realmSchema.properties.tier.enum;
const CLOUD_NAMES: Readonly<Record<Provider, string>> = { aws: "an AWS", gcp: "a GCP", azure: "an Azure" };
const REALM_ID = new RegExp((realmSchema.properties.realm as { pattern: string }).pattern);
/** Sections a `--like` realm lends the new one; the rest (clouds, network, dns, suppressions, flows) is the new realm's own. */
const LIKE_SECTIONS = ["cluster", "database", "storage", "services", "observability", "app", "tags", "intended"] as const;

/**
 * Writes `<dir>/<id>.yaml` for a new realm that validates as written: residency from the region,
 * the first /16 no realm of the inventory uses, a wave, the tier's layer, and comments saying
 * what to fill in. The file is checked in a copy of the inventory before it is written, so a
 * refused request leaves the inventory untouched.
 */
export function newRealm(req: NewRealmRequest): NewRealm {
  const listing = listInventory(req.dir);
  const ids = listing.files.map(realmIdOf);
  const problems: RealmkitError[] = [];
  const bad = (message: string, value: unknown, fix: string) =>
    problems.push(new RealmkitError("RK-NEW-BAD-REQUEST", message, { value, fix }));

  if (!REALM_ID.test(req.id))
    bad(`\`${req.id}\` is not a realm id`, req.id, "use 2-12 lowercase letters and digits, starting with a letter, e.g. jp1");
  if (ids.includes(req.id))
    bad(
      `realm \`${req.id}\` already exists (${join(req.dir, `${req.id}.yaml`)})`,
      req.id,
      `pick another id, e.g. ${nextId(req.id, ids)}, or edit the existing file`,
    );
  if (!PROVIDERS.includes(req.provider))
    bad(`unknown provider \`${req.provider}\`.${didYouMean(req.provider, PROVIDERS)}`, req.provider, `use one of: ${PROVIDERS.join(", ")}`);
  const tier = req.tier ?? "prod";
  if (!TIERS.includes(tier)) bad(`unknown tier \`${tier}\`.${didYouMean(tier, TIERS)}`, tier, `use one of: ${TIERS.join(", ")}`);
  if (problems.length) throw new RealmkitErrors(problems);
  const provider = req.provider as Provider;
  const region = profiles[provider].regions[req.region];
  if (!region) {
    const known = Object.keys(profiles[provider].regions);
    throw new RealmkitError(
      "RK-NEW-BAD-REQUEST",
      `\`${req.region}\` is not ${CLOUD_NAMES[provider]} region Realmkit knows.${didYouMean(req.region, known)}`,
      {
        value: req.region,
        fix: `use one of: ${known.join(", ")}`,
      },
    );
  }

  const { inventory } = validateInventory(req.dir);
  const like = req.like === undefined ? undefined : findLike(req.dir, req.like, inventory.realms);
  const likeCloud = like?.config.clouds.find((c) => c.provider === provider);
  const peers = inventory.realms.filter((r) => r.config.tier === tier);
  const account = req.account ?? likeCloud?.account ?? soleAccount(peers, provider) ?? soleAccount(inventory.realms, provider);
  if (account === undefined) {
    const known = [
      ...new Set(inventory.realms.flatMap((r) => r.config.clouds.filter((c) => c.provider === provider).map((c) => c.account))),
    ];
    throw new RealmkitError("RK-NEW-BAD-REQUEST", `which ${profiles[provider].accountLabel} should ${req.id} deploy to?`, {
      fix: `pass --account ID${known.length ? ` (the inventory uses: ${known.join(", ")})` : ""}`,
    });
  }
  const residency = region.zone in residencyZones ? region.zone : "global";
  const cidr = nextFreeCidr(inventory.realms);
  const wave = req.wave ?? like?.config.wave ?? commonWave(peers) ?? (tier === "staging" ? 0 : 1);
  const layer = existsSync(join(req.dir, LAYERS_DIR, `${tier}.yaml`)) ? tier : undefined;
  const compliance = like?.config.compliance ?? sharedCompliance(peers);
  const zone = dnsZone(req.id, like, inventory.realms);

  const cloud: Record<string, string> = { provider, region: req.region, account };
  const projectNumber = req.projectNumber ?? (provider === "gcp" && likeCloud?.account === account ? likeCloud.projectNumber : undefined);
  if (projectNumber) cloud.projectNumber = projectNumber;
  const tenant = req.tenant ?? likeCloud?.tenant;
  if (tenant) cloud.tenant = tenant;
  if (req.planIdentity) cloud.planIdentity = req.planIdentity;
  if (req.deployIdentity) cloud.deployIdentity = req.deployIdentity;
  const wip =
    req.workloadIdentityProvider ??
    (likeCloud?.workloadIdentityProvider && projectNumber
      ? likeCloud.workloadIdentityProvider.replace(/^projects\/\d+\//, `projects/${projectNumber}/`)
      : undefined);
  if (wip) cloud.workloadIdentityProvider = wip;

  const text = realmText({ req, tier: tier as Tier, layer, wave, compliance, residency, cloud, cidr, zone, like });
  const file = join(req.dir, `${req.id}.yaml`);
  checkInCopy(req, text);
  writeFileSync(file, text, { flag: "wx" });
  return { file, text, cidr, residency, wave };
}

/** Validates the inventory with the new file in a throw-away copy; the new realm's problems refuse the request. */
function checkInCopy(req: NewRealmRequest, text: string): void {
  const copy = mkdtempSync(join(tmpdir(), "realmkit-new-"));
  try {
    cpSync(req.dir, copy, { recursive: true });
    writeFileSync(join(copy, `${req.id}.yaml`), text);
    const mine = validateInventory(copy).errors.filter((e) => e.realm === req.id);
    if (mine.length === 0) return;
    const hints = mine.map((e) => {
      const hint =
        e.code === "RK-PIPELINE-NO-IDENTITY"
          ? "pass the missing identities (--plan-identity, --deploy-identity, --tenant, --workload-identity-provider) or set them once in `cloudDefaults` of _defaults.yaml"
          : undefined;
      // The copy's paths mean nothing to the user: say it of the file that would have been written.
      const location = e.location && { ...e.location, file: e.location.file.replace(copy, req.dir) };
      // Located in the file that would have been written (nothing is written): the line to fix by flag or layer.
      return new RealmkitError(e.code, `nothing written: the new realm would not validate: ${e.message.replace(`realm ${req.id}: `, "")}`, {
        location,
        realm: req.id,
        value: e.value,
        fix: hint ?? e.fix,
      });
    });
    throw new RealmkitErrors(hints);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

function findLike(dir: string, id: string, realms: readonly RealmModel[]): RealmModel {
  const realm = realms.find((r) => r.id === id);
  if (realm) return realm;
  const exists = listInventory(dir).files.some((f) => realmIdOf(f) === id);
  if (exists) {
    throw new RealmkitError("RK-NEW-BAD-REQUEST", `realm \`${id}\` has problems, so it cannot be the model for a new realm`, {
      value: id,
      fix: `run \`realmkit validate\` and fix ${id} first, or pick another --like realm`,
    });
  }
  throw unknownRealmError(dir, id);
}

function soleAccount(realms: readonly RealmModel[], provider: Provider): string | undefined {
  const accounts = new Set(realms.flatMap((r) => r.config.clouds.filter((c) => c.provider === provider).map((c) => c.account)));
  return accounts.size === 1 ? [...accounts][0] : undefined;
}

/**
 * The first 10.x.0.0/16 that overlaps no network of the inventory: no realm's network, in any
 * account, and no CI network a realm authorizes. Stricter than "free in that account", so any
 * two realms can still be peered later.
 */
export function nextFreeCidr(realms: readonly RealmModel[]): string {
  const taken: Cidr[] = realms
    .flatMap((r) => [r.config.network.cidr, ...(r.config.cluster?.authorizedNetworks ?? [])])
    .map((c) => parseCidr(c))
    .filter((c): c is Cidr => c !== undefined);
  for (let x = 1; x < 256; x++) {
    const candidate: Cidr = { base: (10 * 256 + x) * 65536, prefix: 16 };
    if (!taken.some((t) => overlaps(t, candidate))) return formatCidr(candidate);
  }
  throw new RealmkitError("RK-NEW-BAD-REQUEST", "every 10.x.0.0/16 network is taken by a realm of the inventory", {
    fix: "write the realm file by hand with a network in 172.16.0.0/12 or 192.168.0.0/16",
  });
}

function commonWave(realms: readonly RealmModel[]): number | undefined {
  const counts = new Map<number, number>();
  for (const r of realms) counts.set(r.config.wave, (counts.get(r.config.wave) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0];
}

function sharedCompliance(realms: readonly RealmModel[]): string[] {
  if (realms.length === 0) return [];
  return realms.map((r) => r.config.compliance as string[]).reduce((a, b) => a.filter((x) => b.includes(x)));
}

/** `<id>.<the parent domain the other realms' zones share>`, when they share one. */
function dnsZone(id: string, like: RealmModel | undefined, realms: readonly RealmModel[]): string | undefined {
  const parents = new Set(
    (like ? [like] : realms).flatMap((r) => (r.config.dns?.zone ? [r.config.dns.zone.split(".").slice(1).join(".")] : [])),
  );
  return parents.size === 1 ? `${id}.${[...parents][0]}` : undefined;
}

function nextId(id: string, ids: readonly string[]): string {
  const stem = id.replace(/\d+$/, "");
  for (let n = 1; ; n++) if (!ids.includes(`${stem}${n}`) && REALM_ID.test(`${stem}${n}`)) return `${stem}${n}`;
}

interface TextParts {
  readonly req: NewRealmRequest;
  readonly tier: Tier;
  readonly layer?: string;
  readonly wave: number;
  readonly compliance: readonly string[];
  readonly residency: string;
  readonly cloud: Readonly<Record<string, string>>;
  readonly cidr: string;
  readonly zone?: string;
  readonly like?: RealmModel;
}

/** A string as a double-quoted YAML scalar (JSON's escaping is valid YAML): values never shape the file. */
const quoted = (value: string): string => JSON.stringify(value);

function realmText(p: TextParts): string {
  const { req, cloud } = p;
  const command = [
    "realmkit new",
    req.id,
    "--provider",
    req.provider,
    "--region",
    req.region,
    "--tier",
    p.tier,
    ...(req.like ? ["--like", req.like] : []),
  ].join(" ");
  const lines = [
    `# Realm ${req.id}: written by \`${command}\`.`,
    "# Review every line and fill in what the comments ask, then run `realmkit validate` and",
    "# `realmkit synth`. The keys are explained in docs/realm-file.md.",
    `realm: ${req.id}`,
  ];
  if (p.layer) lines.push(`extends: [${p.layer}]  # the ${p.tier} defaults: realms/${LAYERS_DIR}/${p.layer}.yaml`);
  else lines.push(`tier: ${p.tier}`);
  lines.push(`wave: ${p.wave}  # rollout order: lower waves apply first and bake before the next starts`);
  lines.push(`compliance: [${p.compliance.join(", ")}]  # profiles the guardrails add to the baseline: soc2, hipaa, gdpr, pci`);
  lines.push(`residency: ${p.residency}  # from ${req.region}: every region and data flow of this realm must stay in ${p.residency}`);
  lines.push("clouds:");
  lines.push(`  - provider: ${cloud.provider}`);
  lines.push(`    region: ${cloud.region}`);
  lines.push(
    `    account: ${quoted(cloud.account!)}  # the ${profiles[req.provider as Provider].accountLabel} this realm deploys to: check it`,
  );
  for (const key of ["projectNumber", "tenant", "planIdentity", "deployIdentity", "workloadIdentityProvider"]) {
    if (cloud[key]) lines.push(`    ${key}: ${quoted(cloud[key])}`);
  }
  lines.push(`network: { cidr: ${p.cidr} }  # the first /16 no realm of the inventory uses`);
  if (p.zone) lines.push(`dns: { zone: ${p.zone} }  # the realm's public DNS zone; delegate it from the parent zone`);
  else lines.push(`# dns: { zone: ${req.id}.example.com }  # fill in: the realm's public DNS zone`);
  const own = p.like ? readYamlFile(p.like.file, req.dir).value : undefined;
  const lent = LIKE_SECTIONS.filter((k) => own?.[k] !== undefined);
  if (p.like && lent.length) {
    lines.push(`# Copied from ${p.like.id} (${p.like.file}); adjust what differs for ${req.id}:`);
    // The yaml library writes the copied values, quoting whatever needs it.
    lines.push(stringify(Object.fromEntries(lent.map((key) => [key, plain(own![key])]))).trimEnd());
  }
  lines.push("# Fill in what this realm needs beyond its layers (see docs/realm-file.md):");
  if (!lent.includes("storage")) lines.push("# storage: { buckets: [documents] }");
  if (!lent.includes("services")) lines.push('# services: { payments: { url: "https://api.payments.example.com", secret: true } }');
  if (!lent.includes("observability")) lines.push("# observability: { alertEmails: [ops@example.com] }");
  if (!lent.includes("tags")) lines.push('# tags: { cost-center: "4711" }');
  lines.push("# suppressions and dataFlows are per realm: add them here only with an approval.");
  return `${lines.join("\n")}\n`;
}

/** A parsed YAML value with ordinary objects, for stringify. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}
