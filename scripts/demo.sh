#!/usr/bin/env bash
# Builds Biscotte in release mode (wasm-opt'ed) and serves the demo portal (www/) on localhost.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
PORT=${PORT:-8000}
bash scripts/setup.sh
python3 scripts/build.py
echo "== Biscotte demo portal: http://localhost:$PORT/   (Ctrl-C to stop)"
exec python3 -m http.server "$PORT" --bind 127.0.0.1 --directory www
