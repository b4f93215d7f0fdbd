#!/usr/bin/env bash
# Side-by-side speed comparison of `residency check`, in one run (docs/performance.md):
#
#   1. the whole bulk corpus, this checkout against an earlier commit (default 08c96b8, the
#      commit issue 12 measured) built from a temporary git worktree;
#   2. one thread against two (RAYON_NUM_THREADS), this checkout;
#   3. 1x, 2x and 4x copies of the bulk corpus (cost must be linear in size);
#   4. one small file, the pre-commit case, both builds;
#   5. checkov on the corpus's Terraform files (and, without --quick, its ARM JSON files),
#      installed into its own virtual environment;
#   6. the single-thread parser throughput from `cargo bench --bench throughput`;
#   7. the language server, both builds, driven by `cargo bench --bench lsp`.
#
# Runs are interleaved (round k starts with command k) and reported as medians, so a machine
# that drifts during the run affects every command alike; the ratios are what to quote.
#
#   benches/compare.sh                    # 5 rounds each (checkov 3)
#   benches/compare.sh --quick            # 2 rounds, checkov on Terraform only, once
#   benches/compare.sh --base v0.1.0      # against another commit or tag
#   benches/compare.sh --no-checkov       # without PyPI
#   benches/compare.sh --only 1,2         # some sections only
#
# Needs git, cargo, python3 (and network access to PyPI once for checkov). The corpus comes
# from ../shared/corpus or $RESIDENCY_CORPUS. Builds and data live in target/compare
# ($COMPARE_DIR): the earlier commit's build is cached there by commit id, and the corpus
# copies are hard links where the file system allows. Nothing in the checkout is modified.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
base=08c96b8
rounds=5
checkov_rounds=3
quick=0
with_checkov=1
only=
checkov_version=${CHECKOV_VERSION:-3.3.30}

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1; rounds=2; checkov_rounds=1 ;;
    --base) base=${2:?--base needs a commit}; shift ;;
    --rounds) rounds=${2:?--rounds needs a number}; shift ;;
    --no-checkov) with_checkov=0 ;;
    --only) only=",${2:?--only needs section numbers},"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "compare: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

corpus=${RESIDENCY_CORPUS:-$root/../shared/corpus}
bulk=$corpus/bulk
if [ ! -d "$bulk" ]; then
  echo "compare: the corpus is missing: expected $bulk (set RESIDENCY_CORPUS)" >&2
  exit 2
fi
work=${COMPARE_DIR:-$root/target/compare}
mkdir -p "$work/bin" "$work/data" "$work/results"
timing="$root/benches/compare_timing.py"
stamp=$(date -u +%Y%m%dT%H%M%SZ)

section() { printf '\n== %s\n' "$*"; }
# Whether section $1 runs (all of them without --only).
wanted() { [ -z "$only" ] || [[ $only == *",$1,"* ]]; }

# Times the commands of a plan (JSON on stdin) and keeps its figures in results/.
measure() {
  local name=$1
  python3 "$timing" "$work/results/$stamp-$name.json"
}

# One JSON command entry: label, bytes (or 0), environment (JSON object), then the command.
entry() {
  local label=$1 bytes=$2 env=$3
  shift 3
  python3 -c 'import json, sys
label, size, env, *cmd = sys.argv[1:]
entry = {"label": label, "cmd": cmd, "env": json.loads(env)}
if int(size):
    entry["bytes"] = int(size)
print(json.dumps(entry))' "$label" "$bytes" "$env" "$@"
}

# A plan from entries (one per line on stdin) and ratios ("label|slow|fast|target" arguments).
plan() {
  local plan_rounds=$1 warmup=$2
  shift 2
  python3 -c 'import json, sys
rounds, warmup, *ratios = sys.argv[1:]
commands = [json.loads(line) for line in sys.stdin if line.strip()]
parsed = []
for r in ratios:
    label, slow, fast, target = r.split("|")
    item = {"label": label, "slow": slow, "fast": fast}
    if target:
        item["target"] = target
    parsed.append(item)
print(json.dumps({"rounds": int(rounds), "warmup": int(warmup), "commands": commands, "ratios": parsed}))' \
    "$plan_rounds" "$warmup" "$@"
}

bytes_of() { find "$@" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}'; }

# A tree of hard links to (or, across file systems, copies of) the files under $1 that match
# the find(1) expression after it, at $dest.
link_tree() {
  local from=$1 dest=$2
  shift 2
  [ -d "$dest" ] && return 0
  mkdir -p "$dest.partial"
  (cd "$from" && find . -type f \( "$@" \) -print0 |
    xargs -0 -r cp --parents -l -t "$dest.partial" 2>/dev/null ||
    find . -type f \( "$@" \) -print0 | xargs -0 -r cp --parents -t "$dest.partial")
  mv "$dest.partial" "$dest"
}

section "build"
(cd "$root" && cargo build --release --locked --bin residency --quiet)
new_bin="$work/bin/residency-new"
cp "$root/target/release/residency" "$new_bin"
new_id=$(git -C "$root" rev-parse --short HEAD)
if ! git -C "$root" diff --quiet HEAD -- src Cargo.toml Cargo.lock; then new_id="$new_id+changes"; fi

base_id=$(git -C "$root" rev-parse --verify --short "$base^{commit}")
base_bin="$work/bin/residency-$base_id"
if [ ! -x "$base_bin" ]; then
  tree=$(mktemp -d "${TMPDIR:-/tmp}/residency-base.XXXXXX")
  trap 'git -C "$root" worktree remove --force "$tree/src" >/dev/null 2>&1 || true; rm -rf "$tree"' EXIT
  git -C "$root" worktree add --quiet --detach "$tree/src" "$base_id"
  echo "building $base_id in a temporary worktree (cached in $work/target-base)"
  (cd "$tree/src" && CARGO_TARGET_DIR="$work/target-base" cargo build --release --locked --bin residency --quiet)
  cp "$work/target-base/release/residency" "$base_bin"
  git -C "$root" worktree remove --force "$tree/src"
fi
echo "new:  $new_id ($new_bin)"
echo "base: $base_id ($base_bin)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -r)"
echo "corpus: $bulk, $(find "$bulk" -type f | wc -l) files, $(( $(bytes_of "$bulk") / 1000000 )) MB"

bulk_bytes=$(bytes_of "$bulk")
check=(check --format json)

if wanted 1; then
section "1. whole bulk corpus: $new_id against $base_id (2 threads)"
{
  entry "base $base_id" "$bulk_bytes" '{}' "$base_bin" "${check[@]}" "$bulk"
  entry "new $new_id" "$bulk_bytes" '{}' "$new_bin" "${check[@]}" "$bulk"
} | plan "$rounds" 1 "new against base|base $base_id|new $new_id|2.5x" | measure bulk
fi

if wanted 2; then
section "2. threads: one against two, $new_id"
{
  entry "1 thread" "$bulk_bytes" '{"RAYON_NUM_THREADS": "1"}' "$new_bin" "${check[@]}" "$bulk"
  entry "2 threads" "$bulk_bytes" '{"RAYON_NUM_THREADS": "2"}' "$new_bin" "${check[@]}" "$bulk"
  entry "base 1 thread" "$bulk_bytes" '{"RAYON_NUM_THREADS": "1"}' "$base_bin" "${check[@]}" "$bulk"
} | plan "$rounds" 1 "second core|1 thread|2 threads|1.7x" \
  "new against base, 1 thread|base 1 thread|1 thread|" | measure threads
fi

if wanted 3; then
section "3. scaling: 1x, 2x, 4x copies of the bulk corpus, $new_id"
for n in 2 4; do
  dest="$work/data/bulk-x$n"
  if [ ! -d "$dest" ]; then
    mkdir -p "$dest.partial"
    for i in $(seq 1 $n); do cp -al "$bulk" "$dest.partial/copy$i" 2>/dev/null || cp -a "$bulk" "$dest.partial/copy$i"; done
    mv "$dest.partial" "$dest"
  fi
done
{
  entry "1x" "$bulk_bytes" '{}' "$new_bin" "${check[@]}" "$bulk"
  entry "2x" "$(( bulk_bytes * 2 ))" '{}' "$new_bin" "${check[@]}" "$work/data/bulk-x2"
  entry "4x" "$(( bulk_bytes * 4 ))" '{}' "$new_bin" "${check[@]}" "$work/data/bulk-x4"
} | plan "$rounds" 1 "2x against 1x (linear: 2.00)|2x|1x|" "4x against 1x (linear: 4.00)|4x|1x|" |
  measure scaling
fi

if wanted 4; then
section "4. one small file (the pre-commit case)"
small="$root/samples/EU021/terraform-flagged/main.tf"
{
  entry "base $base_id, one file" 0 '{}' "$base_bin" check "$small"
  entry "new $new_id, one file" 0 '{}' "$new_bin" check "$small"
} | plan "$(( rounds * 6 ))" 2 "new against base|base $base_id, one file|new $new_id, one file|" |
  measure small-file
fi

if [ "$with_checkov" = 1 ] && wanted 5; then
  section "5. checkov $checkov_version (its own virtual environment) on the same files"
  venv="$work/checkov-$checkov_version"
  if [ ! -e "$venv/.installed" ]; then
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "checkov==$checkov_version"
    touch "$venv/.installed"
  fi
  echo "checkov: $("$venv/bin/checkov" --version)"
  tf="$work/data/terraform"
  link_tree "$bulk" "$tf" -name '*.tf' -o -name '*.tfvars'
  tf_bytes=$(bytes_of "$tf")
  echo "Terraform: $(find "$tf" -type f | wc -l) files, $(( tf_bytes / 1000 )) KB"
  # --skip-download: no guidelines fetched; --soft-fail: findings are exit 0.
  checkov=("$venv/bin/checkov" --quiet --compact --skip-download --soft-fail -o json)
  {
    entry "checkov, Terraform" "$tf_bytes" '{}' "${checkov[@]}" --framework terraform -d "$tf"
    entry "residency, Terraform" "$tf_bytes" '{}' "$new_bin" "${check[@]}" "$tf"
  } | plan "$checkov_rounds" 0 "residency against checkov, Terraform|checkov, Terraform|residency, Terraform|" |
    measure checkov-terraform
  if [ "$quick" = 0 ]; then
    arm="$work/data/arm"
    link_tree "$bulk" "$arm" -name '*.json'
    arm_bytes=$(bytes_of "$arm")
    echo "ARM JSON: $(find "$arm" -type f | wc -l) files, $(( arm_bytes / 1000000 )) MB"
    # checkov 3.3.30 stops with a TypeError on one of these templates after several minutes:
    # run it once first, and time it against residency only when it finishes.
    log="$work/results/$stamp-checkov-arm.log"
    started=$(date +%s)
    set +e
    "${checkov[@]}" --framework arm -d "$arm" >/dev/null 2>"$log"
    code=$?
    set -e
    took=$(( $(date +%s) - started ))
    if [ "$code" -eq 0 ]; then
      {
        entry "checkov, ARM" "$arm_bytes" '{}' "${checkov[@]}" --framework arm -d "$arm"
        entry "residency, ARM" "$arm_bytes" '{}' "$new_bin" "${check[@]}" "$arm"
      } | plan "$checkov_rounds" 0 "residency against checkov, ARM|checkov, ARM|residency, ARM|" |
        measure checkov-arm
    else
      echo "checkov, ARM: did not finish: exit $code after $took s ($(grep -m1 -oE '[A-Za-z]+Error: .*' "$log" || echo "see $log"))"
      entry "residency, ARM" "$arm_bytes" '{}' "$new_bin" "${check[@]}" "$arm" |
        plan "$checkov_rounds" 1 | measure residency-arm
    fi
  fi
fi

if wanted 6; then
section "6. single-thread parser throughput, $new_id (cargo bench --bench throughput)"
(cd "$root" && RESIDENCY_BENCH_RUNS=1 cargo bench --locked --quiet --bench throughput 2>&1) |
  grep -E '^syntax::|^error' || { echo "compare: cargo bench --bench throughput failed" >&2; exit 1; }
fi

if wanted 7; then
section "7. the language server as an editor sees it (cargo bench --bench lsp), $base_id then $new_id"
# The same client (the bench) drives each build's server in turn.
for server in "$base_bin" "$new_bin"; do
  echo "-- server $(basename "$server")"
  (cd "$root" && RESIDENCY_BENCH_SERVER="$server" cargo bench --locked --quiet --bench lsp 2>&1) |
    grep -E '^(initialize|edit|burst|memory|error)' || { echo "compare: cargo bench --bench lsp failed" >&2; exit 1; }
done
fi

section "figures kept in $work/results/$stamp-*.json"
