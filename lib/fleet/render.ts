import { table } from "./table";
import type { CostReport } from "./cost";
import type { RealmDiff } from "./diff";
import type { Matrix } from "./matrix";

/** A value as one short line: JSON for structures, cut to `max` characters. */
export function short(v: unknown, max = 60): string {
  if (v === undefined) return "(unset)";
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function renderDiff(d: RealmDiff): string {
  const out: string[] = [];
  const real = d.config.filter((c) => !c.realmSpecific);
  const own = d.config.filter((c) => c.realmSpecific);
  out.push(
    `configuration: ${real.length} path(s) differ${own.length ? ` (+ ${own.length} realm-specific: ${own.map((c) => c.path).join(", ")})` : ""}`,
  );
  if (real.length) {
    out.push(
      table(
        ["PATH", d.a.toUpperCase(), "SET AT", d.b.toUpperCase(), "SET AT"],
        real.map((c) => [c.path, short(c.a.value, 40), c.a.at ?? "-", short(c.b.value, 40), c.b.at ?? "-"]),
      ).trimEnd(),
    );
  }
  for (const s of d.stacks) {
    out.push("");
    if (s.mode === "same-cloud") {
      const n = s.types.length + s.onlyInA.length + s.onlyInB.length + s.attributes.length;
      out.push(
        `structure ${s.stacks.a} vs ${s.stacks.b} (${s.provider}): ${n === 0 ? "identical once realm-specific values are normalised" : `${n} difference(s)`}`,
      );
      if (s.types.length)
        out.push(
          table(
            ["RESOURCE TYPE", d.a, d.b],
            s.types.map((t) => [t.type, String(t.a), String(t.b)]),
          ).trimEnd(),
        );
      for (const k of s.onlyInA) out.push(`  only in ${d.a}: ${k}`);
      for (const k of s.onlyInB) out.push(`  only in ${d.b}: ${k}`);
      if (s.attributes.length)
        out.push(
          table(
            ["ADDRESS", "ATTRIBUTE", d.a, d.b],
            s.attributes.map((x) => [x.address, x.attribute, short(x.a, 30), short(x.b, 30)]),
          ).trimEnd(),
        );
    } else {
      out.push(`structure ${s.stacks.a} (${s.providers.a}) vs ${s.stacks.b} (${s.providers.b}): compared per component`);
      out.push(
        table(
          ["COMPONENT", `${d.a} (${s.providers.a})`, `${d.b} (${s.providers.b})`],
          s.components.map((c) => [
            c.component,
            c.a ? `${c.a.resources} resources` : "absent",
            c.b ? `${c.b.resources} resources` : "absent",
          ]),
        ).trimEnd(),
      );
    }
  }
  for (const u of d.unpaired) out.push(`\nonly ${u.realm} has a ${u.provider} stack (${u.stackId})`);
  return `${out.join("\n")}\n`;
}

export function renderMatrix(m: Matrix): string {
  const flag = new Map(m.outliers.map((o) => [`${o.realm}|${o.facet}`, o.intended !== undefined ? "~" : "*"]));
  const cols = m.facets;
  const body = table(
    ["REALM", ...cols.map((f) => f.title.toUpperCase())],
    m.rows.map((r) => [r.realm, ...cols.map((f) => `${r.values[f.id]}${flag.get(`${r.realm}|${f.id}`) ?? ""}`)]),
  );
  const undeclared = m.outliers.filter((o) => o.intended === undefined);
  const declared = m.outliers.filter((o) => o.intended !== undefined);
  const lines = [body.trimEnd(), "", `* outlier (differs from the majority of its ${"group"}), ~ declared as intended`];
  if (undeclared.length) {
    lines.push("", `${undeclared.length} undeclared outlier(s):`);
    for (const o of undeclared)
      lines.push(`  ${o.realm}  ${o.facet} = ${o.value}  (${o.majorityCount} of ${o.groupSize} realms of ${o.group}: ${o.majority})`);
    lines.push(`  declare one with \`intended: { <facet>: "<reason>" }\` in the realm file, or bring the realm in line`);
  }
  if (declared.length) {
    lines.push("", `${declared.length} intended difference(s):`);
    for (const o of declared)
      lines.push(
        `  ${o.realm}  ${o.facet} = ${o.value}  (majority ${o.majority}): ${o.intended}${o.intendedAt ? `  [${o.intendedAt}]` : ""}`,
      );
  }
  if (m.staleIntended.length) {
    lines.push("", "intended entries that match no outlier (remove them?):");
    for (const s of m.staleIntended) lines.push(`  ${s.realm}  ${s.facet}${s.at ? `  [${s.at}]` : ""}`);
  }
  return `${lines.join("\n")}\n`;
}

const money = (n: number): string => n.toFixed(2);

export function renderCost(c: CostReport): string {
  const flags = (f: CostReport["flows"][number]) =>
    [f.crossCloud ? "cross-cloud" : "", f.interContinent ? "inter-continent" : "", f.personalData ? "personal" : ""]
      .filter(Boolean)
      .join(",");
  const lines = [
    table(
      ["REALM", "FLOW", "TO", "KIND", "GB/MONTH", "USD/GB", "PRICE ROW", "USD/MONTH", "FLAGS"],
      c.flows.map((f) => [
        f.realm,
        f.origin === "realmkit" ? `${f.name} (realmkit)` : f.name,
        f.to,
        f.kind,
        String(f.gbPerMonth),
        String(f.usdPerGb),
        f.priceRow,
        money(f.usdPerMonth),
        flags(f) || "-",
      ]),
    ).trimEnd(),
    "",
    "formulas:",
    ...c.flows.map((f) => `  ${f.realm}/${f.name}: ${f.formula}  [${f.priceRow}: ${f.priceSource}, as of ${f.priceAsOf}]`),
    "",
    table(
      ["REALM", "FLOWS", "GB/MONTH", "USD/MONTH"],
      c.realms.map((r) => [r.realm, String(r.flows), String(r.gbPerMonth), money(r.usdPerMonth)]),
    ).trimEnd(),
    "",
    `fleet: ${c.fleet.flows} flows, ${c.fleet.gbPerMonth} GB/month, ${money(c.fleet.usdPerMonth)} USD/month ` +
      `(cross-cloud ${money(c.fleet.crossCloudUsdPerMonth)}, inter-continent ${money(c.fleet.interContinentUsdPerMonth)}); price table ${c.priceTable}`,
  ];
  return `${lines.join("\n")}\n`;
}
