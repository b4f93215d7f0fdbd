// Drives VS Code (code-server) in Chromium through Playwright, keyboard first (see
// ../shared/reference/editor-clients.md §4 for why: mouse hovers and clicks on list rows were
// flaky). Run by run.sh:
//
//   node e2e.mjs URL WORKSPACE_DIR FILE
//
// Every step prints `STEP text (elapsed ms)`; the last line is `PASS (…)` (exit 0) or
// `FAIL: … (…)` (exit 1).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, join } from "node:path";

const [url, folder, file] = process.argv.slice(2);
if (!url || !folder || !file) {
  console.log("FAIL: usage: node e2e.mjs URL WORKSPACE_DIR FILE");
  process.exit(1);
}
const t0 = Date.now();
const ms = () => `(${Date.now() - t0} ms)`;
const say = (step, text = "") => console.log(`${step}${text ? " " + text : ""} ${ms()}`);
const oneLine = (s) => s.replace(/\s+/g, " ").trim();
const WAIT_MS = Number(process.env.RESIDENCY_E2E_WAIT_MS || 30000);

/** playwright-core from RESIDENCY_NODE_MODULES, NODE_PATH, or the repository's target/editors. */
function loadPlaywright() {
  const dirs = [
    process.env.RESIDENCY_NODE_MODULES,
    ...(process.env.NODE_PATH || "").split(delimiter),
    process.env.RESIDENCY_REPO && join(process.env.RESIDENCY_REPO, "target/editors/node/node_modules"),
    new URL("../../../target/editors/node/node_modules", import.meta.url).pathname,
  ].filter(Boolean);
  for (const dir of dirs) {
    try {
      return createRequire(join(dir, "noop.js"))("playwright-core");
    } catch {
      // next
    }
  }
  console.log(`FAIL: playwright-core not found in ${dirs.join(", ")}`);
  process.exit(1);
}
const { chromium } = loadPlaywright();

/** Line (1-based) and column (0-based, in characters) of `needle` in the file on disk. */
function locate(needle) {
  const lines = readFileSync(join(folder, file), "utf8").split("\n");
  const i = lines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`${file} has no ${needle}`);
  return { line: i + 1, col: lines[i].indexOf(needle) };
}

class Fail extends Error {}

// A hard stop, whatever hangs.
const watchdog = setTimeout(() => {
  console.log(`FAIL: the test took more than ${WAIT_MS + 60000} ms ${ms()}`);
  process.exit(1);
}, WAIT_MS + 60000);

const browser = await chromium.launch({
  executablePath: process.env.RESIDENCY_CHROMIUM || "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
  ],
});
let code = 1;
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const problemsRows = page.locator(".markers-panel .monaco-list-row");
const editor = page.locator(".monaco-editor[data-uri$='/" + file + "']").first();

/** Clicks on character `col` (0-based) of the editor line that contains `needle`. */
async function clickInLine(needle, col) {
  const line = editor.locator(".view-line", { hasText: needle }).first();
  await line.waitFor({ timeout: 10000 });
  const point = await line.evaluate((el, col) => {
    // Monaco renders a line as spans of text: find the text node that holds character `col`.
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let rest = col;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (rest < n.length) {
        const r = document.createRange();
        r.setStart(n, rest);
        r.setEnd(n, rest + 1);
        const box = r.getBoundingClientRect();
        return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      }
      rest -= n.length;
    }
    return null;
  }, col);
  if (!point) throw new Error(`column ${col} is past the end of the line with ${needle}`);
  await page.mouse.click(point.x, point.y);
}

/** Waits until the status bar puts the cursor on `line`, and returns its "Ln x, Col y". */
async function cursorOn(line) {
  const item = page.locator(".statusbar-item", { hasText: new RegExp(`Ln ${line}, Col \\d+`) }).first();
  await item.waitFor({ timeout: 5000 });
  return oneLine(await item.innerText());
}

/** Presses Enter in the open quick input once its focused row holds `text` (clicking rows was flaky). */
async function pressOnFocusedRow(text, what) {
  const focused = page.locator(".quick-input-widget .monaco-list-row.focused", { hasText: text }).first();
  try {
    await focused.waitFor({ timeout: 10000 });
  } catch {
    const rows = await page.locator(".quick-input-widget .monaco-list-row").allInnerTexts().catch(() => []);
    throw new Fail(`${what} has no focused row "${text}" (rows: ${rows.map(oneLine).join(" | ") || "none"})`);
  }
  await page.keyboard.press("Enter");
}

/** Runs a command from the command palette: F1, its title, Enter. */
async function runCommand(title) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget .quick-input-box input").first();
  await input.waitFor({ state: "visible", timeout: 10000 });
  await page.keyboard.type(title);
  await pressOnFocusedRow(title, "the command palette");
}

/**
 * The text of the rule's documentation once it holds `needle`: in the Markdown preview (a
 * webview: a frame of its own, nested in another) or in a Markdown document of the extension's
 * `residency-rule:` scheme. Null after `timeout` ms.
 */
async function ruleDocumentation(needle, timeout) {
  const end = Date.now() + timeout;
  const ruleEditor = page.locator(".monaco-editor[data-uri^='residency-rule:']").first();
  do {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue; // the workbench (the quick pick lists rule names too)
      const text = await frame.evaluate(() => document.body?.innerText ?? "").catch(() => "");
      if (text.includes(needle)) {
        const tab = await page.locator(".tabs-container .tab.active").first().innerText().catch(() => "");
        return { text: oneLine(text), where: `Markdown preview, tab "${oneLine(tab)}"` };
      }
    }
    if ((await ruleEditor.count()) > 0) {
      const text = await linesOf(ruleEditor.locator(".view-lines").first());
      if (text.includes(needle)) return { text, where: "Markdown document" };
    }
    await page.waitForTimeout(200);
  } while (Date.now() < end);
  return null;
}

/** The rendered lines of a Monaco editor's `.view-lines`, in their order on screen, on one line. */
async function linesOf(viewLines) {
  const lines = await viewLines.evaluate((el) =>
    [...el.querySelectorAll(".view-line")]
      .map((l) => ({ top: parseFloat(l.style.top) || 0, text: l.textContent }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text),
  );
  return oneLine(lines.join(" "));
}

/**
 * The "Starting … lsp (from …)" lines of the extension's "Residency" output channel, which
 * VS Code writes to a file of the log folder (`…/output_logging_…/N-Residency.log`).
 */
async function startedServer(logs, timeout) {
  const end = Date.now() + timeout;
  const files = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith("-Residency.log") ? [join(dir, e.name)] : [],
    );
  do {
    let lines = [];
    try {
      lines = files(logs).flatMap((f) => readFileSync(f, "utf8").split("\n"));
    } catch {
      // not written yet
    }
    const started = lines.filter((l) => / lsp \(from /.test(l)).map(oneLine);
    if (started.length > 0) return started.join(" | ");
    await page.waitForTimeout(200);
  } while (Date.now() < end);
  return "";
}

try {
  say("BROWSER", "Chromium started");
  await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
  await page.locator(".monaco-workbench").waitFor({ timeout: 60000 });
  say("WORKBENCH", "loaded");

  // Open the file from the Explorer (Quick Open was flaky).
  await page.locator(".explorer-folders-view .monaco-list-row", { hasText: file }).first().click();
  await editor.locator(".view-lines").waitFor({ timeout: 20000 });
  say("OPENED", file);

  // The EU001 error: a squiggle in the editor, then its entry in the Problems panel.
  const deadline = Date.now() + WAIT_MS;
  const left = () => Math.max(1, deadline - Date.now());
  try {
    await editor.locator(".squiggly-error").first().waitFor({ timeout: left() });
  } catch {
    await page.keyboard.press("Control+Shift+M");
    await page.waitForTimeout(500);
    const rows = await problemsRows.allInnerTexts().catch(() => []);
    throw new Fail(
      `no EU001 diagnostic within ${WAIT_MS} ms (no error squiggle in ${file}; ` +
        `Problems: ${oneLine(rows.join(" | ")) || "empty"})`,
    );
  }
  say("SQUIGGLE", "error squiggle shown");
  await page.keyboard.press("Control+Shift+M");
  const eu001 = problemsRows.filter({ hasText: "EU001" }).first();
  try {
    await eu001.waitFor({ timeout: Math.max(left(), 5000) });
  } catch {
    const rows = await problemsRows.allInnerTexts().catch(() => []);
    throw new Fail(
      `no EU001 diagnostic within ${WAIT_MS} ms (Problems: ${oneLine(rows.join(" | ")) || "empty"})`,
    );
  }
  say("PROBLEMS", oneLine(await eu001.innerText()));

  // The inlay hint after `var.aadds_location`: the value the server resolved, in the editor's
  // own lines (VS Code shows inlay hints by default).
  const hinted = editor.locator(".view-lines", { hasText: "⟶ eastus" }).first();
  try {
    await hinted.waitFor({ timeout: Math.max(left(), 5000) });
  } catch {
    const lines = await editor.locator(".view-lines").innerText().catch(() => "");
    throw new Fail(`no inlay hint with the resolved value (lines: ${oneLine(lines).slice(-400)})`);
  }
  const hintLine = (await editor.locator(".view-line", { hasText: "⟶ eastus" }).first().innerText()).trim();
  say("HINT", oneLine(hintLine));

  // The hover on the flagged value (Ctrl+K Ctrl+I: mouse hovers were flaky).
  const value = locate('"United States"');
  await clickInLine("data_residency_location", value.col + 3);
  say("CURSOR", await cursorOn(value.line));
  await page.keyboard.press("Control+K");
  await page.keyboard.press("Control+I");
  const hover = page.locator(".monaco-hover", { hasText: "EU001" }).first();
  await hover.waitFor({ state: "visible", timeout: 10000 });
  // Wait for the server's part (why, what to do, the rule's page), not just the diagnostic's
  // message: short, the whole page is "Explain Rule".
  await page
    .locator(".monaco-hover", { hasText: "residency explain EU001" })
    .first()
    .waitFor({ timeout: 10000 })
    .catch(() => {});
  const hoverText = oneLine(await hover.innerText());
  if (
    !/EU001/.test(hoverText) ||
    !/fixed when the tenant is created/.test(hoverText) ||
    !/residency explain EU001/.test(hoverText) ||
    /Why it matters/.test(hoverText)
  ) {
    throw new Fail(`the hover does not explain EU001 in short: ${hoverText.slice(0, 400)}`);
  }
  say("HOVER", hoverText.slice(0, 400));

  const status = page.locator(".statusbar-item", { hasText: "Residency:" }).first();
  await status.waitFor({ timeout: 10000 });
  if (process.env.RESIDENCY_SCREENSHOT) {
    await page.waitForTimeout(300); // let the hover finish its fade-in
    await page.screenshot({ path: process.env.RESIDENCY_SCREENSHOT });
    say("SCREENSHOT", process.env.RESIDENCY_SCREENSHOT);
  }
  await page.keyboard.press("Escape");

  // The quick fix: Ctrl+., then move the focus to the right row and press Enter (clicking rows
  // was flaky).
  await clickInLine("data_residency_location", value.col + 3);
  await cursorOn(value.line);
  await page.keyboard.press("Control+.");
  const rows = page.locator(".action-widget .monaco-list-row");
  await rows.first().waitFor({ timeout: 10000 });
  const wanted = "Set the data residency location to `Europe` (re-creates the tenant)";
  const titles = (await rows.allInnerTexts()).map(oneLine);
  if (!titles.some((t) => t.includes(wanted))) {
    throw new Fail(`no quick fix "${wanted}" among: ${titles.join(" | ")}`);
  }
  let focused = "";
  for (let i = 0; i <= titles.length; i++) {
    focused = oneLine(
      await page.locator(".action-widget .monaco-list-row.focused").first().innerText().catch(() => ""),
    );
    if (focused.includes(wanted)) break;
    await page.keyboard.press("ArrowDown");
  }
  if (!focused.includes(wanted)) {
    throw new Fail(`could not focus "${wanted}" (focused: ${focused})`);
  }
  say("ACTION", `${focused} (of: ${titles.join(" | ")})`);
  await page.keyboard.press("Enter");

  const fixed = editor.locator(".view-line", { hasText: /data_residency_location\s*=\s*"Europe"/ }).first();
  await fixed.waitFor({ timeout: 10000 });
  say("AFTER-EDIT", `line ${value.line}: ${oneLine(await fixed.innerText())}`);

  await eu001.waitFor({ state: "detached", timeout: 10000 }).catch(() => {});
  if ((await problemsRows.filter({ hasText: "EU001" }).count()) !== 0) {
    throw new Fail("the EU001 problem is still listed after the fix");
  }
  const remaining = (await problemsRows.allInnerTexts()).map(oneLine).filter((t) => /EU\d{3}/.test(t));
  say("CLEARED", `EU001 gone; Problems now: ${remaining.join(" | ") || "none"}`);

  const statusText = oneLine(await status.innerText());
  if (!statusText.includes("europe")) {
    throw new Fail(`the status bar item does not show the boundary: ${statusText}`);
  }
  say("STATUS", statusText);

  // Live settings: residency.boundary = eu-data-boundary must reach the server (the tenant, now
  // in Europe with country code US, is outside the EU Data Boundary: EU002) and the status bar.
  // Written to the workspace's .vscode/settings.json (run.sh's copy of the workspace):
  // code-server does not notice edits of the user settings file on disk.
  mkdirSync(join(folder, ".vscode"), { recursive: true });
  writeFileSync(
    join(folder, ".vscode", "settings.json"),
    JSON.stringify({ "residency.boundary": "eu-data-boundary" }, null, 2) + "\n",
  );
  const eu002 = problemsRows.filter({ hasText: "EU002" }).first();
  try {
    await eu002.waitFor({ timeout: 15000 });
  } catch {
    throw new Fail("residency.boundary = eu-data-boundary did not reach the server (no EU002)");
  }
  const switched = page.locator(".statusbar-item", { hasText: "Residency: eu-data-boundary" }).first();
  try {
    await switched.waitFor({ timeout: 5000 });
  } catch {
    throw new Fail(`the status bar did not follow the setting: ${oneLine(await status.innerText())}`);
  }
  say("SETTINGS", `boundary=eu-data-boundary: ${oneLine(await eu002.innerText())}; status bar: ${oneLine(await switched.innerText())}`);

  // The commands, from the command palette. The check runs `residency check` on the files on
  // disk: save main.tf first, so that it sees the fixed tenant (EU002 under the boundary setting,
  // and EU003) rather than the original (EU001).
  await page.keyboard.press("Control+S");
  const savedAt = Date.now() + 10000;
  while (!/data_residency_location\s*=\s*"Europe"/.test(readFileSync(join(folder, file), "utf8"))) {
    if (Date.now() > savedAt) throw new Fail(`Ctrl+S did not save ${file} with the fix`);
    await page.waitForTimeout(100);
  }
  say("SAVED", file);

  // Residency: Explain Rule: pick EU001, and read its documentation in the Markdown preview (a
  // webview, so in a frame of its own) or, without the Markdown extension, a Markdown document.
  await runCommand("Residency: Explain Rule");
  const rulePick = page.locator('.quick-input-widget input[placeholder="Which rule?"]');
  try {
    await rulePick.waitFor({ state: "visible", timeout: 15000 });
  } catch {
    throw new Fail("Residency: Explain Rule did not ask for a rule (no \"Which rule?\" quick pick)");
  }
  await page.keyboard.type("EU001");
  await pressOnFocusedRow("EU001", "the rule quick pick");
  const ruleName = "b2c-tenant-outside-europe";
  const shown = await ruleDocumentation(ruleName, 15000);
  if (!shown) {
    const tabs = (await page.locator(".tabs-container .tab").allInnerTexts().catch(() => [])).map(oneLine);
    throw new Fail(
      `Residency: Explain Rule showed no documentation of EU001 (no "${ruleName}" within 15000 ms; ` +
        `tabs: ${tabs.join(" | ") || "none"})`,
    );
  }
  say("EXPLAIN", `${shown.text.slice(0, 150)} … (${shown.where})`);

  // Residency: Check Workspace: its output channel lists the findings of the saved file and the
  // totals.
  await runCommand("Residency: Check Workspace");
  const checkOutput = page.locator(".part.panel .monaco-editor .view-lines", { hasText: "Total:" }).first();
  try {
    await checkOutput.waitFor({ timeout: 15000 });
  } catch {
    const panel = oneLine(await page.locator(".part.panel").first().innerText().catch(() => ""));
    throw new Fail(
      `Residency: Check Workspace wrote no "Total:" line within 15000 ms (panel: ${panel.slice(0, 400) || "empty"})`,
    );
  }
  const checkText = await linesOf(checkOutput);
  const total = /Total: \d+ errors, \d+ warnings, \d+ infos\./.exec(checkText)?.[0];
  const perFolder = /\S+: \d+ files checked, \d+ findings/.exec(checkText)?.[0];
  // Where the CLI puts them (1-based columns): the country code, and the tenant's name.
  // and the hinted managed domain's variable (EU010). EU003 is off by default.
  const country = locate('"US"');
  const hintedLocation = locate("var.aadds_location");
  const expected = [
    `/${file}:${country.line}:${country.col + 1}: warning[EU002]`,
    `/${file}:${hintedLocation.line}:${hintedLocation.col + 1}: error[EU010]`,
    "1 files checked, 2 findings",
    "Total: 1 errors, 1 warnings, 0 infos.",
  ];
  const findings = [...checkText.matchAll(/\/([^/\s]+):(\d+):(\d+): (\w+)\[(\w+)\]/g)].map(
    ([, f, l, c, severity, rule]) => `${severity}[${rule}] ${f}:${l}:${c}`,
  );
  const missing = expected.filter((e) => !checkText.includes(e));
  if (missing.length > 0 || checkText.includes("[EU001]")) {
    throw new Fail(
      `Residency: Check Workspace did not list the findings of the saved ${file} ` +
        `(${missing.length ? `missing: ${missing.join(" | ")}` : "EU001 still listed"}; ` +
        `shown: ${findings.join(", ") || "no findings"}; ${perFolder ?? "no folder line"}; ${total ?? "no total"})`,
    );
  }
  say("CHECK", `${total} ${perFolder}: ${findings.join(", ")}`);

  // Which executable the extension started: with a bundled package (run.sh sets
  // RESIDENCY_E2E_BUNDLED), its own server/residency, as its "Residency" output channel says.
  if (process.env.RESIDENCY_E2E_BUNDLED) {
    const started = await startedServer(process.env.RESIDENCY_E2E_LOGS, 10000);
    const wanted = `Starting ${process.env.RESIDENCY_E2E_BUNDLED} lsp (from the extension's bundled server)`;
    if (!started.includes(wanted)) {
      throw new Fail(`the extension did not start its bundled server (wanted "${wanted}"; log: ${started || "none"})`);
    }
    say("SERVER", started);
  }

  say("PASS");
  code = 0;
} catch (e) {
  const message = e instanceof Fail ? e.message : `${e.message.split("\n")[0]}`;
  console.log(`FAIL: ${message} ${ms()}`);
  if (process.env.RESIDENCY_FAIL_SCREENSHOT) {
    await page.screenshot({ path: process.env.RESIDENCY_FAIL_SCREENSHOT }).catch(() => {});
  }
} finally {
  clearTimeout(watchdog);
  await browser.close().catch(() => {});
  process.exit(code);
}
