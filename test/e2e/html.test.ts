// The HTML report in a real browser: Debian's Chromium, headless, driven by playwright-core
// (.ci/run installs the chromium package). The page must show the verdict, every region, the
// findings with their evidence, search and sort them with JavaScript, log no console error, and
// still show everything static with JavaScript off. The screenshot is a test artefact, looked at
// by people, never compared pixel by pixel: written to the test's temp folder, so a run leaves the
// tree clean; IMDS_UPDATE_SCREENSHOT=1 npx vitest run test/e2e/html.test.ts refreshes the one
// the README shows (docs/img/report.png) and commits nothing by itself.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { imds, onSimulator, withSimulator } from "./harness.js";

const CHROMIUM = "/usr/bin/chromium";
// The flags this machine's Chromium needs: no sandbox as root, and no background connections
// (the network is closed; Chromium's own calls home would be refused and logged).
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const dir = mkdtempSync(join(tmpdir(), "imds-e2e-html-"));
const SCREENSHOT =
  process.env.IMDS_UPDATE_SCREENSHOT === "1"
    ? resolve(import.meta.dirname, "../../docs/img/report.png")
    : join(dir, "report.png");
let browser: Browser;
let page: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  await withSimulator("demo", async ({ sim }) => {
    const r = await imds([
      "audit",
      "--endpoint-url",
      sim.url,
      "--usage",
      "--format",
      "html",
      "--output-dir",
      dir,
    ]);
    expect(r.code, r.stderr).toBe(1);
  });
  const [name] = readdirSync(dir).filter((n) => n.endsWith(".html"));
  page = `file://${join(dir, name ?? "")}`;
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!onSimulator)("the HTML report in headless Chromium", () => {
  it("shows the verdict, the regions and the findings; search and sort work; no console error", async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const tab = await context.newPage();
    const errors: string[] = [];
    tab.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    tab.on("pageerror", (e) => errors.push(String(e)));
    tab.on("request", (r) => {
      if (!r.url().startsWith("file:")) errors.push(`fetched ${r.url()}`);
    });
    await tab.goto(page);
    await expect
      .poll(() => tab.locator(".verdict").textContent())
      .toMatch(/^FAIL: IMDSv1 is allowed in 11 of 17 regions/);
    expect(await tab.locator("table.heat td").count()).toBe(17);
    const rows = await tab.locator("#findings tbody tr").count();
    expect(rows).toBeGreaterThan(100);
    expect(await tab.locator("#findings").textContent()).toMatch(/in use: \d+ IMDSv1 calls/);
    await tab.screenshot({ path: SCREENSHOT });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);

    await tab.fill("#search", "eu-west-1 instance");
    const shown = await tab.locator("#findings tbody tr:not([hidden])").count();
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(rows);
    expect(await tab.locator("#shown").textContent()).toBe(`${shown} of ${rows} shown`);
    for (const region of await tab
      .locator("#findings tbody tr:not([hidden]) td:nth-child(2)")
      .allTextContents())
      expect(region).toBe("eu-west-1");

    await tab.fill("#search", "");
    await tab.locator("#findings th", { hasText: "Resource" }).click();
    const ids = await tab.locator("#findings tbody tr td:nth-child(4)").allTextContents();
    expect(ids).toEqual([...ids].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })));
    expect(await tab.locator("#findings th", { hasText: "Resource" }).getAttribute("aria-sort")).toBe(
      "ascending",
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  it("with JavaScript off: everything static is there, the search box is not", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const tab = await context.newPage();
    await tab.goto(page);
    expect(await tab.locator(".verdict").textContent()).toMatch(/^FAIL/);
    expect(await tab.locator("#findings tbody tr").count()).toBeGreaterThan(100);
    expect(await tab.locator("#tools").isVisible()).toBe(false);
    expect(await tab.locator("text=Next").count()).toBeGreaterThan(0);
    await context.close();
  });
});
