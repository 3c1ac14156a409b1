import { locate } from "../../../config/merge";
import { destinationOf } from "../../../model/aggregator-sites";
import { defineStackRule, fail, notApplicable, pass } from "../../types";

export default defineStackRule({
  id: "RK-OBSERVABILITY-PAGING",
  title: "Every prod realm routes its alerts to a paging service",
  description:
    "A prod realm's alerts must reach the on-call person: `observability.paging` with at least one PagerDuty schedule at high urgency, and an aggregator whose monitors the fleet stack wires to the realm's PagerDuty service. E-mail alone is not paging.",
  severity: "high",
  provider: "any",
  reads: "the realm's `tier`, `observability.paging` and `observability.aggregator`",
  perRealm: true,
  publicIds: {},
  fix: "prod realms extend the prod layer, which sets observability.paging (urgency high, schedules); give the realm an aggregator and keep at least one schedule",
  check(_stack, ctx) {
    const realm = ctx.realm;
    if (!realm)
      return [{ address: "observability.paging", ...notApplicable("paging is declared in realm files: pass --realms to check it") }];
    const location = locate(realm.resolved.provenance, "/observability/paging");
    if (realm.config.tier !== "prod")
      return [{ address: "observability.paging", location, ...notApplicable(`tier ${realm.config.tier}: paging is optional`) }];
    const paging = realm.config.observability?.paging;
    const problems = [
      ...(paging?.schedules?.length ? [] : ["no PagerDuty schedule (observability.paging.schedules)"]),
      ...(paging?.urgency === "low" ? ["urgency is low: a prod alert would page nobody"] : []),
      ...(destinationOf(realm.config) ? [] : ["observability.aggregator is none: no monitor reaches the paging service"]),
    ];
    return [
      {
        address: "observability.paging",
        location,
        ...(problems.length ? fail(problems.join("; ")) : pass(`PagerDuty service ibc-${realm.id}, ${paging!.urgency ?? "high"} urgency`)),
      },
    ];
  },
});
