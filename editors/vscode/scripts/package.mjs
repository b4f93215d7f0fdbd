// `npm run package`: builds residency.vsix offline.
//
// - server/: with RESIDENCY_BUNDLE_BINARY=/path/to/residency, that executable is shipped as
//   server/residency (server/residency.exe for a .exe), and the extension starts it when
//   `residency.path` is empty. Without it, server/ is removed and the extension uses `residency`
//   on PATH. A bundled executable makes the package platform-specific: set RESIDENCY_VSCE_TARGET
//   (for example linux-x64) to mark it so.
// - vsce runs `vscode:prepublish` (type check, then the esbuild bundle) and packages with
//   --no-dependencies: vscode-languageclient is inside dist/extension.js.
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = process.env.RESIDENCY_VSIX ?? join(root, "residency.vsix");

rmSync(join(root, "server"), { recursive: true, force: true });
const binary = process.env.RESIDENCY_BUNDLE_BINARY;
if (binary) {
  statSync(binary); // fails loudly when it is missing
  const name = binary.toLowerCase().endsWith(".exe") ? "residency.exe" : "residency";
  mkdirSync(join(root, "server"));
  copyFileSync(binary, join(root, "server", name));
  chmodSync(join(root, "server", name), 0o755);
  console.log(`bundling ${binary} as server/${name}`);
}

const vsce = createRequire(import.meta.url).resolve("@vscode/vsce/vsce");
// vsce rewrites the README's relative links against the repository root; the extension lives
// in editors/vscode.
const repo = "https://github.com/residency-lint/residency";
const args = [
  vsce,
  "package",
  "--no-dependencies",
  "--out",
  out,
  "--baseContentUrl",
  `${repo}/blob/HEAD/editors/vscode`,
  "--baseImagesUrl",
  `${repo}/raw/HEAD/editors/vscode`,
];
if (process.env.RESIDENCY_VSCE_TARGET) {
  args.push("--target", process.env.RESIDENCY_VSCE_TARGET);
}
const r = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
process.exit(r.status ?? 1);
