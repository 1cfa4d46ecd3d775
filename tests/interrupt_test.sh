#!/usr/bin/env bash
# Ctrl-C during a sweep: the program exits 130 (as shells and the AWS CLI report an interrupt), and the
# output file holds the header and whole rows only, each with as many cells as the header has columns.
# usage: interrupt_test.sh BREAKEVEN SOURCE_DIR
set -euo pipefail
b=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "interrupt test: $*" >&2; exit 1; }

out=$tmp/sweep.csv
# 200,000 points on one worker: far more than the moments before the signal can finish.
"$b" sweep "$src/scenarios/thesis-movielens.yaml" --grid workload.interval_s=1:3600:log200000 \
  --jobs 1 --out "$out" 2>"$tmp/err.txt" &
pid=$!
for _ in $(seq 1 600); do
  [[ -f $out ]] && (($(wc -l <"$out") > 20)) && break
  sleep 0.1
done
(($(wc -l <"$out") > 20)) || fail "the sweep wrote no rows in 60 s"
kill -INT "$pid"
set +e
wait "$pid"
code=$?
set -e
[[ $code == 130 ]] || fail "exit code $code after Ctrl-C, expected 130 ($(cat "$tmp/err.txt"))"
grep -q "interrupted after .* points; the rows written are kept" "$tmp/err.txt" ||
  fail "no interruption message: $(cat "$tmp/err.txt")"
[[ $(tail -c 1 "$out" | od -An -c | tr -d ' ') == '\n' ]] || fail "the last row is cut short"
columns=$(head -1 "$out" | awk -F, '{print NF}')
awk -F, -v n="$columns" 'NR > 1 && NF < n { bad = 1 } END { exit bad }' "$out" ||
  fail "a row has fewer cells than the header"
echo "interrupt test: ok ($(($(wc -l <"$out") - 1)) whole rows kept)"
