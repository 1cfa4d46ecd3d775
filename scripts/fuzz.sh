#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang into build-fuzz/ and runs them (docs/security.md,
# "Keeping it found"):
#   scripts/fuzz.sh --smoke                            each target for a fixed number of inputs (the test command)
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   each target for a time (default: 180 s, every target)
# New inputs go to build-fuzz/tests/fuzz/found/<target>/new; a crash, hang, leak or sanitizer report stops
# that target and leaves its reproducer there as crash-*, timeout-*, leak-* or oom-*. Replay one with
# `build-fuzz/tests/fuzz/fuzz_<target> FILE`. FUZZ_JOBS=N runs N targets at once (default 1). Exits
# non-zero when a target failed, and with 3 when no clang is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

# An existing build-fuzz/ keeps its compiler (changing it would rebuild everything).
configure=(-DBREAKEVEN_BUILD_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo)
if [[ ! -f build-fuzz/CMakeCache.txt ]]; then
  # clang-14 (scripts/install-deps.sh) installs clang++-14; a plain clang++ is fine too.
  cxx="$(command -v clang++ || command -v clang++-14 || true)"
  if [[ -z "$cxx" ]]; then
    echo "fuzz: no clang++ (bash scripts/install-deps.sh installs clang-14)" >&2
    exit 3
  fi
  configure+=(-DCMAKE_CXX_COMPILER="$cxx")
fi
cmake -S . -B build-fuzz "${configure[@]}" >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target breakeven_fuzz

if [[ "${1:-}" == --smoke ]]; then
  ctest --test-dir build-fuzz --output-on-failure -j "$(nproc)"
  exit 0
fi

seconds="${1:-180}"
shift || true
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=(scenario trace probe platform results chart)
fi
found=build-fuzz/tests/fuzz/found
run_one() {
  local target="$1"
  mkdir -p "$found/$target"
  if bash tests/fuzz/run_target.sh "build-fuzz/tests/fuzz/fuzz_$target" "tests/fuzz/corpus/$target" \
    "$found/$target" -max_total_time="$seconds" >"$found/$target/log" 2>&1; then
    echo "fuzz_$target: no failure in $seconds s ($(grep -o 'number_of_executed_units: [0-9]*' \
      "$found/$target/log" | grep -o '[0-9]*$') inputs)"
  else
    echo "fuzz_$target: FAILED, see $found/$target/log and the reproducer beside it"
    return 1
  fi
}
status=0
pids=()
for t in "${targets[@]}"; do
  run_one "$t" &
  pids+=($!)
  if [[ ${#pids[@]} -ge ${FUZZ_JOBS:-1} ]]; then
    wait "${pids[0]}" || status=1
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
exit "$status"
