#!/usr/bin/env bash
# Load benchmark of namestd-server: builds the release server and the benchmark, generates
# a registry of N applicants (default 1,000,000) from data/eval, starts the server on a
# loopback port with it, measures index build time, RSS, lookup and standardize latency
# at 1/16/128 clients, and stops the server. Usage: benches/service_load/run.sh [N] [extra args]
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/namestd-ci-target}"
N="${1:-1000000}"
shift || true
cargo build --release --locked -p namestd-service --bin namestd-server --example service_load
"$CARGO_TARGET_DIR/release/examples/service_load" --server "$CARGO_TARGET_DIR/release/namestd-server" --n "$N" "$@"
