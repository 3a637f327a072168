#!/usr/bin/env bash
# The project's test command: every crate's unit, integration and doc tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/namestd-ci-target}"
# The browser test of the service's filing page needs Chromium and ChromeDriver.
bash scripts/install-chromium.sh
cargo test --workspace --locked "$@"
