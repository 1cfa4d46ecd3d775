#!/usr/bin/env bash
# Installs what is missing, builds, and answers the default question: the what-if and the break-even
# of the seed scenario (online BiasedMF training on Lambda 2,048 MB vs an always-on EC2 t2.small), and
# its break-even chart, out/break-even.png.
set -euo pipefail
cd "$(dirname "$0")/.."
scenario="${1:-scenarios/thesis-movielens.yaml}"
bash scripts/install-deps.sh
bash scripts/build.sh -DBREAKEVEN_BUILD_TESTS=OFF
mkdir -p out
./build/cli/breakeven whatif "$scenario"
./build/cli/breakeven whatif "$scenario" --format json > out/whatif.json
./build/cli/breakeven solve "$scenario" --format json > out/solve.json
# The break-even chart: cost per hour over the interval for the thesis's pessimistic (no cached model),
# middle and optimistic (always cached) cases, against the EC2 line, with the break-even points marked.
./build/cli/breakeven sweep "$scenario" --grid workload.interval_s=1:3600:log80 \
    --grid faas.cache_hit_rate=0,0.5,1 --out out/sweep-interval.csv
./build/cli/breakeven chart out/sweep-interval.csv --kind cost-vs-interval --scenario "$scenario" \
    --out out/break-even.png
echo
echo "JSON written to out/whatif.json and out/solve.json"
echo "break-even chart written to out/break-even.png (its gnuplot script and data: out/break-even.gp, .dat)"
