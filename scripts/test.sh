#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs the whole test suite; then runs it
# again built with AddressSanitizer and UndefinedBehaviorSanitizer. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs="$(nproc)"

echo "== build and test (warnings are errors)"
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBREAKEVEN_WERROR=ON >/dev/null
cmake --build build-test -j "$jobs"
ctest --test-dir build-test --output-on-failure -j "$jobs"

if [[ "${BREAKEVEN_SKIP_SANITIZERS:-0}" != 1 ]]; then
  echo "== build and test with AddressSanitizer and UBSan"
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DBREAKEVEN_WERROR=ON -DBREAKEVEN_SANITIZE=ON >/dev/null
  cmake --build build-asan -j "$jobs"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j "$jobs"
fi
echo "== all tests passed"
