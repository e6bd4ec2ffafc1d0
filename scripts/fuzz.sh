#!/usr/bin/env bash
# Runs the cargo-fuzz targets (fuzz/, nightly toolchain) and minimises what they keep.
#   bash scripts/fuzz.sh [target|all] [runs] [seconds]
# Defaults: every target, 10000000 runs each, no time limit (a target stops at whichever comes first).
# Targets: decoder header config_json config_tree lang urls. Their checks are in
# src/fuzz_checks; `cargo test` replays fuzz/corpus on stable. A failing input is written to
# fuzz/artifacts/<target>/; turn it into a unit test. Not part of scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
# Slowest first.
all=(config_json config_tree header urls lang decoder)
target=${1:-all}
runs=${2:-10000000}
seconds=${3:-0}
if [[ $target == all ]]; then targets=("${all[@]}"); else targets=("$target"); fi
# Release build with overflow checks and debug assertions; no sanitizer (safe Rust only).
flags=(-O -a -s none)
for t in "${targets[@]}"; do
  dict=()
  case $t in
    decoder | header) dict=(-dict=dict/cookie.dict) ;;
    config_json) dict=(-dict=dict/config.dict) ;;
  esac
  # New inputs go to a scratch folder; cmin then keeps in corpus/<t> only what adds coverage.
  mkdir -p "corpus/$t" "scratch/$t"
  echo "== $t: $runs runs ($(date -u +%H:%M:%S))"
  cargo +nightly fuzz run "${flags[@]}" "$t" "scratch/$t" "corpus/$t" -- \
    -runs="$runs" -max_total_time="$seconds" -max_len=2048 -print_final_stats=1 "${dict[@]}" 2>&1 | grep -E '^(Done|stat::number_of_executed_units|==|SUMMARY|.*panicked)' || true
  # Kept small for the repository: inputs up to 1 KiB, one per edge found (no hit counters).
  cp -r "scratch/$t/." "corpus/$t/"
  find "corpus/$t" -type f -size +1k -delete
  cargo +nightly fuzz cmin "${flags[@]}" "$t" "corpus/$t" -- -use_counters=0 >/dev/null 2>&1
  rm -rf "scratch/$t"
  echo "   kept $(ls "corpus/$t" | wc -l) inputs in fuzz/corpus/$t"
done
