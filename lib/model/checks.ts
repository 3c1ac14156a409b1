import type { ResolvedRealm } from "../config/load";
import { formatLocation, RealmkitError } from "../config/errors";
import { didYouMean } from "../config/suggest";
import { newerFirst, type Recency } from "./recency";
import { locate } from "../config/merge";
import type { Pointer } from "../config/pointer";
import { COMPONENTS, type Provider } from "../config/types";
import { isPrivate, overlaps, parseCidr } from "./cidr";
import { isEndpoint, maskCredentials, parseEndpoint } from "../config/endpoint";
import { profiles } from "./providers";
import { checkRealmSecrets } from "./secret-values";
import { checkSuppressions } from "./suppression-checks";
import { checkFleetState, checkFleetStateAgreement } from "./fleet-state-checks";
import { checkApiKeySecretNames } from "./log-forwarding-checks";
import { allowedRegions, isKnownResidency, regionAllowed, residencyZones } from "./residency";
import { ALERT_SIGNALS } from "./alerts";

/**
 * Checks the schema cannot express: catalogues (regions, zones, residency), address
 * arithmetic and consistency between fields. Each problem points at the line that set it.
 */
export function checkRealm(realm: ResolvedRealm, now: Date = new Date()): RealmkitError[] {
  return [...checkRealmConfig(realm), ...checkSuppressions(realm, now)];
}

/**
 * The part of checkRealm that depends on the realm's configuration (and Realmkit's code) only,
 * not on the day: the load cache may remember that a filed realm passed it. Suppression expiry
 * is checked against today on every load.
 */
export function checkRealmConfig(realm: ResolvedRealm): RealmkitError[] {
  const { config } = realm;
  const problems: RealmkitError[] = [];
  const fail = (code: string, pointer: Pointer, message: string, fix: string, value?: unknown): void => {
    problems.push(new RealmkitError(code, message, { location: locate(realm.provenance, pointer), value, fix, realm: realm.id }));
  };

  const residencyOk = isKnownResidency(config.residency);
  if (!residencyOk) {
    const known = Object.keys(residencyZones);
    fail(
      "RK-CONFIG-UNKNOWN-RESIDENCY",
      "/residency",
      `unknown residency \`${config.residency}\`.${didYouMean(config.residency, known)}`,
      `use one of: ${known.join(", ")}`,
      config.residency,
    );
  }

  const seenProviders = new Set<string>();
  config.clouds.forEach((cloud, i) => {
    const at = `/clouds/${i}`;
    const profile = profiles[cloud.provider];
    if (seenProviders.has(cloud.provider)) {
      fail(
        "RK-CONFIG-DUPLICATE-CLOUD",
        `${at}/provider`,
        `\`${cloud.provider}\` is listed twice in \`clouds\`; a realm has one stack per provider`,
        "merge the two entries into one",
        cloud.provider,
      );
    }
    seenProviders.add(cloud.provider);

    const region = profile.regions[cloud.region];
    if (!region) {
      const known = Object.keys(profile.regions);
      fail(
        "RK-CONFIG-UNKNOWN-REGION",
        `${at}/region`,
        `\`${cloud.region}\` is not ${CLOUD_NAMES[cloud.provider]} region Realmkit knows.${didYouMean(cloud.region, known)}`,
        residencyOk && allowedRegions(cloud.provider, config.residency).length
          ? `use a region of residency ${config.residency}: ${allowedRegions(cloud.provider, config.residency).join(", ")}`
          : `use one of: ${known.join(", ")}`,
        cloud.region,
      );
    } else {
      if (residencyOk && !regionAllowed(cloud.provider, cloud.region, config.residency)) {
        const allowed = allowedRegions(cloud.provider, config.residency);
        fail(
          "RK-CONFIG-RESIDENCY",
          `${at}/region`,
          `${cloud.provider} region \`${cloud.region}\` (${region.zone}) is outside the realm's residency \`${config.residency}\``,
          allowed.length
            ? `pick a region in ${config.residency}: ${allowed.join(", ")}`
            : `${cloud.provider} has no region in ${config.residency}; change the residency or the provider`,
          cloud.region,
        );
      }
      const maxZones = Math.max(1, region.zones.length);
      if (i === 0 && config.network.zones > maxZones) {
        fail(
          "RK-CONFIG-ZONES",
          "/network/zones",
          `network.zones is ${config.network.zones} but ${cloud.region} has ${region.zones.length || "no"} availability zone(s)`,
          `set network.zones between 1 and ${maxZones}`,
          config.network.zones,
        );
      }
    }

    if (i === 0 && cloud.components) {
      fail(
        "RK-CONFIG-INVALID-VALUE",
        `${at}/components`,
        "`components` applies to further clouds only; the primary cloud deploys every configured component",
        "remove `components` from the first cloud entry",
        cloud.components,
      );
    }
    for (const component of cloud.components ?? []) {
      if (!isConfigured(realm, component)) {
        fail(
          "RK-CONFIG-INVALID-VALUE",
          `${at}/components`,
          `cloud ${cloud.provider} lists component \`${component}\`, but the realm does not configure it`,
          `add \`${component}:\` to the realm or remove it from components (known: ${COMPONENTS.join(", ")})`,
          component,
        );
      }
    }
    if (profile.accountPattern && !profile.accountPattern.test(cloud.account)) {
      fail(
        "RK-CONFIG-INVALID-VALUE",
        `${at}/account`,
        `${JSON.stringify(cloud.account)} is not a valid ${profile.accountLabel}`,
        `write the ${profile.accountLabel}: ${ACCOUNT_FORMS[cloud.provider]}`,
        cloud.account,
      );
    }
    for (const rule of profile.identityFields ?? []) {
      const v = cloud[rule.field];
      if (typeof v === "string" && !rule.pattern(cloud).test(v)) {
        fail(
          "RK-CONFIG-INVALID-VALUE",
          `${at}/${rule.field}`,
          `\`${rule.field}\` \`${v}\` is not ${rule.label(cloud)}`,
          `write it like ${rule.example(cloud)}`,
          v,
        );
      }
    }
    for (const [field, only] of Object.entries(PROVIDER_ONLY_FIELDS)) {
      if ((cloud as unknown as Record<string, unknown>)[field] !== undefined && cloud.provider !== only) {
        fail(
          "RK-CONFIG-INVALID-VALUE",
          `${at}/${field}`,
          `\`${field}\` applies to ${only} cloud entries only, not ${cloud.provider}`,
          `remove \`${field}\` from the ${cloud.provider} entry`,
          (cloud as unknown as Record<string, unknown>)[field],
        );
      }
    }
    const state = config.state?.[cloud.provider];
    if (!state) {
      fail(
        "RK-CONFIG-NO-STATE",
        at,
        `no remote state settings for ${cloud.provider}`,
        `add \`state.${cloud.provider}\` to realms/_defaults.yaml (see README "Remote state")`,
      );
    }
  });

  const cidr = parseCidr(config.network.cidr);
  if (!cidr) {
    fail(
      "RK-CONFIG-CIDR",
      "/network/cidr",
      `\`${config.network.cidr}\` is not a valid IPv4 network (address must be the start of its block)`,
      "write it like 10.20.0.0/16",
      config.network.cidr,
    );
  } else if (!isPrivate(cidr)) {
    fail(
      "RK-CONFIG-CIDR",
      "/network/cidr",
      `\`${config.network.cidr}\` is not a private range`,
      "use a range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16",
      config.network.cidr,
    );
  } else {
    for (const cloud of config.clouds) {
      try {
        profiles[cloud.provider].networkLayout(config.network.cidr, config.network.zones);
      } catch (err) {
        if (!(err instanceof RangeError)) throw err;
        fail(
          "RK-CONFIG-CIDR-SIZE",
          "/network/cidr",
          `${err.message} (${cloud.provider})`,
          "use a larger network (e.g. a /16 or /20) or fewer zones",
          config.network.cidr,
        );
      }
    }
  }

  config.cluster?.nodePools.forEach((pool, i) => {
    if (pool.min > pool.max) {
      fail(
        "RK-CONFIG-INVALID-VALUE",
        `/cluster/nodePools/${i}/min`,
        `node pool \`${pool.name}\` has min ${pool.min} above max ${pool.max}`,
        "make min less than or equal to max",
        pool.min,
      );
    }
  });
  const names = config.cluster?.nodePools.map((p) => p.name) ?? [];
  names.forEach((name, i) => {
    if (names.indexOf(name) !== i)
      fail(
        "RK-CONFIG-INVALID-VALUE",
        `/cluster/nodePools/${i}/name`,
        `node pool name \`${name}\` is used twice`,
        "give every node pool its own name",
        name,
      );
  });
  // Flows are reported and priced by name: two flows of one name would be one line in every view.
  const flowNames = (config.dataFlows ?? []).map((f) => f.name);
  flowNames.forEach((name, i) => {
    if (flowNames.indexOf(name) !== i)
      fail(
        "RK-CONFIG-INVALID-VALUE",
        `/dataFlows/${i}/name`,
        `data flow name \`${name}\` is used twice`,
        "give every data flow its own name",
        name,
      );
  });
  for (const [name, service] of Object.entries(config.services ?? {})) checkServiceUrl(name, service.url, fail);
  const db = config.database;
  if (db && !("external" in db) && db.maxStorageGb !== undefined && db.maxStorageGb < db.storageGb) {
    fail(
      "RK-CONFIG-INVALID-VALUE",
      "/database/maxStorageGb",
      `database.maxStorageGb (${db.maxStorageGb}) is below storageGb (${db.storageGb})`,
      "raise maxStorageGb or remove it",
      db.maxStorageGb,
    );
  }
  // Percent alerts above 100 could never fire (or, for free storage, always would).
  for (const signal of ALERT_SIGNALS) {
    const threshold = config.observability?.alerts?.[signal.id]?.threshold;
    if (signal.max !== undefined && threshold !== undefined && threshold > signal.max) {
      fail(
        "RK-CONFIG-INVALID-VALUE",
        `/observability/alerts/${signal.id}/threshold`,
        `observability.alerts.${signal.id}.threshold is ${threshold}, but it is a percentage`,
        `use a value between 0 and ${signal.max}`,
        threshold,
      );
    }
  }
  problems.push(...checkRealmSecrets(realm), ...checkFleetState(realm));
  return problems;
}

type Fail = (code: string, pointer: Pointer, message: string, fix: string, value?: unknown) => void;

function checkServiceUrl(name: string, url: string, fail: Fail): void {
  const parsed = parseEndpoint(url);
  if (isEndpoint(parsed)) return;
  const at = `/services/${name.replace(/~/g, "~0").replace(/\//g, "~1")}/url`;
  const where = `\`services.${name}.url\``;
  switch (parsed.kind) {
    case "credentials":
      return fail(
        "RK-CONFIG-SERVICE-URL",
        at,
        `${where} carries credentials (${parsed.masked})`,
        "remove the user and password from the URL; set `secret: true` and store them in the service's secret",
        parsed.masked,
      );
    case "no-port":
      return fail(
        "RK-CONFIG-SERVICE-URL",
        at,
        `${where} uses \`${parsed.scheme}://\`, which has no well-known port`,
        `add the port, e.g. ${parsed.scheme}://${"host.example.com"}:8443`,
        maskCredentials(url),
      );
    case "bad-port":
      return fail(
        "RK-CONFIG-SERVICE-URL",
        at,
        `${where} has port \`${parsed.port}\`; a port is a number from 1 to 65535`,
        "write the service's TCP port, e.g. amqps://mq.example.com:5671",
        maskCredentials(url),
      );
    default:
      return fail(
        "RK-CONFIG-SERVICE-URL",
        at,
        `${where} is \`${maskCredentials(url)}\`, which is not a service address`,
        "write scheme://host[:port][/path] (e.g. https://api.example.com, smtps://smtp.example.com:465, ldaps://ldap.example.com) or host:port (e.g. mq.example.com:5671)",
        maskCredentials(url),
      );
  }
}

const CLOUD_NAMES: Readonly<Record<Provider, string>> = { aws: "an AWS", gcp: "a GCP", azure: "an Azure" };

/** What a valid `account` looks like, in words and by example (the pattern lives in the provider profile). */
const ACCOUNT_FORMS: Readonly<Record<Provider, string>> = {
  aws: 'the 12 digits, quoted, e.g. "111122223333"',
  gcp: "6-30 lowercase letters, digits and '-', starting with a letter and not ending with '-', e.g. ibc-prod-eu1",
  azure: "a lowercase GUID, e.g. 8f2d6c1e-5b3a-4c7d-9e0f-1a2b3c4d5e6f",
};

/** Cloud entry fields that mean something on one provider only. */
const PROVIDER_ONLY_FIELDS: Readonly<Record<string, Provider>> = {
  projectNumber: "gcp",
  workloadIdentityProvider: "gcp",
  tenant: "azure",
};

function isConfigured(realm: ResolvedRealm, component: string): boolean {
  if (component === "network" || component === "keys") return true;
  return (realm.config as unknown as Record<string, unknown>)[component] !== undefined;
}

/**
 * Checks between realms: two realms must not claim the same DNS zone or overlapping networks in
 * one account. Each clash is reported at the newer realm (see recency.ts), naming the other and
 * where it set the clashing value, since the newer file is where the user is acting.
 */
export function checkInventory(realms: readonly ResolvedRealm[], recency: Recency = byName): RealmkitError[] {
  const problems: RealmkitError[] = [];
  const ordered = (a: ResolvedRealm, b: ResolvedRealm) => newerFirst(a, b, (r) => r.file, recency);
  const zones = new Map<string, ResolvedRealm>();
  for (const realm of realms) {
    const zone = realm.config.dns?.zone;
    if (!zone) continue;
    const first = zones.get(zone);
    if (!first) {
      zones.set(zone, realm);
      continue;
    }
    const [newer, older] = ordered(realm, first);
    problems.push(
      new RealmkitError(
        "RK-CONFIG-DUPLICATE-ZONE",
        `DNS zone \`${zone}\` is also used by realm \`${older.id}\` (${where(older, "/dns/zone")})`,
        {
          location: locate(newer.provenance, "/dns/zone"),
          value: zone,
          realm: newer.id,
          fix: `give each realm its own dns.zone, e.g. ${newer.id}.${zone.split(".").slice(1).join(".") || zone}`,
        },
      ),
    );
  }
  for (let i = 0; i < realms.length; i++) {
    for (let j = i + 1; j < realms.length; j++) {
      const [a, b] = [realms[i]!, realms[j]!];
      const ca = parseCidr(a.config.network.cidr);
      const cb = parseCidr(b.config.network.cidr);
      if (!ca || !cb || !overlaps(ca, cb)) continue;
      const shared = a.config.clouds.find((x) => b.config.clouds.some((y) => y.provider === x.provider && y.account === x.account));
      if (!shared) continue;
      const [newer, older] = ordered(a, b);
      problems.push(
        new RealmkitError(
          "RK-CONFIG-CIDR-OVERLAP",
          `network ${newer.config.network.cidr} overlaps realm \`${older.id}\` (${older.config.network.cidr} at ${where(older, "/network/cidr")}) in the same ${shared.provider} account ${shared.account}`,
          {
            location: locate(newer.provenance, "/network/cidr"),
            value: newer.config.network.cidr,
            realm: newer.id,
            fix: `give realms that share an account disjoint networks, so they can be peered later (\`realmkit new\` picks the next free one)`,
          },
        ),
      );
    }
  }
  problems.push(...checkFleetStateAgreement(realms));
  problems.push(...checkApiKeySecretNames(realms, recency));
  return problems;
}

const byName: Recency = (a, b) => a.localeCompare(b);

function where(realm: ResolvedRealm, pointer: Pointer): string {
  const loc = locate(realm.provenance, pointer);
  return loc ? formatLocation(loc) : realm.file;
}
