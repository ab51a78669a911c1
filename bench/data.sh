# Sourced by the benchmarks: the release CLI, and the generated export of
# $1 assessments with $2 exemptions in bench/out/$1-$2 (made once), as
# $exempt, $out and the input files in $files.
cargo build --release -q -p exempt-cli
exempt=target/release/exempt
out=bench/out/$1-$2
[ -f "$out/assessments.json" ] || "$exempt" generate --assessments "$1" --exemptions "$2" --out "$out"
files=("$out/containers.json" "$out/controls.json" "$out/assessments.json")
