#!/usr/bin/env bash
# The benchmark, on demand (not part of the tests): release build, then bench/run.mjs.
# RUNS=10 by default (about 10 minutes on 2 idle cores); VARIANTS=none,biscotte-js,… and
# CONFIGS=desktop-1x,desktop-4x,phone-1x,phone-4x pick some; ACTIVATE=0 skips the 500-element
# activation pages; OUT=dir writes elsewhere. The tables go to stdout and bench/results/latest.{md,json}.
# `node --test bench/` checks that one run (RUNS=1, desktop) still gives every figure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
python3 scripts/build.py
node bench/run.mjs
