#!/usr/bin/env bash
# Installs what Biscotte's demo and tests need on a bare machine, skipping what is already there.
#   scripts/setup.sh            toolchain for building (wasm32 target, wasm-pack, wasm-bindgen-cli, npm tools)
#   scripts/setup.sh --browser  the same, plus Debian's chromium and chromium-driver for the tests
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
WASM_PACK_VERSION=0.15.1

say() { printf '== setup: %s\n' "$*"; }
sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-pack --version 2>/dev/null)" != "wasm-pack $WASM_PACK_VERSION" ]; then
  say "installing wasm-pack $WASM_PACK_VERSION (about 3 minutes)"
  cargo install --locked wasm-pack --version "$WASM_PACK_VERSION"
fi

# wasm-pack needs a wasm-bindgen CLI of exactly the crate's version (pinned with = in Cargo.toml).
[ -f Cargo.lock ] || cargo generate-lockfile
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen_version" ]; then
  say "installing wasm-bindgen-cli $bindgen_version (about 4 minutes)"
  # Not --locked: the registry here lacks one of its locked dependency versions.
  cargo install wasm-bindgen-cli --version "$bindgen_version" --force
fi

if ! { [ -x node_modules/.bin/wasm-opt ] && [ -d node_modules/playwright-core ] && [ -d node_modules/axe-core ] \
  && [ node_modules/.package-lock.json -nt package-lock.json ]; }; then
  say "installing npm tools (binaryen's wasm-opt, playwright-core, axe-core, vite, webpack, esbuild, typescript)"
  npm ci --no-audit --no-fund
fi

# The browser for the tests, and a CJK font so Japanese screenshots show text, not boxes.
if [ "${1:-}" = "--browser" ] && ! { command -v chromium >/dev/null && command -v chromedriver >/dev/null \
  && dpkg -s fonts-noto-cjk >/dev/null 2>&1; }; then
  say "installing Debian's chromium, chromium-driver and fonts-noto-cjk"
  sudo_if_needed apt-get update -q
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver fonts-noto-cjk
fi
exit 0
