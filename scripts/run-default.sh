#!/usr/bin/env bash
# Installs what is missing, builds, and answers the default question: the what-if and the break-even
# of the seed scenario (online BiasedMF training on Lambda 2,048 MB vs an always-on EC2 t2.small).
set -euo pipefail
cd "$(dirname "$0")/.."
scenario="${1:-scenarios/thesis-movielens.yaml}"
bash scripts/install-deps.sh
bash scripts/build.sh -DBREAKEVEN_BUILD_TESTS=OFF
mkdir -p out
./build/cli/breakeven whatif "$scenario"
./build/cli/breakeven whatif "$scenario" --format json > out/whatif.json
./build/cli/breakeven solve "$scenario" --format json > out/solve.json
echo
echo "JSON written to out/whatif.json and out/solve.json"
