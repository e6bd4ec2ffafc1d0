#!/usr/bin/env bash
# Installs what Biscotte's demo and tests need on a bare machine, skipping what is already there.
#   scripts/setup.sh            toolchain for building (wasm32 target, wasm-pack, wasm-bindgen-cli, npm tools)
#   scripts/setup.sh --browser  the same, plus the tests' browsers: Debian's chromium, chromium-driver,
#                               firefox-esr, webkit2gtk-driver (WebKitGTK) and xvfb, and geckodriver
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
WASM_PACK_VERSION=0.15.1
GECKODRIVER_VERSION=0.37

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
  && [ -d node_modules/selenium-webdriver ] && [ node_modules/.package-lock.json -nt package-lock.json ]; }; then
  say "installing npm tools (binaryen's wasm-opt, playwright-core, selenium-webdriver, axe-core, vite, webpack, esbuild, typescript)"
  npm ci --no-audit --no-fund
fi

# The browsers for the tests: Chromium (playwright-core), Firefox ESR and WebKitGTK (W3C WebDriver:
# geckodriver, WebKitWebDriver and its MiniBrowser, which needs an X server, so Xvfb), and a CJK
# font so Japanese screenshots show text, not boxes.
if [ "${1:-}" = "--browser" ]; then
  if ! { command -v chromium >/dev/null && command -v chromedriver >/dev/null && dpkg -s fonts-noto-cjk >/dev/null 2>&1 \
    && command -v firefox-esr >/dev/null && command -v WebKitWebDriver >/dev/null && command -v Xvfb >/dev/null; }; then
    say "installing Debian's chromium, chromium-driver, fonts-noto-cjk, firefox-esr, webkit2gtk-driver and xvfb"
    sudo_if_needed apt-get update -q
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
      chromium chromium-driver fonts-noto-cjk firefox-esr webkit2gtk-driver xvfb
  fi
  # From crates.io: npm's geckodriver package downloads its binary from GitHub.
  # Read whole first: `grep -q` closing the pipe early would fail it under pipefail.
  gecko=$(geckodriver --version 2>/dev/null || true)
  if [[ "$gecko" != "geckodriver $GECKODRIVER_VERSION."* ]]; then
    say "installing geckodriver $GECKODRIVER_VERSION.x (compiled from source: 12 minutes measured on a busy 2-core machine)"
    cargo install --locked geckodriver --version "~$GECKODRIVER_VERSION"
  fi
fi
exit 0
