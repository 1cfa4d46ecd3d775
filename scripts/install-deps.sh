#!/usr/bin/env bash
# Installs the Debian packages breakeven needs to build, test and draw charts, when they are missing.
# Idempotent: does nothing when every package is present. Runs as root without a terminal
# (or through sudo when not root). `apt-get update` runs at most once per call.
set -euo pipefail

packages=(
  cmake g++ make pkg-config
  libeigen3-dev               # learners and least-squares fits
  libboost-program-options-dev
  libyaml-cpp-dev             # scenario, pricing and platform files
  nlohmann-json3-dev          # JSON output and probe files
  doctest-dev                 # tests
  libcurl4-openssl-dev        # AWS requests with SigV4 signing
  libssl-dev                  # OpenSSL 3 libcrypto: SHA-256, SHA-1, base64
  libboost-math-dev           # Student t quantiles of the calibration fit (header-only)
  libzstd-dev                 # delta encoding of models
  gnuplot-nox                 # charts
  clang-format                # the formatting check of the test command (scripts/check-format.sh)
  clang-14 libclang-rt-14-dev # libFuzzer targets of tests/fuzz (scripts/test.sh, scripts/fuzz.sh)
  dpkg-dev file               # `cpack -G DEB`: shared-library dependencies of the package
)
# npm installs s3rver, the loopback S3 server of the calibration tests (scripts/test.sh); a Node.js
# from elsewhere that brings its own npm is fine.
if ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi
if [[ "${BREAKEVEN_WITH_BENCH:-0}" == 1 ]]; then
  packages+=(libbenchmark-dev)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages present" >&2
  exit 0
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  sudo_cmd=(sudo)
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
