#!/usr/bin/env bash
# Runs every test: native core tests, the wasm-bindgen tests in headless Chromium, Firefox ESR and
# WebKitGTK, then end-to-end tests on the release, wasm-opt'ed build served as the demo serves it:
# the full suite in Chromium (playwright-core), the flows that matter in Firefox and WebKit (W3C
# WebDriver). Installs what it needs first. Each part prints how long it took.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh --browser

part_start=$SECONDS
part() { # ends the previous part (printing its time) and names the next
  [ -z "${part_name:-}" ] || printf '== %s: %ss\n' "$part_name" $((SECONDS - part_start))
  part_name=$1 part_start=$SECONDS
  [ -z "$part_name" ] || echo "== $part_name"
}

# WebKitGTK's MiniBrowser needs an X server: a private Xvfb on a free display, always stopped.
xvfb_pid=
start_xvfb() {
  [ -z "$xvfb_pid" ] || return 0
  local fifo; fifo=$(mktemp -u) && mkfifo "$fifo"
  Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$fifo" 2>/dev/null &
  xvfb_pid=$!
  local display=
  read -r display <"$fifo" || true
  rm -f "$fifo"
  [ -n "$display" ] || { echo "== Xvfb did not start" >&2; exit 1; }
  export DISPLAY=":$display"
}
trap '[ -z "$xvfb_pid" ] || kill "$xvfb_pid" 2>/dev/null || true' EXIT
trap 'echo "== FAILED: ${part_name:-setup}" >&2' ERR

# wasm-pack knows WebKit only as --safari: a `safaridriver` that is WebKitGTK's WebKitWebDriver,
# on this script's PATH only.
shim=target/engines/bin
mkdir -p "$shim" && ln -sfn "$(command -v WebKitWebDriver)" "$shim/safaridriver"

part "native: the pure core (no browser), unit, property and doc tests"
cargo test --no-default-features
part "native: the browser layer still compiles for the host (clippy, warnings are errors)"
cargo clippy --all-targets -- -D warnings
part "native: the back-end features (serde, axum) and the unstable internals, each combination (clippy, warnings are errors)"
cargo test --no-default-features --features serde,axum
for features in serde axum serde,axum internals; do
  cargo clippy --all-targets --no-default-features --features "$features" -- -D warnings
done
part "the example back end (examples/backend: axum, SQLite): pages per verdict, the consent log"
cargo test -p biscotte-backend
cargo clippy -p biscotte-backend --all-targets -- -D warnings

web_tests=()
for f in tests/web_*.rs; do web_tests+=(--test "$(basename "$f" .rs)"); done
part "headless Chromium: wasm-bindgen tests (tests/web_*.rs)"
wasm-pack test --headless --chrome --mode no-install -- "${web_tests[@]}"
part "headless Firefox ESR: wasm-bindgen tests (tests/web_*.rs)"
wasm-pack test --headless --firefox --mode no-install -- "${web_tests[@]}"
part "WebKitGTK (MiniBrowser under Xvfb): wasm-bindgen tests (tests/web_*.rs)"
start_xvfb
PATH="$PWD/$shim:$PATH" wasm-pack test --headless --safari --mode no-install -- "${web_tests[@]}"

part "release build, as the demo serves it"
python3 scripts/build.py
part "scripts/test_*.py: the build's size gate, no import circles between the crate's modules"
python3 -m unittest discover -s scripts

part "end to end: Playwright (playwright-core) driving Debian's Chromium"
node --test --test-concurrency=1 tests/e2e/
part "the bench still produces every figure (bench/smoke.test.mjs: one run, no value asserted)"
node --test bench/
part "end to end in Firefox ESR and WebKitGTK: W3C WebDriver (selenium-webdriver)"
node --test --test-concurrency=1 tests/engines/
part ""
