#!/usr/bin/env bash
# Soak and overload run of namestd-server on loopback: builds the release server and the
# soak client, starts the server (embedded registry, small in-flight limit), drives it
# above capacity for a bounded time while reloading the index, and prints requests,
# status counts, p99 latency and RSS. Ends by itself.
# Usage: benches/service_soak/run.sh [SECONDS] [extra args: --clients N --max-in-flight N]
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/namestd-ci-target}"
SECS="${1:-120}"
shift || true
cargo build --release --locked -p namestd-service --bin namestd-server --example service_soak
"$CARGO_TARGET_DIR/release/examples/service_soak" --server "$CARGO_TARGET_DIR/release/namestd-server" --secs "$SECS" "$@"
