import { locate } from "../../../config/merge";
import type { Provider } from "../../../config/types";
import { resolvePlace } from "../../../model/places";
import { residencyZones } from "../../../model/residency";
import { regionZones, zonesOfPlace } from "../../regions";
import { defineStackRule, fail, notApplicable, pass, type AddressedResult } from "../../types";

/**
 * Residency zones a flow destination puts data in; `null` for the internet (no residency
 * holds it), undefined when Realmkit cannot place it. Realm ids, `internet` and qualified
 * regions go through the shared resolver; other names also match AZs, GCP multi-regions and
 * Azure pair regions, as the stack residency rule does.
 */
function destinationZones(to: string, peers: Parameters<typeof resolvePlace>[1]): readonly string[] | null | undefined {
  const place = resolvePlace(to, peers);
  if (place?.kind === "internet") return null;
  if (place) return place.zones;
  const qualified = /^(aws|gcp|azure):(.+)$/.exec(to);
  if (qualified) {
    const verdict = regionZones(qualified[1] as Provider, qualified[2]!);
    return verdict.kind === "zones" ? verdict.zones : undefined;
  }
  return zonesOfPlace(to);
}

export default defineStackRule({
  id: "RK-DATA-FLOW-RESIDENCY",
  title: "Declared flows of personal data stay inside the realm's residency",
  description:
    "Each realm `dataFlows` entry with `personalData: true` must go to a region, residency zone or realm (any cloud) the realm's residency allows; the internet and anything else is a transfer that needs an approved suppression.",
  severity: "critical",
  provider: "any",
  reads: "the realm's `dataFlows` and `residency` (realm file), and the primary region of a realm named as destination",
  perRealm: true,
  publicIds: {},
  fix: "send the flow to a region or realm inside the residency, or record the approved transfer as a suppression (rule, reason, approvedBy, expires)",
  check(_stack, ctx) {
    const realm = ctx.realm;
    if (!realm) return [{ address: "dataFlows", ...notApplicable("data flows are declared in realm files: pass --realms to check them") }];
    const allowed = residencyZones[realm.config.residency] ?? [];
    return (realm.config.dataFlows ?? []).map((flow, i): AddressedResult => {
      const address = `dataFlows.${flow.name}`;
      const location = locate(realm.resolved.provenance, `/dataFlows/${i}/to`);
      if (!flow.personalData) return { address, location, ...pass("no personal data") };
      const zones = destinationZones(flow.to, realm.peers);
      if (zones === null)
        return { address, location, ...fail(`personal data flows to the internet, outside residency \`${realm.config.residency}\``) };
      if (!zones)
        return {
          address,
          location,
          ...fail(
            `\`to: ${flow.to}\` is neither a realm, a known region (optionally \`provider:region\`), a residency key nor \`internet\``,
          ),
        };
      const outside = zones.filter((z) => !allowed.includes(z));
      return {
        address,
        location,
        ...(outside.length
          ? fail(`personal data flows to ${flow.to} (${outside.join("+")}), outside residency \`${realm.config.residency}\``)
          : pass()),
      };
    });
  },
});
