#!/usr/bin/env bash
# End-to-end benchmark of the batch tool: `namestd standardize` and `namestd run` on
# generated applicant tables (CSV and Parquet), next to a plain polars read+write of the
# same file (the baseline), with wall time, rows/s and peak memory (max RSS).
#
#   bash benches/batch/run.sh                 # 1M and 10M rows
#   SIZES="100000 1000000" bash benches/batch/run.sh
#   RUN_SIZES="1000000" ...                   # sizes `run` is measured at (default: all)
#
# Files go to $BENCH_DIR (default /tmp/namestd-batch-bench); each size's tables are
# generated once (cargo run --example gen_table) and reused.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=${SIZES:-"1000000 10000000"}
RUN_SIZES=${RUN_SIZES:-$SIZES}
DUP=${DUP:-10}
DIR=${BENCH_DIR:-/tmp/namestd-batch-bench}
mkdir -p "$DIR"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/namestd-target}
cargo build --release -q -p namestd-cli --bin namestd --example gen_table --example polars_copy
BIN=$CARGO_TARGET_DIR/release
printf '# %s, %s cores, %s\n' "$(date -u +%Y-%m-%d)" "$(nproc)" "$(uname -m)"
printf '%-9s %-8s %-12s %9s %12s %9s %8s\n' rows format job seconds rows/s peak_MB ratio

measure() { # job rows format baseline_seconds command...; sets LAST to the seconds
  local job=$1 rows=$2 fmt=$3 base=$4; shift 4
  /usr/bin/time -o "$DIR/time.txt" -f '%e %M' "$@" >/dev/null 2>/dev/null
  local t; t=$(tail -1 "$DIR/time.txt")
  local secs=${t% *} kb=${t#* }
  local ratio="-"
  [ "$base" != "-" ] && ratio=$(awk -v a="$secs" -v b="$base" 'BEGIN{printf "%.2f", a/b}')
  printf '%-9s %-8s %-12s %9.2f %12.0f %9.0f %8s\n' "$rows" "$fmt" "$job" "$secs" \
    "$(awk -v r="$rows" -v s="$secs" 'BEGIN{print (s>0)? r/s : 0}')" "$((kb / 1024))" "$ratio"
  LAST=$secs
}

for n in $SIZES; do
  for fmt in csv parquet; do
    in="$DIR/applicants-$n.$fmt"
    [ -s "$in" ] || "$BIN/examples/gen_table" "$n" "$in" --dup "$DUP" 2>/dev/null
    measure polars-copy "$n" "$fmt" - "$BIN/examples/polars_copy" "$in" "$DIR/copy.$fmt"
    base=$LAST
    measure standardize "$n" "$fmt" "$base" "$BIN/namestd" standardize "$in" -o "$DIR/out.$fmt" --quiet
    case " $RUN_SIZES " in
      *" $n "*) measure run "$n" "$fmt" "$base" "$BIN/namestd" run "$in" -o "$DIR/run.$fmt" --quiet ;;
    esac
    rm -f "$DIR/copy.$fmt" "$DIR/out.$fmt" "$DIR/run.$fmt"
  done
done
