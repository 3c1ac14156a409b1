import type { FleetFacts } from "./facts";
import { escapeHtml as h } from "./html-escape";
import { worldMap } from "./map";
import { GENERATED_MARKER } from "./markdown";

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}h1{margin:0 0 4px}table{border-collapse:collapse;margin:8px 0 24px}
th,td{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top}th{background:#f3f5f7}.outlier{background:#ffe0e0;font-weight:600}
.intended{background:#fff6d6}.fail{color:#b00020;font-weight:600}.ok{color:#2e7d32}svg text{font-size:11px;fill:#222}.legend span{display:inline-block;margin-right:14px}
.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:4px;vertical-align:middle}`;

const table = (header: readonly string[], rows: readonly string[][]): string =>
  `<table><thead><tr>${header.map((c) => `<th>${h(c)}</th>`).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.join("")}</tr>`).join("")}</tbody></table>`;
const td = (v: unknown, cls = ""): string => `<td${cls ? ` class="${cls}"` : ""}>${h(v)}</td>`;

/** The static fleet report: no script, no external resource (the CSP forbids any). */
export function fleetReport(facts: FleetFacts): string {
  const waves = [...new Set(facts.realms.map((f) => f.realm.config.wave))].sort((a, b) => a - b);
  const cost = facts.cost.fleet;
  const flag = new Map(facts.matrix.outliers.map((o) => [`${o.realm}|${o.facet}`, o]));
  return `<!DOCTYPE html>
${GENERATED_MARKER}
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Realmkit fleet report</title><style>${STYLE}</style></head><body>
<h1>Fleet report</h1><p>${facts.realms.length} realms, ${facts.realms.reduce((n, f) => n + f.stacks.length, 0)} stacks. Per-realm pages: <a href="index.md">index.md</a>.</p>
<h2>Map</h2>
<p class="legend"><span><i class="dot" style="background:#ff9900"></i>AWS</span><span><i class="dot" style="background:#4285f4"></i>GCP</span><span><i class="dot" style="background:#0078d4"></i>Azure</span>
<span>ring: red prod, purple staging, grey dev</span><span>dashed line: cross-cloud flow</span></p>
${worldMap(facts)}
<h2>Waves</h2>
${table(
  ["wave", "realms"],
  waves.map((w) => [
    td(w),
    td(
      facts.realms
        .filter((f) => f.realm.config.wave === w)
        .map((f) => f.realm.id)
        .join(", "),
    ),
  ]),
)}
<h2>Compliance and guardrails</h2>
${table(
  ["realm", "tier", "residency", "compliance", "guardrails"],
  facts.realms.map((f) => {
    const g = f.guardrails;
    const status = g.checked
      ? g.violations
        ? `${g.violations} violation(s): ${g.failingRules.join(", ")}`
        : `passing (${g.suppressed} suppressed)`
      : "not checked (not synthesized)";
    return [
      td(f.realm.id),
      td(f.realm.config.tier),
      td(f.realm.config.residency),
      td(f.realm.config.compliance.join(", ") || "none"),
      td(status, g.checked ? (g.violations ? "fail" : "ok") : ""),
    ];
  }),
)}
<h2>Data flows</h2>
<p>${cost.flows} flows, ${cost.gbPerMonth} GB a month, ${cost.usdPerMonth.toFixed(2)} USD a month (cross-cloud ${cost.crossCloudUsdPerMonth.toFixed(2)}, inter-continent ${cost.interContinentUsdPerMonth.toFixed(2)}); price table ${h(facts.cost.priceTable)}.</p>
${table(
  ["realm", "flow", "to", "kind", "formula", "price row", "flags"],
  facts.cost.flows.map((f) => [
    td(f.realm),
    td(f.name + (f.origin === "realmkit" ? " (realmkit)" : "")),
    td(f.destination),
    td(f.kind),
    td(f.formula),
    td(`${f.priceRow}: ${f.priceSource}, as of ${f.priceAsOf}`),
    td(
      [f.crossCloud ? "cross-cloud" : "", f.interContinent ? "inter-continent" : "", f.personalData ? "personal data" : ""]
        .filter(Boolean)
        .join(", "),
      f.crossCloud || f.interContinent ? "fail" : "",
    ),
  ]),
)}
<h2>Matrix</h2>
<p>Highlighted: <span class="outlier">outlier</span> from its tier's majority, <span class="intended">declared as intended</span> (hover for the reason).</p>
${table(
  ["realm", ...facts.matrix.facets.map((f) => f.title)],
  facts.matrix.rows.map((r) => [
    td(r.realm),
    ...facts.matrix.facets.map((f) => {
      const o = flag.get(`${r.realm}|${f.id}`);
      if (!o) return td(r.values[f.id]);
      const title = o.intended !== undefined ? `intended: ${o.intended}` : `majority of ${o.group}: ${o.majority}`;
      return `<td class="${o.intended !== undefined ? "intended" : "outlier"}" data-outlier="${h(`${r.realm}/${f.id}`)}" title="${h(title)}">${h(r.values[f.id])}</td>`;
    }),
  ]),
)}
</body></html>
`;
}
