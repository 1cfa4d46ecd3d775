#!/usr/bin/env bash
# Runs the project and the references it is compared with in one invocation, alternating them, and
# prints ratios (docs/performance.md reports them):
#   - the simulator (bench/des_bench.cpp) and the BiasedMF learner of this tree against the same
#     benchmarks built from a base commit (default: HEAD~1) in a git worktree under the build directory;
#   - BiasedMF's learn_many against the minimal SGD loop shipped in bench/learner_bench.cpp;
#   - `breakeven whatif` end to end (100 runs) against the base commit's binary;
#   - `breakeven simulate` of SimFaaS's README example against SimFaaS itself, whole processes, when
#     SIMFAAS_DIR points at a SimFaaS checkout and $PYTHON (default python3) imports numpy; skipped
#     with a message otherwise.
# Figures are CPU time (Google Benchmark's items_per_second; user+sys for whole processes), medians of
# ROUNDS alternating rounds. The load average is printed: the machine may be shared.
#
# Usage: bash bench/compare.sh [BASE_COMMIT]
#   BUILD_DIR (default build-compare), ROUNDS (default 5), MIN_TIME (default 0.3 s per benchmark run),
#   SKIP_BASE=1 to compare nothing against a base commit.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
base_commit=${1:-HEAD~1}
build_dir=${BUILD_DIR:-$root/build-compare}
rounds=${ROUNDS:-5}
min_time=${MIN_TIME:-0.3}
python=${PYTHON:-python3}
jobs=${JOBS:-2}

command -v jq >/dev/null || { echo "compare.sh needs jq (apt-get install jq)" >&2; exit 1; }

configure_and_build() {  # SOURCE_DIR BUILD_DIR
  cmake -S "$1" -B "$2" -DCMAKE_BUILD_TYPE=Release -DBREAKEVEN_BUILD_BENCH=ON -DBREAKEVEN_BUILD_TESTS=OFF \
    ${CCACHE:+-DCMAKE_CXX_COMPILER_LAUNCHER=ccache} >"$2.configure.log" 2>&1 ||
    { cat "$2.configure.log" >&2; exit 1; }
  cmake --build "$2" -j"$jobs" --target breakeven breakeven_des_bench breakeven_learner_bench \
    >"$2.build.log" 2>&1 || { tail -40 "$2.build.log" >&2; exit 1; }
}

command -v ccache >/dev/null && CCACHE=1 || CCACHE=
mkdir -p "$build_dir"
echo "== building this tree ($(git -C "$root" rev-parse --short HEAD)) in $build_dir/new"
configure_and_build "$root" "$build_dir/new"
new="$build_dir/new"
base=
if [[ -z ${SKIP_BASE:-} ]]; then
  base_sha=$(git -C "$root" rev-parse --short "$base_commit")
  base_src="$build_dir/base-src"
  if [[ -d $base_src ]]; then
    git -C "$base_src" checkout --quiet --detach "$base_sha"
  else
    git -C "$root" worktree add --quiet --detach "$base_src" "$base_sha"
  fi
  echo "== building base $base_sha in $build_dir/base"
  configure_and_build "$base_src" "$build_dir/base"
  base="$build_dir/base"
fi

# Median of the numbers on standard input.
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# items_per_second (CPU time) of benchmark NAME from one run of BINARY, filtered by FILTER.
bench_rate() {  # BINARY FILTER -> lines "name rate"
  "$1" --benchmark_filter="$2" --benchmark_min_time="$min_time" --benchmark_format=json 2>/dev/null |
    jq -r '.benchmarks[] | "\(.name) \(.items_per_second)"'
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "== machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

des_filter='BM_FaasRequestsSimFaaS$|BM_FaasRequestsBusy/1000$|BM_FaasRequestsBusy/100$|BM_KernelEvent/1024$'
mf_filter='BM_BiasedMf_100kx50k_k10$|BM_BiasedMf_100kx50k_k10_uniform$|BM_MinimalSgd_100kx50k_k10$|BM_MinimalSgd_100kx50k_k10_uniform$'
for ((r = 1; r <= rounds; r++)); do
  for side in new ${base:+base}; do
    dir=${!side}
    bench_rate "$dir/bench/breakeven_des_bench" "$des_filter" | sed "s/^/$side /" >>"$tmp/rates"
    bench_rate "$dir/bench/breakeven_learner_bench" "$mf_filter" | sed "s/^/$side /" >>"$tmp/rates"
  done
done

rate() {  # SIDE NAME -> median items per CPU second (empty when not measured)
  awk -v s="$1" -v n="$2" '$1 == s && $2 == n { print $3 }' "$tmp/rates" | median
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "-"; else printf "%.2f", a / b }'; }
mrate() { awk -v x="$1" 'BEGIN { if (x == "") print "-"; else printf "%.2f M/s", x / 1e6 }'; }

echo
echo "== medians of $rounds alternating rounds, CPU time"
printf '%-40s %14s %14s %10s\n' benchmark new base new/base
for name in BM_FaasRequestsSimFaaS BM_FaasRequestsBusy/100 BM_FaasRequestsBusy/1000 BM_KernelEvent/1024 \
  BM_BiasedMf_100kx50k_k10 BM_BiasedMf_100kx50k_k10_uniform; do
  n=$(rate new "$name")
  b=$(rate base "$name")
  printf '%-40s %14s %14s %10s\n' "$name" "$(mrate "$n")" "$(mrate "$b")" "$(ratio "$n" "$b")"
done
echo
echo "== goals (docs/performance.md)"
simfaas=$(rate new BM_FaasRequestsSimFaaS)
busy=$(rate new BM_FaasRequestsBusy/1000)
printf '%-62s %s\n' "DES SimFaaS example, M invocations/s (goal >= 12)" "$(mrate "$simfaas")"
printf '%-62s %s\n' "DES at 1,000 req/s, M invocations/s (goal >= 8)" "$(mrate "$busy")"
printf '%-62s %s\n' "cost per invocation, 1,000 req/s / SimFaaS example (goal <= 1.3)" "$(ratio "$simfaas" "$busy")"
for kind in "" _uniform; do
  printf '%-62s %s\n' "minimal SGD loop / BiasedMF${kind:- zipf} (goal <= 1.2)" \
    "$(ratio "$(rate new "BM_MinimalSgd_100kx50k_k10$kind")" "$(rate new "BM_BiasedMf_100kx50k_k10$kind")")"
done

# Whole processes: user + system CPU seconds of RUNS runs, alternating the two binaries per round.
cpu_of_runs() {  # RUNS COMMAND... -> CPU seconds for all runs
  local runs=$1
  shift
  local start end
  start=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat)
  for ((i = 0; i < runs; i++)); do "$@" >/dev/null; done
  end=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat)
  awk -v a="$start" -v b="$end" -v hz="$(getconf CLK_TCK)" 'BEGIN { print (b - a) / hz }'
}
echo
echo "== whatif end to end, 100 runs x $rounds rounds (ms of CPU per run; wall clock is higher under load)"
scenario="$root/scenarios/thesis-movielens.yaml"
: >"$tmp/whatif"
for ((r = 1; r <= rounds; r++)); do
  for side in new ${base:+base}; do
    dir=${!side}
    echo "$side $(cpu_of_runs 100 "$dir/cli/breakeven" whatif "$scenario")" >>"$tmp/whatif"
  done
done
w_new=$(awk '$1 == "new" { print $2 * 10 }' "$tmp/whatif" | median)
w_base=$(awk '$1 == "base" { print $2 * 10 }' "$tmp/whatif" | median)
printf '%-62s %s ms (base %s ms, new/base %s; goal <= 15 ms)\n' "whatif per run" "$w_new" "${w_base:--}" \
  "$(ratio "$w_new" "$w_base")"
echo "shared libraries loaded by breakeven: $(ldd "$new/cli/breakeven" | wc -l)"

echo
if [[ -n ${SIMFAAS_DIR:-} && -d ${SIMFAAS_DIR:-} ]] && "$python" -c 'import numpy' 2>/dev/null; then
  echo "== SimFaaS README example, whole processes, $rounds rounds"
  simfaas_py="import sys; sys.path.insert(0, '$SIMFAAS_DIR')
from simfaas.ServerlessSimulator import ServerlessSimulator as S
sim = S(arrival_rate=0.9, warm_service_rate=1/1.991, cold_service_rate=1/2.244,
        expiration_threshold=600, max_time=1e6)
sim.generate_trace(debug_print=False, progress=False)"
  simfaas_scenario="$root/scenarios/simfaas-readme.yaml"
  : >"$tmp/simfaas"
  for ((r = 1; r <= rounds; r++)); do
    echo "breakeven $(cpu_of_runs 1 "$new/cli/breakeven" simulate "$simfaas_scenario" --duration-h 277.7777778)" \
      >>"$tmp/simfaas"
    echo "simfaas $(cpu_of_runs 1 "$python" -c "$simfaas_py")" >>"$tmp/simfaas"
  done
  s_b=$(awk '$1 == "breakeven" { print $2 }' "$tmp/simfaas" | median)
  s_s=$(awk '$1 == "simfaas" { print $2 }' "$tmp/simfaas" | median)
  printf '%-62s %s s vs %s s: %sx (goal >= 200)\n' "breakeven simulate vs SimFaaS, CPU" "$s_b" "$s_s" \
    "$(ratio "$s_s" "$s_b")"
else
  echo "== SimFaaS: skipped (set SIMFAAS_DIR to a SimFaaS checkout and PYTHON to a Python with numpy)"
fi
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
