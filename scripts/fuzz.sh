#!/usr/bin/env bash
# Runs one fuzz target for a bounded time: bash scripts/fuzz.sh TARGET SECONDS
# Targets: pipeline, dictionary, service_json, service_form_query, cli_readers
# (fuzz/fuzz_targets/).
# Seeds the corpus from data/ (scripts/fuzz_seeds.py), runs libFuzzer through cargo fuzz
# at low priority on one core, and ends with one line: target, seconds, executions,
# executions/s, corpus size, crashes. A crash leaves its input in fuzz/artifacts/TARGET/
# and exits non-zero; `cargo fuzz run TARGET fuzz/artifacts/TARGET/crash-...` replays it.
# Needs: cargo install cargo-fuzz (runs on stable with RUSTC_BOOTSTRAP=1).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?usage: fuzz.sh TARGET SECONDS}"
seconds="${2:-60}"
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$HOME/.cache/namestd-fuzz-target}"
python3 scripts/fuzz_seeds.py "$PWD" "$target"
log="fuzz/artifacts/$target.log"
mkdir -p "fuzz/artifacts/$target"
(cd fuzz && cargo fuzz build -a -s none "$target")
set +e
(cd fuzz && nice -n 10 cargo fuzz run -a -s none "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -max_len=4096 -timeout=20 -rss_limit_mb=3072 \
    -print_final_stats=1) >"$log" 2>&1
rc=$?
set -e
execs=$(awk '/stat::number_of_executed_units:/ {n = $2} END {print n + 0}' "$log")
rate=$(awk '/stat::average_exec_per_sec:/ {n = $2} END {print n + 0}' "$log")
corpus=$(find "fuzz/corpus/$target" -type f | wc -l)
crashes=$(find "fuzz/artifacts/$target" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
echo "target=$target seconds=$seconds execs=$execs exec_per_s=$rate corpus=$corpus artifacts=$crashes exit=$rc log=$log"
exit "$rc"
