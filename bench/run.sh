#!/usr/bin/env bash
# The benchmark, on demand (not part of the tests): release build, then bench/run.mjs.
# RUNS=15 by default (VARIANTS=none,biscotte-js,… picks some; ACTIVATE=0 skips the 500-element
# activation pages); the table goes to stdout and bench/results/latest.{md,json}.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
# The one-file script without the code-streams transport first, as a variant of its own
# (target/bench/biscotte-plain.js); then the release build as it ships.
python3 scripts/build.py --no-code-streams script
mkdir -p target/bench
cp dist/biscotte.js target/bench/biscotte-plain.js
python3 scripts/build.py
node bench/run.mjs
