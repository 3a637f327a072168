#!/usr/bin/env bash
# The project's test command: every crate's unit, integration and doc tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/namestd-ci-target}"
cargo test --workspace --locked "$@"
