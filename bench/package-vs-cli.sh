#!/usr/bin/env bash
# The JavaScript package in Node against the whole `exempt evaluate`
# process, on the generated 200,000-assessment export with 5,000
# exemptions that bench/cli-vs-json-load.sh uses.
# Usage: bench/package-vs-cli.sh [assessments] [runs] [exemptions]
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"
cd "$ROOT"
n=${1:-200000}
runs=${2:-5}
x=${3:-5000}
. bench/data.sh "$n" "$x"
[ -f dist/pkg/exempt_bg.wasm ] || { ensure_wasm_target; ensure_trunk; ensure_npm_packages; build_package "$ROOT/dist/pkg"; }

walls=()
for _ in $(seq "$runs"); do
  t0=$(date +%s%N)
  "$exempt" evaluate --at 2026-06-01T00:00:00Z --exemptions "$out/exemptions.json" "${files[@]}" >/dev/null 2>&1
  t1=$(date +%s%N)
  walls+=($(( (t1 - t0) / 1000000 )))
done
cli=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
echo "exempt evaluate, whole process, median of $runs runs: ${cli} ms"
node bench/package.mjs "$out" "$runs"
