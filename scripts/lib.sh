# Shared by scripts/run and scripts/test: install what is missing, check
# versions, skip what is already there. Every tool comes from crates.io, npm
# or Debian; nothing downloads binaries of its own.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$ROOT/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
TRUNK_VERSION=0.21.14

say() { printf '==> %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

# The wasm-bindgen version Cargo.lock pins; the CLI must be exactly that.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

# cargo install NAME at VERSION unless `BIN --version` already says VERSION.
ensure_cargo_tool() {
  local name=$1 bin=$2 version=$3; shift 3
  if "$bin" --version 2>/dev/null | grep -q " $version\$"; then return; fi
  say "installing $name $version (a few minutes, once)"
  # Release builds of tools need no LTO; this halves the install time.
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install "$name" --version "$version" --force "$@"
}

ensure_trunk() {
  ensure_cargo_tool trunk trunk "$TRUNK_VERSION" --locked
  # Its own lockfile names a webpki-roots version the registry may lack, hence no --locked.
  ensure_cargo_tool wasm-bindgen-cli wasm-bindgen "$(wasm_bindgen_version)"
}

ensure_npm_packages() {
  local stamp="$ROOT/e2e/node_modules/.installed-lock"
  if [ -x "$ROOT/e2e/node_modules/.bin/wasm-opt" ] && cmp -s "$ROOT/e2e/package-lock.json" "$stamp"; then return; fi
  say "installing npm packages (binaryen's wasm-opt, Playwright without browsers, axe-core)"
  (cd "$ROOT/e2e" && npm ci --no-audit --no-fund)
  cp "$ROOT/e2e/package-lock.json" "$stamp"
}

ensure_chromium() {
  if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then return; fi
  say "installing Debian's chromium and chromium-driver"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
}

build_app() {
  say "building the app (release, wasm-opt)"
  (cd "$ROOT" && trunk build --release --offline)
  build_package "$ROOT/dist/pkg"
  # The format conversions (importExemptions, exportExemptions,
  # diffExemptions) add about 75 KB gzip: a package of their own, so the
  # main one stays small.
  build_package "$ROOT/dist/pkg/formats" formats
  node "$ROOT/web/build/service-worker.mjs" "$ROOT/dist"
}

# The JavaScript package, into $1: exempt.js (ES module), exempt_bg.wasm,
# exempt.d.ts, package.json and its README.
# With a second argument (cargo features), the package built with them.
build_package() {
  local out=$1 features=${2:-} wasm="$ROOT/target/wasm32-unknown-unknown/package-release/exempt_wasm.wasm"
  say "building the JavaScript package into ${out#"$ROOT"/}${features:+ (features: $features)}"
  (cd "$ROOT" && cargo build -q -p exempt-wasm --target wasm32-unknown-unknown --profile package-release ${features:+--features "$features"})
  rm -rf "$out" && mkdir -p "$out"
  wasm-bindgen --target web --out-dir "$out" --out-name exempt "$wasm"
  rm -f "$out/exempt_bg.wasm.d.ts"
  # The features rustc's wasm32 target emits; every browser and Node 20 has them.
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$out/exempt_bg.wasm" -o "$out/exempt_bg.wasm"
  cp "$ROOT/crates/wasm/README.md" "$out/README.md"
  node "$ROOT/web/build/package-json.mjs" "$ROOT/crates/wasm/Cargo.toml" "$ROOT/Cargo.toml" > "$out/package.json"
}

# Runs a test command, shows its output, and ends with one summary line
# `NAME: N passed, N failed` summed over the runs it printed (cargo's
# `test result:` lines, or Node's `ℹ pass`/`ℹ fail`).
summarised() {
  local name=$1 log rc
  shift
  log=$(mktemp)
  set +e
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  awk -v name="$name" '
    /^test result:/ { passed += $4; failed += $6; ignored += $8 }
    /^ℹ pass / { passed += $3 } /^ℹ fail / { failed += $3 } /^ℹ skipped / { ignored += $3 }
    END { printf "%s: %d passed, %d failed, %d ignored\n", name, passed, failed, ignored }' "$log"
  rm -f "$log"
  return "$rc"
}

# The Python venv scripts/check-exports reads exports with (the Azure CLI,
# python-hcl2, icalendar), at target/checkers, with the versions
# tests/tools/requirements.txt pins; installs only what `pip freeze` does not
# already show (about 2 minutes, once).
ensure_checkers() {
  local venv="$ROOT/target/checkers" pin frozen missing=()
  if [ ! -x "$venv/bin/python" ]; then
    say "creating the Python venv of the export checkers at target/checkers"
    python3 -m venv "$venv"
  fi
  # Names compared as pip normalises them: any case, _ and - alike.
  frozen=$("$venv/bin/pip" freeze --disable-pip-version-check 2>/dev/null | tr _ - || true)
  while read -r pin; do
    case $pin in '' | '#'*) continue ;; esac
    grep -qixF "${pin//_/-}" <<<"$frozen" || missing+=("$pin")
  done <"$ROOT/tests/tools/requirements.txt"
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} into target/checkers (about 2 minutes, once)"
    "$venv/bin/pip" install -q --disable-pip-version-check "${missing[@]}"
  fi
}
