# Shared by scripts/run and scripts/test: install what is missing, check
# versions, skip what is already there. Every tool comes from crates.io, npm
# or Debian; nothing downloads binaries of its own.

say() { printf '==> %s\n' "$*" >&2; }

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}
