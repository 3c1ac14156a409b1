import { locate } from "../../../config/merge";
import { residencyZones } from "../../../model/residency";
import { zonesOfPlace } from "../../regions";
import { defineStackRule, fail, notApplicable, pass, type AddressedResult } from "../../types";

export default defineStackRule({
  id: "RK-DATA-FLOW-RESIDENCY",
  title: "Declared flows of personal data stay inside the realm's residency",
  description: "Each realm `dataFlows` entry with `personalData: true` must go to a region or residency zone the realm's residency allows; anything else is a transfer that needs an approved suppression.",
  severity: "critical",
  profiles: ["baseline"],
  provider: "any",
  reads: "the realm's `dataFlows` and `residency` (realm file)",
  perRealm: true,
  publicIds: {},
  fix: "send the flow to a region inside the residency, or record the approved transfer as a suppression (rule, reason, approvedBy, expires)",
  check(_stack, ctx) {
    const realm = ctx.realm;
    if (!realm) return [{ address: "dataFlows", ...notApplicable("data flows are declared in realm files: pass --realms to check them") }];
    const allowed = residencyZones[realm.config.residency] ?? [];
    return (realm.config.dataFlows ?? []).map((flow, i): AddressedResult => {
      const address = `dataFlows.${flow.name}`;
      const location = locate(realm.resolved.provenance, `/dataFlows/${i}/to`);
      if (!flow.personalData) return { address, location, ...pass("no personal data") };
      const zones = zonesOfPlace(flow.to);
      if (!zones) return { address, location, ...fail(`\`to: ${flow.to}\` is neither a known region nor a residency key`) };
      const outside = zones.filter((z) => !allowed.includes(z));
      return {
        address,
        location,
        ...(outside.length ? fail(`personal data flows to ${flow.to} (${outside.join("+")}), outside residency \`${realm.config.residency}\``) : pass()),
      };
    });
  },
});
