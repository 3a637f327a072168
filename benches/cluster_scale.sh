#!/usr/bin/env bash
# Clustering at scale: one process per size, so each peak RSS is that size's own.
# Usage: benches/cluster_scale.sh [SIZE...]   (default: 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/namestd-target}"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100000 1000000)
cargo bench --profile release --bench cluster_scale --no-run
for n in "${sizes[@]}"; do
  cargo bench --profile release --bench cluster_scale -q -- "$n"
done
