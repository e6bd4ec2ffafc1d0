#!/usr/bin/env bash
# Runs every test: native core tests, headless-browser wasm tests, then end-to-end tests
# on the release, wasm-opt'ed build served as the demo serves it. Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh --browser

echo "== native: the pure core (no browser), unit, property and doc tests"
cargo test --no-default-features
echo "== native: the browser layer still compiles for the host (clippy, warnings are errors)"
cargo clippy --all-targets -- -D warnings
echo "== native: the back-end features (serde, axum) and the unstable internals, each combination (clippy, warnings are errors)"
cargo test --no-default-features --features serde,axum
for features in serde axum serde,axum internals; do
  cargo clippy --all-targets --no-default-features --features "$features" -- -D warnings
done
echo "== the example back end (examples/backend: axum, SQLite): pages per verdict, the consent log"
cargo test -p biscotte-backend
cargo clippy -p biscotte-backend --all-targets -- -D warnings

echo "== headless Chromium: wasm-bindgen tests (tests/web_*.rs)"
web_tests=()
for f in tests/web_*.rs; do web_tests+=(--test "$(basename "$f" .rs)"); done
wasm-pack test --headless --chrome --mode no-install -- "${web_tests[@]}"

echo "== release build, as the demo serves it"
python3 scripts/build.py
echo "== the build's wasm code streams on every instruction shape (Python splits, node joins)"
python3 -m unittest discover -s scripts

echo "== end to end: Playwright (playwright-core) driving Debian's Chromium"
node --test --test-concurrency=1 tests/e2e/
