#!/usr/bin/env bash
# The benchmark, on demand (not part of the tests): release build, then bench/run.mjs.
# RUNS=15 by default (VARIANTS=none,biscotte-js,… picks some; ACTIVATE=0 skips the 500-element
# activation pages); the table goes to stdout and bench/results/latest.{md,json}.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
python3 scripts/build.py
node bench/run.mjs
