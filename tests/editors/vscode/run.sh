#!/usr/bin/env bash
# End-to-end test of the VS Code extension in a real VS Code (code-server, in Debian's Chromium
# driven by Playwright): diagnostics, Problems panel, hover, quick fix, status bar, live settings,
# and the commands "Residency: Explain Rule" and "Residency: Check Workspace".
#
#   tests/editors/vscode/run.sh CODE_SERVER VSIX WORKSPACE_DIR
#
# WORKSPACE_DIR holds main.tf (a copy of samples/EU001/terraform-flagged/main.tf); it is copied,
# so the test never writes to it. Environment:
#   RESIDENCY_BIN           the server executable (written to residency.path; else the
#                           extension's bundled server/residency, else PATH)
#   RESIDENCY_EXPECT_BUNDLED  the executable the package must bundle: after the install,
#                           server/residency of the installed extension must be a copy of it,
#                           and the extension must start it (its "Residency" output channel says
#                           so), which e2e.mjs checks
#   RESIDENCY_NODE_MODULES  the node_modules that holds playwright-core (or NODE_PATH, or
#                           $RESIDENCY_REPO/target/editors/node/node_modules)
#   RESIDENCY_REPO          the repository root
#   RESIDENCY_SCREENSHOT    where to save the screenshot (hover, squiggle, Problems, status bar)
#   RESIDENCY_E2E_WAIT_MS   how long to wait for the EU001 diagnostic (default 30000)
#   RESIDENCY_CHROMIUM      the browser (default /usr/bin/chromium)
#   PORT                    the port for code-server (default: a free one from the OS)
#   RESIDENCY_E2E_KEEP=1    keep the temporary directory (profile, logs) and print its path
# Prints one line per step and ends with PASS (exit 0) or FAIL: ... (exit 1).
set -euo pipefail

if [[ $# -ne 3 ]]; then
  echo "usage: $0 CODE_SERVER VSIX WORKSPACE_DIR" >&2
  exit 2
fi
CS=$1 VSIX=$2 WS=$3
here=$(cd "$(dirname "$0")" && pwd)
[[ -x $CS ]] || { echo "FAIL: code-server not found at $CS"; exit 1; }
[[ -f $VSIX ]] || { echo "FAIL: no extension package at $VSIX"; exit 1; }
[[ -d $WS ]] || { echo "FAIL: no workspace folder at $WS"; exit 1; }
if [[ -n ${RESIDENCY_EXPECT_BUNDLED:-} && -n ${RESIDENCY_BIN:-} ]]; then
  echo "FAIL: RESIDENCY_BIN (residency.path) would be started instead of the bundled server"
  exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/residency-vscode-e2e.XXXXXX")
CSPID=""
E2EPID=""
cleanup() {
  local status=$?
  if [[ -n $E2EPID ]]; then
    kill -TERM -- "-$E2EPID" 2>/dev/null || true
    sleep 0.2
    kill -KILL -- "-$E2EPID" 2>/dev/null || true
  fi
  if [[ -n $CSPID ]]; then
    # code-server keeps extension hosts and language servers alive for reconnection: end the
    # whole process group (setsid made code-server its leader), then make sure it is gone.
    kill -TERM -- "-$CSPID" 2>/dev/null || true
    for _ in $(seq 30); do
      kill -0 -- "-$CSPID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$CSPID" 2>/dev/null || true
  fi
  if [[ ${RESIDENCY_E2E_KEEP:-} == 1 ]]; then
    echo "kept $T"
  else
    rm -rf "$T"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$T/ud/User" "$T/ext" "$T/ws"
cp -a "$WS/." "$T/ws/"

if [[ -z ${PORT:-} ]]; then
  PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
fi
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$PORT" >"$T/config.yaml"

# A quiet profile: no welcome page, trust prompt, update checks, tips or telemetry.
RESIDENCY_BIN=${RESIDENCY_BIN:-} node -e '
  const settings = {
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "workbench.enableExperiments": false,
    "workbench.colorTheme": "Default Dark Modern",
    "security.workspace.trust.enabled": false,
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "extensions.ignoreRecommendations": true,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "files.autoSave": "off",
    "editor.fontSize": 14,
    "editor.minimap.enabled": false,
    "chat.commandCenter.enabled": false,
    "window.commandCenter": false,
  };
  if (process.env.RESIDENCY_BIN) settings["residency.path"] = process.env.RESIDENCY_BIN;
  require("fs").writeFileSync(process.argv[1], JSON.stringify(settings, null, 2) + "\n");
' "$T/ud/User/settings.json"

common=(--config "$T/config.yaml" --user-data-dir "$T/ud" --extensions-dir "$T/ext")
t0=$(date +%s%3N)
if ! "$CS" "${common[@]}" --install-extension "$VSIX" >"$T/install.log" 2>&1; then
  echo "FAIL: could not install $VSIX"
  cat "$T/install.log"
  exit 1
fi
echo "INSTALLED $(basename "$VSIX") ($(($(date +%s%3N) - t0)) ms)"
if [[ -n ${RESIDENCY_EXPECT_BUNDLED:-} ]]; then
  bundled=""
  for f in "$T"/ext/residency-lint.residency-*/server/residency; do
    [[ -f $f ]] && bundled=$f
  done
  if [[ -z $bundled ]]; then
    echo "FAIL: the installed extension has no server/residency ($(ls "$T/ext" | tr '\n' ' '))"
    exit 1
  fi
  if ! cmp -s "$bundled" "$RESIDENCY_EXPECT_BUNDLED"; then
    echo "FAIL: $bundled is not a copy of $RESIDENCY_EXPECT_BUNDLED"
    exit 1
  fi
  [[ -x $bundled ]] || { echo "FAIL: $bundled is not executable"; exit 1; }
  echo "BUNDLED ${bundled#"$T/"} ($(stat -c %s "$bundled") bytes, a copy of $RESIDENCY_EXPECT_BUNDLED)"
  export RESIDENCY_E2E_BUNDLED=$bundled RESIDENCY_E2E_LOGS=$T/ud/logs
fi

setsid "$CS" "${common[@]}" --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override --ignore-last-opened "$T/ws" >"$T/code-server.log" 2>&1 &
CSPID=$!
up=""
for _ in $(seq 200); do
  if curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz"; then
    up=1
    break
  fi
  kill -0 "$CSPID" 2>/dev/null || break
  sleep 0.1
done
if [[ -z $up ]]; then
  echo "FAIL: code-server did not start on 127.0.0.1:$PORT"
  tail -20 "$T/code-server.log"
  exit 1
fi
echo "CODE-SERVER up on 127.0.0.1:$PORT ($(($(date +%s%3N) - t0)) ms)"

# In the background, in its own process group (Chromium included), so that a signal to this
# script ends the test at once: bash runs traps only between foreground commands.
setsid node "$here/e2e.mjs" "http://127.0.0.1:$PORT" "$T/ws" main.tf &
E2EPID=$!
status=0
wait "$E2EPID" || status=$?
E2EPID=""
if [[ $status -ne 0 ]]; then
  # What the extension and the server said, for the failure's cause.
  find "$T/ud/logs" -name '*Residency*.log' -print0 2>/dev/null |
    while IFS= read -r -d '' f; do
      echo "--- $(basename "$f") (last 30 lines)"
      tail -30 "$f"
    done
  echo "--- code-server.log (last 15 lines)"
  tail -15 "$T/code-server.log"
fi
exit "$status"
