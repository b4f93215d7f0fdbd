// Renders an inventory HTML page in headless Chromium (Debian's, driven by playwright-core from
// target/editors) and prints one JSON line: the console errors, page errors and requests the
// page made, what it shows, and a screenshot at the path given.
//
//   node render.mjs PAGE.html SCREENSHOT.png

import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [page_path, screenshot] = process.argv.slice(2);
const dirs = [
  process.env.RESIDENCY_NODE_MODULES,
  new URL("../../target/editors/node/node_modules", import.meta.url).pathname,
].filter(Boolean);
let playwright;
for (const dir of dirs) {
  try {
    playwright = createRequire(join(dir, "noop.js"))("playwright-core");
    break;
  } catch {
    // next
  }
}
if (!playwright) {
  console.log(JSON.stringify({ fatal: `playwright-core not found in ${dirs.join(", ")}` }));
  process.exit(1);
}
const watchdog = setTimeout(() => {
  console.log(JSON.stringify({ fatal: "rendering took more than 60 s" }));
  process.exit(1);
}, 60000);
const browser = await playwright.chromium.launch({
  executablePath: process.env.RESIDENCY_CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
});
const errors = [];
const requests = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") errors.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  const url = pathToFileURL(page_path).href;
  page.on("request", (r) => {
    if (r.url() !== url) requests.push(r.url());
  });
  await page.goto(url, { waitUntil: "load" });
  const shown = await page.evaluate(() => ({
    title: document.title,
    dots: document.querySelectorAll("svg circle").length,
    tables: document.querySelectorAll("table").length,
    rows: document.querySelectorAll("table tr").length - document.querySelectorAll("table").length,
    headings: [...document.querySelectorAll("h2")].map((h) => h.textContent),
    scripts: document.querySelectorAll("script").length,
  }));
  await page.screenshot({ path: screenshot, fullPage: false });
  console.log(JSON.stringify({ errors, requests, ...shown }));
} finally {
  clearTimeout(watchdog);
  await browser.close();
}
