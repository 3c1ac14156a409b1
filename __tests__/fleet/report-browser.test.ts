import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { fleetFlows } from "../../lib/fleet/flows";
import { loadInventory } from "../../lib/model/inventory";
import { realmkit } from "../helpers/cli";
import { FIXTURE_REALMS, REPO_ROOT } from "../helpers/paths";

/**
 * The fleet report (`realmkit docs` → index.html) opened in a real headless Chromium: every
 * realm of the inventory has a visible marker on the map, every flow a drawn line, and the page
 * makes no request beyond its own file. Debian's `chromium` package, never a downloaded
 * browser (there is no internet in CI); `.ci/run` installs it.
 */
const CHROMIUM = process.env.REALMKIT_CHROMIUM ?? "/usr/bin/chromium";
/** Kept after the run for a reviewer to look at (gitignored, overwritten by the next run). */
const ARTIFACTS = join(REPO_ROOT, "test-artifacts");

/** The part of the DOM's SVGPathElement the test measures (tsconfig has no DOM lib). */
interface SvgPath {
  getTotalLength(): number;
  getPointAtLength(at: number): { x: number; y: number };
}

let browser: Browser;
let out: string;

beforeAll(async () => {
  // Not a skip, anywhere: a report nobody opened in a browser is an untested report.
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `headless Chromium is missing at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (or set REALMKIT_CHROMIUM to a Chromium binary)`,
    );
  }
  out = mkdtempSync(join(tmpdir(), "realmkit-report-"));
  const r = realmkit(["docs", "--realms", FIXTURE_REALMS, "--stacks", join(out, "no-stacks"), "--out", out], {
    env: { REALMKIT_PROGRESS: "off" },
  });
  if (r.code !== 0) throw new Error(`realmkit docs failed:\n${r.stderr}`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // A fresh temporary profile per launch (playwright's default); nothing phones home.
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

test("every realm has a marker, every flow a line, no network, and a screenshot", async () => {
  // The expectation comes from the inventory, not from the HTML under test.
  const realmFiles = readdirSync(FIXTURE_REALMS)
    .filter((f) => f.endsWith(".yaml") && !f.startsWith("_"))
    .map((f) => f.replace(/\.yaml$/, ""))
    .sort();
  const inventory = loadInventory(FIXTURE_REALMS);
  const flows = fleetFlows(inventory.realms)
    .map((f) => `${f.realm}/${f.name}`)
    .sort();
  // The samples declare flows to another realm (an arc) and to the internet, besides the ones Realmkit adds.
  expect(flows).toEqual(
    expect.arrayContaining(["eu1/analytics-export", "us2/partner-webhooks", "eu1/database-ha-replication", "us3/storage-replica-gcp"]),
  );

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  const blocked: string[] = [];
  context.on("request", (req) => requests.push(req.url()));
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file://")) return route.continue();
    blocked.push(url);
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));

  const url = pathToFileURL(join(out, "index.html")).href;
  const response = await page.goto(url, { waitUntil: "load" });
  expect(response?.ok()).toBe(true);

  const map = page.locator("svg[aria-label='Realms on a world map']");
  await expect(map.count()).resolves.toBe(1);
  const svgBox = await map.boundingBox();
  expect(svgBox).not.toBeNull();

  // Markers: one per realm, each a circle the browser laid out inside the map.
  const markers = await page.$$eval("svg g.realm", (gs) =>
    gs.map((g) => {
      const c = g.querySelector("circle")!.getBoundingClientRect();
      return { realm: g.getAttribute("data-realm"), x: c.x + c.width / 2, y: c.y + c.height / 2, w: c.width };
    }),
  );
  expect(markers.map((m) => m.realm).sort()).toEqual(realmFiles);
  for (const m of markers) {
    expect(m.w).toBeGreaterThan(0);
    expect(m.x).toBeGreaterThanOrEqual(svgBox!.x);
    expect(m.x).toBeLessThanOrEqual(svgBox!.x + svgBox!.width);
    expect(m.y).toBeGreaterThanOrEqual(svgBox!.y);
    expect(m.y).toBeLessThanOrEqual(svgBox!.y + svgBox!.height);
  }

  // Lines: one path per flow, with a real length (a drawn arc or loop, not an empty `d`).
  const lines = await page.$$eval("svg path.flow", (ps) =>
    ps.map((p) => ({ flow: p.getAttribute("data-flow"), length: (p as unknown as SvgPath).getTotalLength() })),
  );
  expect(lines.map((l) => l.flow).sort()).toEqual(flows);
  for (const l of lines) expect(l.length).toBeGreaterThan(5);
  // A flow between two realms ends at the other realm's marker.
  const arc = await page.$eval('svg path.flow[data-flow="eu1/analytics-export"]', (p) => {
    const path = p as unknown as SvgPath;
    const end = path.getPointAtLength(path.getTotalLength());
    return { x: end.x, y: end.y };
  });
  const eu2 = await page.$eval('svg g.realm[data-realm="eu2"] circle', (c) => ({
    x: Number(c.getAttribute("cx")),
    y: Number(c.getAttribute("cy")),
  }));
  expect(Math.hypot(arc.x - eu2.x, arc.y - eu2.y)).toBeLessThan(1);

  mkdirSync(ARTIFACTS, { recursive: true });
  const shot = join(ARTIFACTS, "fleet-report.png");
  await page.screenshot({ path: shot, fullPage: true });
  expect(readFileSync(shot).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(statSync(shot).size).toBeGreaterThan(20_000);

  // The listener saw the page itself, so an empty list below means no request, not a deaf listener.
  expect(requests).toContain(url);
  expect(requests.filter((u) => !u.startsWith("file://"))).toEqual([]);
  expect(blocked).toEqual([]);
  expect(problems).toEqual([]);
  await context.close();
});

test("realm values are text in the report: markup in a flow's name and purpose makes no element and no request", async () => {
  const dir = mkdtempSync(join(tmpdir(), "realmkit-report-hostile-"));
  try {
    const realms = join(dir, "realms");
    cpSync(FIXTURE_REALMS, realms, { recursive: true });
    const eu1 = join(realms, "eu1.yaml");
    const hostileName = `"><img src=https://evil.example/x.png><script>fetch("https://evil.example")</script>`;
    writeFileSync(
      eu1,
      readFileSync(eu1, "utf8")
        .replace("name: analytics-export", `name: '${hostileName}'`)
        .replace(/purpose: nightly[^}]*/, "purpose: '<iframe src=https://evil.example/frame></iframe>' "),
    );
    const r = realmkit(["docs", "--realms", realms, "--stacks", join(dir, "no-stacks"), "--out", join(dir, "docs")], {
      env: { REALMKIT_PROGRESS: "off" },
    });
    expect([r.code, r.stderr]).toEqual([0, ""]);

    const context = await browser.newContext();
    const requests: string[] = [];
    context.on("request", (req) => requests.push(req.url()));
    await context.route("**/*", (route) =>
      route.request().url().startsWith("file://") ? route.continue() : route.abort("blockedbyclient"),
    );
    const page = await context.newPage();
    const url = pathToFileURL(join(dir, "docs", "index.html")).href;
    await page.goto(url, { waitUntil: "load" });
    await expect(page.locator("img, script, iframe").count()).resolves.toBe(0);
    // The name is there, as text: on the flow's line and in the flow table.
    const flows = await page.$$eval("svg path.flow", (ps) => ps.map((p) => p.getAttribute("data-flow")));
    expect(flows).toContain(`eu1/${hostileName}`);
    await expect(page.getByText(hostileName, { exact: false }).count()).resolves.toBeGreaterThan(0);
    expect(requests).toEqual([url]);
    await context.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
