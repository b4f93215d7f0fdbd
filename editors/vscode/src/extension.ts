// The VS Code client of `residency lsp`: starts the language server for ARM, Bicep, Terraform,
// Pulumi and Kubernetes files, passes the `residency.*` settings to it live, shows the active
// boundary in the status bar, and offers "Explain Rule" and "Check Workspace".
import * as cp from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from "vscode-languageclient/node";

import { RuleInfo, STATIC_RULES } from "./rules.generated";

const SECTION = "residency";

/** Language ids whose documents go to the server (it ignores JSON and YAML it does not model). */
const LANGUAGES = [
  "json", // ARM templates and parameters files, Terraform JSON, tfvars JSON, plan JSON
  "jsonc",
  "bicep",
  "bicepparam",
  "terraform",
  "terraform-vars",
  "yaml", // Pulumi YAML programs and stacks, Azure Service Operator manifests
  "powershell", // Exchange federation (EU060), Microsoft365DSC configurations
  "xml", // Azure AD B2C custom policies (TrustFrameworkPolicy)
];

const BOUNDARY_TEXT: Record<string, string> = {
  europe:
    "every region in a European geography, the United Kingdom, Switzerland and Norway included",
  "eu-data-boundary":
    "EU and EFTA datacenters only (UK regions are outside); Europe tenants need an EU or EFTA country code",
  custom: "the regions listed in `allowed_regions` of `.residency.yaml`",
};

const RULE_SCHEME = "residency-rule";

let client: LanguageClient | undefined;
let serverLog: vscode.OutputChannel;
let checkLog: vscode.OutputChannel | undefined;
let statusItem: vscode.StatusBarItem;
const ruleDocs = new Map<string, string>();
const ruleDocsChanged = new vscode.EventEmitter<vscode.Uri>();

export async function activate(ctx: vscode.ExtensionContext): Promise<void> {
  serverLog = vscode.window.createOutputChannel("Residency");
  statusItem = vscode.window.createStatusBarItem(
    "residency.boundary",
    vscode.StatusBarAlignment.Right,
    100,
  );
  statusItem.name = "Residency boundary";
  statusItem.command = {
    title: "Change the residency boundary",
    command: "workbench.action.openSettings",
    arguments: ["residency.boundary"],
  };
  ctx.subscriptions.push(serverLog, statusItem, ruleDocsChanged);

  ctx.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(RULE_SCHEME, {
      onDidChange: ruleDocsChanged.event,
      provideTextDocumentContent: (uri) => ruleDocs.get(uri.path) ?? "",
    }),
    vscode.commands.registerCommand("residency.explainRule", (code?: unknown) =>
      explainRule(ctx, typeof code === "string" ? code : undefined),
    ),
    vscode.commands.registerCommand("residency.checkWorkspace", () => checkWorkspace(ctx)),
    vscode.commands.registerCommand("residency.restartServer", () => restartClient(ctx)),
    vscode.commands.registerCommand("residency.showOutput", () => serverLog.show(true)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // The path starts another server; inlay hints are settled when the server starts.
      if (e.affectsConfiguration("residency.path") || e.affectsConfiguration("residency.inlayHints")) {
        void restartClient(ctx);
      }
      if (
        e.affectsConfiguration("residency.boundary") ||
        e.affectsConfiguration("residency.allowedRegions")
      ) {
        updateStatus();
      }
    }),
    vscode.window.onDidChangeActiveTextEditor(() => updateStatus()),
  );
  const configWatcher = vscode.workspace.createFileSystemWatcher("**/.residency.yaml");
  configWatcher.onDidCreate(() => updateStatus());
  configWatcher.onDidChange(() => updateStatus());
  configWatcher.onDidDelete(() => updateStatus());
  ctx.subscriptions.push(configWatcher);

  updateStatus();
  statusItem.show();
  await startClient(ctx);
}

export function deactivate(): Thenable<void> | undefined {
  const c = client;
  client = undefined;
  return c?.stop();
}

// ---------------------------------------------------------------------------------------------
// The server executable

interface ServerCommand {
  command: string;
  /** Where it came from, for messages. */
  origin: string;
}

function expandPath(p: string): string {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === "file");
  let out = p.trim();
  if (out === "~" || out.startsWith("~/") || out.startsWith("~\\")) {
    out = path.join(os.homedir(), out.slice(1));
  }
  if (folder) {
    out = out.replace(/\$\{workspaceFolder\}/g, folder.uri.fsPath);
    if (!path.isAbsolute(out) && /[\\/]/.test(out)) {
      out = path.resolve(folder.uri.fsPath, out);
    }
  }
  return out;
}

/** `residency.path`, else the executable bundled in `server/`, else `residency` on PATH. */
function serverCommand(ctx: vscode.ExtensionContext): ServerCommand {
  const configured = vscode.workspace.getConfiguration(SECTION).get<string>("path", "");
  if (configured && configured.trim()) {
    return { command: expandPath(configured), origin: "the setting residency.path" };
  }
  const exe = process.platform === "win32" ? "residency.exe" : "residency";
  const bundled = ctx.asAbsolutePath(path.join("server", exe));
  if (fs.existsSync(bundled)) {
    if (process.platform !== "win32") {
      try {
        fs.accessSync(bundled, fs.constants.X_OK);
      } catch {
        try {
          fs.chmodSync(bundled, 0o755); // archives do not always keep the mode
        } catch {
          // reported when it fails to start
        }
      }
    }
    return { command: bundled, origin: "the extension's bundled server" };
  }
  return { command: "residency", origin: "PATH" };
}

/**
 * What the server reads: `boundary`, `allowedRegions`, `preferredRegion`, `rules`. Empty values are sent as null,
 * which the server takes as "not set" (so `.residency.yaml` decides); `path` and `trace` are the
 * client's own and are not sent.
 */
function serverSettings(scope?: vscode.Uri): Record<string, unknown> {
  const cfg = vscode.workspace.getConfiguration(SECTION, scope);
  const text = (key: string) => cfg.get<string | null>(key)?.trim() || null;
  const regions = (cfg.get<string[]>("allowedRegions") ?? []).map((r) => r.trim()).filter(Boolean);
  return {
    boundary: text("boundary"),
    allowedRegions: regions.length > 0 ? regions : null,
    preferredRegion: text("preferredRegion"),
    rules: cfg.get<Record<string, string>>("rules") ?? {},
  };
}

async function startClient(ctx: vscode.ExtensionContext): Promise<void> {
  const server = serverCommand(ctx);
  const serverOptions: ServerOptions = {
    run: { command: server.command, args: ["lsp"] },
    debug: { command: server.command, args: ["lsp"] },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.map((language) => ({ scheme: "file", language })),
    // Any change under `residency.` is pushed (workspace/didChangeConfiguration); the server
    // also pulls the section (workspace/configuration). Both get serverSettings().
    synchronize: { configurationSection: SECTION },
    initializationOptions: {
      settings: serverSettings(),
      inlayHints: vscode.workspace.getConfiguration(SECTION).get<boolean>("inlayHints", true),
    },
    middleware: {
      workspace: {
        didChangeConfiguration: async () => {
          await c.sendNotification(DidChangeConfigurationNotification.type, {
            settings: { [SECTION]: serverSettings() },
          });
        },
        configuration: async (params, token, next) => {
          const values = await next(params, token);
          if (!Array.isArray(values)) {
            return values;
          }
          return params.items.map((item, i) =>
            item.section === SECTION
              ? serverSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined)
              : values[i],
          );
        },
      },
    },
    outputChannel: serverLog,
    diagnosticCollectionName: "residency",
  };
  const c = new LanguageClient("residency", "Residency", serverOptions, clientOptions);
  client = c;
  serverLog.appendLine(`Starting ${server.command} lsp (from ${server.origin})`);
  try {
    await c.start();
  } catch (e) {
    if (client === c) {
      client = undefined;
    }
    const why = e instanceof Error ? e.message : String(e);
    serverLog.appendLine(`Could not start the server: ${why}`);
    const choice = await vscode.window.showErrorMessage(
      `Residency: could not start \`${server.command} lsp\` (from ${server.origin}): ${why}. ` +
        "Install residency and put it on PATH, or set residency.path.",
      "Open Settings",
      "Show Output",
    );
    if (choice === "Open Settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "residency.path");
    } else if (choice === "Show Output") {
      serverLog.show(true);
    }
  }
}

async function restartClient(ctx: vscode.ExtensionContext): Promise<void> {
  const c = client;
  client = undefined;
  if (c && c.state !== State.Stopped) {
    try {
      await c.stop();
    } catch (e) {
      serverLog.appendLine(`Stopping the server: ${e instanceof Error ? e.message : e}`);
    }
  }
  await startClient(ctx);
}

// ---------------------------------------------------------------------------------------------
// Status bar: the boundary in force for the active file

interface EffectiveBoundary {
  id: string;
  source: string;
  warning?: string;
}

/** The nearest `.residency.yaml` above `dir` and its `boundary:` (the server reads the same). */
function boundaryFromFile(dir: string | undefined): EffectiveBoundary | undefined {
  for (let d = dir; d; ) {
    const file = path.join(d, ".residency.yaml");
    let text: string | undefined;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      const m = /^boundary:\s*["']?([A-Za-z-]+)/m.exec(text);
      return { id: m ? m[1] : "europe", source: vscode.workspace.asRelativePath(file) };
    }
    const parent = path.dirname(d);
    d = parent === d ? undefined : parent;
  }
  return undefined;
}

function effectiveBoundary(): EffectiveBoundary {
  const doc = vscode.window.activeTextEditor?.document;
  const dir =
    doc && doc.uri.scheme === "file"
      ? path.dirname(doc.uri.fsPath)
      : vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === "file")?.uri.fsPath;
  const fromFile = boundaryFromFile(dir);
  const setting = vscode.workspace.getConfiguration(SECTION).get<string>("boundary")?.trim();
  const regions = vscode.workspace.getConfiguration(SECTION).get<string[]>("allowedRegions") ?? [];
  if (setting === "custom" && regions.some((r) => r.trim())) {
    return { id: "custom", source: "the settings `residency.boundary` and `residency.allowedRegions`" };
  }
  if (setting === "custom") {
    // Without `residency.allowedRegions`, the server keeps the file's boundary.
    const used = fromFile ?? { id: "europe", source: "the default" };
    if (used.id === "custom") {
      return { id: "custom", source: `the setting, regions from ${used.source}` };
    }
    return {
      ...used,
      warning:
        "`residency.boundary` is `custom`, but neither `residency.allowedRegions` nor " +
        "`allowed_regions` in `.residency.yaml` lists regions; the server uses this boundary instead.",
    };
  }
  if (setting) {
    return { id: setting, source: "the setting `residency.boundary`" };
  }
  return fromFile ?? { id: "europe", source: "the default" };
}

function updateStatus(): void {
  if (!statusItem) {
    return;
  }
  const b = effectiveBoundary();
  statusItem.text = `${b.warning ? "$(warning)" : "$(globe)"} Residency: ${b.id}`;
  const tip = new vscode.MarkdownString(undefined, true);
  tip.appendMarkdown(`**Identity data boundary: \`${b.id}\`** (from ${b.source})\n\n`);
  tip.appendMarkdown(`${BOUNDARY_TEXT[b.id] ?? "unknown boundary"}.\n\n`);
  if (b.warning) {
    tip.appendMarkdown(`$(warning) ${b.warning}\n\n`);
  }
  tip.appendMarkdown("Click to change `residency.boundary`.");
  statusItem.tooltip = tip;
}

// ---------------------------------------------------------------------------------------------
// Running the executable for commands

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runResidency(
  ctx: vscode.ExtensionContext,
  args: string[],
  cwd?: string,
  token?: vscode.CancellationToken,
): Promise<RunResult> {
  const { command } = serverCommand(ctx);
  return new Promise((resolve, reject) => {
    const child = cp.execFile(
      command,
      args,
      { cwd, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } },
      (err, stdout, stderr) => {
        const code = err && typeof (err as { code?: unknown }).code === "number"
          ? ((err as { code: number }).code)
          : err ? null : 0;
        if (err && code === null && !token?.isCancellationRequested) {
          reject(new Error(`${command}: ${err.message}`));
          return;
        }
        resolve({ code, stdout, stderr });
      },
    );
    token?.onCancellationRequested(() => child.kill());
  });
}

async function listRules(ctx: vscode.ExtensionContext): Promise<RuleInfo[]> {
  try {
    const r = await runResidency(ctx, ["rules", "--format", "json"]);
    const rules = JSON.parse(r.stdout) as RuleInfo[];
    if (Array.isArray(rules) && rules.length > 0) {
      return rules;
    }
  } catch {
    // an older executable, or none: the static catalog
  }
  return STATIC_RULES;
}

// ---------------------------------------------------------------------------------------------
// Residency: Explain Rule

async function explainRule(ctx: vscode.ExtensionContext, code?: string): Promise<void> {
  if (!code) {
    const rules = await listRules(ctx);
    const pick = await vscode.window.showQuickPick(
      rules.map((r) => ({
        label: r.code,
        description: `${r.name} (${r.severity})`,
        detail: r.summary || undefined,
      })),
      { placeHolder: "Which rule?", matchOnDescription: true, matchOnDetail: true },
    );
    if (!pick) {
      return;
    }
    code = pick.label;
  }
  code = code.toUpperCase();
  let text: string;
  try {
    const r = await runResidency(ctx, ["explain", code]);
    if (r.code !== 0 || !r.stdout.trim()) {
      throw new Error(r.stderr.trim() || `exit status ${r.code}`);
    }
    text = r.stdout;
  } catch (e) {
    void vscode.window.showErrorMessage(
      `Residency: cannot explain ${code}: ${e instanceof Error ? e.message : e}`,
    );
    return;
  }
  const uri = vscode.Uri.from({ scheme: RULE_SCHEME, path: `/${code}.md` });
  ruleDocs.set(uri.path, text);
  ruleDocsChanged.fire(uri);
  try {
    await vscode.commands.executeCommand("markdown.showPreview", uri);
  } catch {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, "markdown");
    await vscode.window.showTextDocument(doc, { preview: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Residency: Check Workspace

interface JsonDiagnostic {
  path: string;
  line: number;
  column: number;
  code: string;
  severity: string;
  message: string;
  fix?: { title: string; safe: boolean };
}

const SEVERITY_ORDER: Record<string, number> = { error: 0, warning: 1, info: 2 };

async function checkWorkspace(ctx: vscode.ExtensionContext): Promise<void> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === "file");
  if (folders.length === 0) {
    void vscode.window.showInformationMessage("Residency: open a folder to check it.");
    return;
  }
  if (!checkLog) {
    checkLog = vscode.window.createOutputChannel("Residency: Check Workspace");
    ctx.subscriptions.push(checkLog);
  }
  const log = checkLog;
  log.clear();
  log.show(true);
  const cfg = vscode.workspace.getConfiguration(SECTION);
  const boundary = cfg.get<string>("boundary")?.trim();
  const levels = cfg.get<Record<string, string>>("rules") ?? {};
  await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: "Residency: checking the workspace",
      cancellable: true,
    },
    async (_progress, token) => {
      const totals: Record<string, number> = { error: 0, warning: 0, info: 0 };
      for (const folder of folders) {
        const args = ["check", "--format", "json", "--fail-on", "never"];
        if (boundary === "europe" || boundary === "eu-data-boundary") {
          args.push("--boundary", boundary);
        }
        args.push(folder.uri.fsPath);
        log.appendLine(`$ residency ${args.join(" ")}`);
        let result: RunResult;
        try {
          result = await runResidency(ctx, args, folder.uri.fsPath, token);
        } catch (e) {
          log.appendLine(`  cannot run residency: ${e instanceof Error ? e.message : e}`);
          continue;
        }
        if (token.isCancellationRequested) {
          log.appendLine("  cancelled");
          return;
        }
        if (result.code !== 0) {
          log.appendLine(`  exit status ${result.code}: ${result.stderr.trim()}`);
          continue;
        }
        let report: { files_checked: number; diagnostics: JsonDiagnostic[] };
        try {
          report = JSON.parse(result.stdout);
        } catch (e) {
          log.appendLine(`  unreadable output: ${e instanceof Error ? e.message : e}`);
          continue;
        }
        // The editor's `residency.rules` setting, over what `.residency.yaml` gave the CLI.
        const diagnostics = report.diagnostics
          .map((d) => ({ ...d, severity: levels[d.code] ?? d.severity }))
          .filter((d) => d.severity !== "off")
          .sort(
            (a, b) =>
              (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3) ||
              a.path.localeCompare(b.path) ||
              a.line - b.line,
          );
        for (const d of diagnostics) {
          const file = path.resolve(folder.uri.fsPath, d.path);
          log.appendLine(`${file}:${d.line}:${d.column}: ${d.severity}[${d.code}] ${d.message}`);
          if (d.fix) {
            log.appendLine(`    fix: ${d.fix.title}${d.fix.safe ? "" : " (unsafe)"}`);
          }
          totals[d.severity] = (totals[d.severity] ?? 0) + 1;
        }
        log.appendLine(
          `${folder.name}: ${report.files_checked} files checked, ${diagnostics.length} findings`,
        );
        log.appendLine("");
      }
      log.appendLine(
        `Total: ${totals.error} errors, ${totals.warning} warnings, ${totals.info} infos.`,
      );
    },
  );
}
