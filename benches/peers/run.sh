#!/usr/bin/env bash
# namestd against the tools users would pick instead (cleanco, string_grouper, rapidfuzz):
# makes a Python virtual environment with the peers from PyPI, builds namestd's driver in
# release mode, runs both sides on the same inputs and prints one report (README.md here).
#
# Usage: benches/peers/run.sh [--quick] [compare.py options]
#   PEERS_VENV  the virtual environment (default benches/peers/.venv, git-ignored)
#   PEERS_WORK  inputs, outputs and the report (default benches/peers/out, git-ignored)
#   PYTHON      the Python that makes the environment (default python3)
set -euo pipefail
start=$(date +%s)
cd "$(dirname "$0")/../.."
root=$(pwd)
venv="${PEERS_VENV:-$root/benches/peers/.venv}"
work="${PEERS_WORK:-$root/benches/peers/out}"
target="${CARGO_TARGET_DIR:-$root/target}"

if [ ! -x "$venv/bin/python" ]; then
  "${PYTHON:-python3}" -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r benches/peers/requirements.txt

CARGO_TARGET_DIR="$target" cargo build -q --release --locked --example peers

mkdir -p "$work"
spent=$(( ($(date +%s) - start) / 60 ))
budget=$(( 57 - spent ))
[ "$budget" -lt 10 ] && budget=10
echo "set-up (virtual environment, release build): $(( $(date +%s) - start )) s" >&2
"$venv/bin/python" benches/peers/compare.py --bin "$target/release/examples/peers" --work "$work" \
  --budget-minutes "$budget" "$@"
echo "total: $(( $(date +%s) - start )) s" >&2
