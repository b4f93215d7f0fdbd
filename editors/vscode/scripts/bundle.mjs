// Bundles src/extension.ts and vscode-languageclient into dist/extension.js (CommonJS, Node 18:
// the oldest VS Code this supports, 1.82, runs its extensions on Node 18).
import { build } from "esbuild";

const release = process.argv.includes("--release");
await build({
  entryPoints: ["src/extension.ts"],
  bundle: true,
  platform: "node",
  target: "node18",
  format: "cjs",
  external: ["vscode"],
  outfile: "dist/extension.js",
  minify: release,
  sourcemap: !release,
  logLevel: "warning",
});
