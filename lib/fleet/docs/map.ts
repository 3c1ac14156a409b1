import { geoNaturalEarth1, geoPath } from "d3-geo";
import type { GeometryObject, Topology } from "topojson-specification";
import { feature } from "topojson-client";
import land from "world-atlas/land-110m.json";
import locations from "../data/locations.json";
import type { FleetFacts } from "./facts";
import { escapeHtml as h } from "./html-escape";

export const MAP_WIDTH = 960;
export const MAP_HEIGHT = 500;

const CLOUD_COLOUR: Readonly<Record<string, string>> = { aws: "#ff9900", gcp: "#4285f4", azure: "#0078d4" };
const TIER_RING: Readonly<Record<string, { stroke: string; width: number }>> = {
  prod: { stroke: "#b00020", width: 3 },
  staging: { stroke: "#6a1b9a", width: 2 },
  dev: { stroke: "#555555", width: 1 },
};
const KIND_COLOUR: Readonly<Record<string, string>> = {
  "cross-zone": "#2e7d32",
  "database-replication": "#2e7d32",
  "inter-region": "#1565c0",
  "inter-continent": "#c62828",
  internet: "#6d4c41",
  "cross-cloud": "#ad1457",
};

type LonLat = [number, number];
const REGION_POINTS = new Map(Object.entries(locations.regions as unknown as Record<string, LonLat>));
const RESIDENCY_POINTS = new Map(Object.entries(locations.residencies as unknown as Record<string, LonLat>));
const regionPoint = (provider: string, region: string): LonLat | undefined => REGION_POINTS.get(`${provider}/${region}`);

/**
 * The fleet on a world map, as inline SVG rendered now (d3-geo over world-atlas land): the
 * report needs no script, no network and no fonts beyond the browser's own.
 */
export function worldMap(facts: FleetFacts): string {
  const projection = geoNaturalEarth1().fitExtent(
    [
      [10, 10],
      [MAP_WIDTH - 10, MAP_HEIGHT - 10],
    ],
    { type: "Sphere" },
  );
  const path = geoPath(projection);
  const topology = land as unknown as Topology;
  const landShape = path(feature(topology, topology.objects.land as GeometryObject) as never) ?? "";
  const sphere = path({ type: "Sphere" }) ?? "";
  const project = (p: LonLat): [number, number] => projection(p) ?? [0, 0];
  const internet: [number, number] = [MAP_WIDTH - 60, 40];

  // Realms sharing a metro sit on a small ring around it, so every marker stays visible.
  const seen = new Map<string, number>();
  const position = new Map<string, [number, number]>();
  const markers: string[] = [];
  for (const f of facts.realms) {
    const primary = f.stacks[0]!;
    const lonLat = regionPoint(primary.provider, primary.region);
    if (!lonLat) continue;
    const key = lonLat.join(",");
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    const [x0, y0] = project(lonLat);
    const angle = (n * 2 * Math.PI) / 6;
    const [x, y] = n === 0 ? [x0, y0] : [x0 + 11 * Math.cos(angle), y0 + 11 * Math.sin(angle)];
    position.set(f.realm.id, [x, y]);
    const ring = TIER_RING[f.realm.config.tier] ?? TIER_RING.dev!;
    const status = f.guardrails.checked
      ? f.guardrails.violations
        ? `${f.guardrails.violations} guardrail violation(s)`
        : "guardrails passing"
      : "not checked";
    markers.push(
      `<g class="realm" data-realm="${h(f.realm.id)}" data-cloud="${h(primary.provider)}" data-tier="${h(f.realm.config.tier)}"><title>${h(`${f.realm.id}: ${primary.provider} ${primary.region}, ${f.realm.config.tier}, wave ${f.realm.config.wave}, ${status}`)}</title>` +
        `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="6" fill="${CLOUD_COLOUR[primary.provider] ?? "#999"}" stroke="${ring.stroke}" stroke-width="${ring.width}"/>` +
        `<text x="${(x + 9).toFixed(1)}" y="${(y + 4).toFixed(1)}">${h(f.realm.id)}</text></g>`,
    );
  }

  const lines: string[] = [];
  for (const flow of facts.cost.flows) {
    const from = position.get(flow.realm);
    if (!from) continue;
    let d: string;
    const target = flow.kind === "internet" ? { xy: internet } : destinationPoint(flow, position, project);
    if (!target || (Math.abs(target.xy[0] - from[0]) < 1 && Math.abs(target.xy[1] - from[1]) < 1)) {
      // Same place (zone-to-zone replication) or nowhere to draw to: a small loop beside the marker.
      d = `M${from[0].toFixed(1)},${from[1].toFixed(1)}c-14,-22 14,-22 0,0`;
    } else {
      // A gentle arc between the two markers (a great circle would split at the date line).
      const [x1, y1] = from;
      const [x2, y2] = target.xy;
      const cx = (x1 + x2) / 2 - (y2 - y1) * 0.2;
      const cy = (y1 + y2) / 2 + (x2 - x1) * 0.2 * -1;
      d = `M${x1.toFixed(1)},${y1.toFixed(1)}Q${cx.toFixed(1)},${cy.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}`;
    }
    const dash = flow.crossCloud ? ' stroke-dasharray="6 4"' : "";
    lines.push(
      `<path class="flow" data-flow="${h(`${flow.realm}/${flow.name}`)}" data-kind="${h(flow.kind)}" d="${d}" fill="none" stroke="${KIND_COLOUR[flow.kind] ?? "#333"}" stroke-width="2"${dash}>` +
        `<title>${h(`${flow.realm} → ${flow.destination}: ${flow.name}, ${flow.formula}`)}</title></path>`,
    );
  }

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${MAP_WIDTH} ${MAP_HEIGHT}" width="${MAP_WIDTH}" height="${MAP_HEIGHT}" role="img" aria-label="Realms on a world map">`,
    `<path class="sphere" d="${sphere}" fill="#eef4f8" stroke="#b0bec5"/>`,
    `<path class="land" d="${landShape}" fill="#d7dde2" stroke="#aab4bb" stroke-width="0.5"/>`,
    facts.cost.flows.some((f) => f.kind === "internet")
      ? `<g class="internet"><circle cx="${internet[0]}" cy="${internet[1]}" r="9" fill="#fff" stroke="#6d4c41" stroke-width="2"/><text x="${internet[0] - 22}" y="${internet[1] + 24}">internet</text></g>`
      : "",
    `<g class="flows">${lines.join("")}</g>`,
    `<g class="realms">${markers.join("")}</g>`,
    "</svg>",
  ].join("\n");
}

function destinationPoint(
  flow: FleetFacts["cost"]["flows"][number],
  position: ReadonlyMap<string, [number, number]>,
  project: (p: LonLat) => [number, number],
): { xy: [number, number] } | undefined {
  const realm = /^realm (\S+) /.exec(flow.destination)?.[1];
  if (realm && position.has(realm)) return { xy: position.get(realm)! };
  const region = /^(aws|gcp|azure) (\S+)$/.exec(flow.destination);
  if (region) {
    const p = regionPoint(region[1]!, region[2]!);
    return p ? { xy: project(p) } : undefined;
  }
  const residency = /^residency (\S+)$/.exec(flow.destination)?.[1];
  const p = residency ? RESIDENCY_POINTS.get(residency) : undefined;
  return p ? { xy: project(p) } : undefined;
}
