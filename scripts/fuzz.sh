#!/usr/bin/env bash
# Runs every libFuzzer target of tests/fuzz for a while (docs/security.md, "Keeping it found"):
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 180 s, every target)
# Builds them with clang into build-fuzz/ first. New inputs go to build-fuzz/tests/fuzz/found/<target>/new;
# a crash, hang, leak or sanitizer report stops that target and leaves its reproducer there as crash-*,
# timeout-*, leak-* or oom-*. Replay one with `build-fuzz/tests/fuzz/fuzz_<target> FILE`. Exits non-zero when
# a target failed. FUZZ_JOBS=N runs N targets at once (default 1).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-180}"
shift || true
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=(scenario trace probe platform results chart)
fi
fuzz_cxx="$(command -v clang++-14 || command -v clang++)"
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER="$fuzz_cxx" -DBREAKEVEN_BUILD_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target breakeven_fuzz
found=build-fuzz/tests/fuzz/found
run_one() {
  local target="$1"
  mkdir -p "$found/$target"
  if bash tests/fuzz/run_target.sh "build-fuzz/tests/fuzz/fuzz_$target" "tests/fuzz/corpus/$target" \
    "$found/$target" -max_total_time="$seconds" >"$found/$target/log" 2>&1; then
    echo "fuzz_$target: no failure in $seconds s ($(grep -o 'stat::number_of_executed_units: [0-9]*' "$found/$target/log" | grep -o '[0-9]*$') inputs)"
  else
    echo "fuzz_$target: FAILED, see $found/$target/log and $found/$target/crash-* / timeout-* / leak-*"
    return 1
  fi
}
status=0
jobs_max="${FUZZ_JOBS:-1}"
pids=()
for t in "${targets[@]}"; do
  run_one "$t" &
  pids+=($!)
  if [[ ${#pids[@]} -ge $jobs_max ]]; then
    wait "${pids[0]}" || status=1
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
exit "$status"
