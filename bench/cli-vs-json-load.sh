#!/usr/bin/env bash
# The whole `exempt evaluate` process on a generated 200,000-assessment Resource
# Graph export with 5,000 exemptions, against Python merely parsing the same
# files.
# Usage: bench/cli-vs-json-load.sh [assessments] [runs] [exemptions]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200000}
runs=${2:-5}
x=${3:-5000}
. bench/data.sh "$n" "$x"

best() { # best wall time in ms of "$@" over $runs runs
  local best_ms=
  for _ in $(seq "$runs"); do
    local t0 t1 ms
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    ms=$(( (t1 - t0) / 1000000 ))
    if [ -z "$best_ms" ] || [ "$ms" -lt "$best_ms" ]; then best_ms=$ms; fi
  done
  echo "$best_ms"
}

size=$(du -cm "${files[@]}" | tail -1 | cut -f1)
rows=$(grep -c '"type":"microsoft.security/assessments"' "$out/assessments.json" || true)
ex=$(best "$exempt" evaluate --at 2026-06-01T00:00:00Z --exemptions "$out/exemptions.json" "${files[@]}")
py=$(best python3 -c 'import json,sys; [json.load(open(f)) for f in sys.argv[1:]]' "${files[@]}")
echo "input: $rows assessments, ${size} MB of JSON, $x exemptions; best of $runs runs"
echo "exempt evaluate (parse, evaluate, score, write the report): ${ex} ms"
echo "python3 json.load of the same files:                        ${py} ms"
awk -v e="$ex" -v p="$py" 'BEGIN { printf "exempt takes %.2fx the time python needs just to parse\n", e / p }'
