// `npm run package`: builds the .vsix offline.
//
// - Without RESIDENCY_BUNDLE_BINARY: residency.vsix, for every platform, with no server: the
//   extension starts `residency` from `residency.path` or PATH.
// - With RESIDENCY_BUNDLE_BINARY=/path/to/residency and RESIDENCY_VSCE_TARGET=linux-x64 (one of
//   vsce's targets: win32-x64, win32-arm64, linux-x64, linux-arm64, linux-armhf, alpine-x64,
//   alpine-arm64, darwin-x64, darwin-arm64): residency-linux-x64.vsix, a package for that
//   platform only, which ships the executable as server/residency (server/residency.exe for a
//   .exe); the extension starts it when `residency.path` is empty. This is what a release
//   publishes, one package per target (`vsce publish --packagePath ...`).
// - RESIDENCY_VSIX=FILE writes the package there instead.
// - vsce runs `vscode:prepublish` (type check, then the esbuild bundle) and packages with
//   --no-dependencies: vscode-languageclient is inside dist/extension.js.
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const binary = process.env.RESIDENCY_BUNDLE_BINARY;
const target = process.env.RESIDENCY_VSCE_TARGET;
if (binary && !target) {
  console.error(
    "RESIDENCY_BUNDLE_BINARY needs RESIDENCY_VSCE_TARGET (for example linux-x64): " +
      "a package with an executable runs on one platform only",
  );
  process.exit(2);
}
const out = process.env.RESIDENCY_VSIX ?? join(root, target ? `residency-${target}.vsix` : "residency.vsix");

const server = join(root, "server");
rmSync(server, { recursive: true, force: true });
if (binary) {
  try {
    if (!statSync(binary).isFile()) throw new Error("not a file");
  } catch (e) {
    console.error(`RESIDENCY_BUNDLE_BINARY=${binary}: ${e.message}`);
    process.exit(2);
  }
  const name = binary.toLowerCase().endsWith(".exe") ? "residency.exe" : "residency";
  mkdirSync(server);
  copyFileSync(binary, join(server, name));
  chmodSync(join(server, name), 0o755);
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
if (target) {
  args.push("--target", target);
}
const r = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
// The copy is in the package now; do not leave a stale executable in the source tree.
rmSync(server, { recursive: true, force: true });
process.exit(r.status ?? 1);
