#!/usr/bin/env bash
# Runs one libFuzzer target on its seed corpus:
#   run_target.sh [--fresh] BINARY SEED_CORPUS WORK_DIR [libFuzzer flags]
# Inputs that reach new code are written to WORK_DIR/new (the seed corpus is only read) and are tried
# again by the next run, unless --fresh empties WORK_DIR first (the smoke runs, so each run tries the same
# inputs). A crash, leak, sanitizer report or uncaught exception leaves its reproducer in WORK_DIR and
# fails the run.
set -euo pipefail
fresh=0
if [[ "$1" == --fresh ]]; then
  fresh=1
  shift
fi
binary="$1" seeds="$2" work="$3"
shift 3
if [[ $fresh -eq 1 ]]; then
  rm -rf "$work"
fi
mkdir -p "$work/new"
# A slow input is a failure too: a reader must bound its work by its input.
exec "$binary" -timeout=25 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
  -artifact_prefix="$work/" "$@" "$work/new" "$seeds"
