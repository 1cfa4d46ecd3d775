#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs the whole test suite; then runs it
# again built with AddressSanitizer and UndefinedBehaviorSanitizer, and runs each libFuzzer target of
# tests/fuzz for a fixed number of inputs (clang build, docs/security.md). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs="$(nproc)"

echo "== formatting"
bash scripts/check-format.sh

# A loopback S3 server (s3rver, from npm, installed under build-test/) for the calibration tests; stopped
# on exit, also on failure.
echo "== starting s3rver on loopback"
mkdir -p build-test/npm build-test/s3rver-data
npm install --silent --no-audit --no-fund --prefix build-test/npm s3rver@3 >/dev/null
build-test/npm/node_modules/.bin/s3rver -d build-test/s3rver-data -a 127.0.0.1 -p 0 \
  --configure-bucket breakeven-test --silent >build-test/s3rver.log 2>&1 &
s3rver_pid=$!
trap 'kill "$s3rver_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  port="$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' build-test/s3rver.log)"
  [[ -n "$port" ]] && break
  sleep 0.1
done
if [[ -z "$port" ]]; then
  echo "s3rver did not start:" >&2
  cat build-test/s3rver.log >&2
  exit 1
fi
export BREAKEVEN_TEST_S3_PORT="$port"

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
if [[ "${BREAKEVEN_SKIP_FUZZ:-0}" != 1 ]]; then
  echo "== fuzz targets: a short fixed run of each (clang, libFuzzer, ASan and UBSan)"
  fuzz_status=0
  bash scripts/fuzz.sh --smoke || fuzz_status=$?
  if [[ $fuzz_status -eq 3 ]]; then
    echo "fuzz targets skipped: no clang++"
  elif [[ $fuzz_status -ne 0 ]]; then
    exit "$fuzz_status"
  fi
fi
echo "== all tests passed"
