#include "cli/grid_run.h"

#include <algorithm>
#include <atomic>
#include <boost/program_options.hpp>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

#include "cli/commands.h"
#include "cli/output_path.h"
#include "cli/progress.h"
#include "cli/run.h"
#include "cli/scenario_options.h"
#include "cli/seed_option.h"
#include "model/des/simulate.h"
#include "model/diagnostics.h"
#include "model/spec/did_you_mean.h"
#include "model/spec/load.h"
#include "model/sweep/des_evaluator.h"
#include "model/sweep/sweep_run.h"
#include "model/text.h"

namespace breakeven::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

struct GridOptions {
  std::string scenario_path;
  std::vector<std::string> overrides, grid;
  std::string mode = "analytic";
  int jobs = 0;
  std::string out_path;
  std::string format = "csv";
  std::string shard = "1/1";
  bool resume = false;
  bool no_break_even = false;
  std::string seed_text = "1";  // --mode des: every point's seed (read strictly: no sign, no wrap)
  std::uint64_t seed = 1;
  double duration_h = 24;  // --mode des: simulated hours per point
};

[[noreturn]] void bad_option(const std::string& place, const std::string& message) {
  throw InputError({Diagnostic{SourcePlace{place, 0, 0}, "", message}});
}

// `i/n` with 1 <= i <= n; returns the 0-based index and the count.
std::pair<std::size_t, std::size_t> parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  std::size_t i = 0, n = 0;
  bool ok = slash != std::string::npos;
  if (ok) {
    std::istringstream a(text.substr(0, slash)), b(text.substr(slash + 1));
    ok = (a >> i) && a.eof() && (b >> n) && b.eof() && n >= 1 && i >= 1 && i <= n;
  }
  if (!ok)
    bad_option("--shard " + text,
               "expected i/n with 1 <= i <= n, e.g. --shard 2/4 (the second of four shards)");
  return {i - 1, n};
}

// Ctrl-C stops the sweep after the rows being computed, so the output ends on a whole row.
std::atomic<bool> g_interrupted{false};
extern "C" void on_interrupt(int) {
  g_interrupted.store(true);
}

// Installs the Ctrl-C handler for the lifetime of a run and restores the previous one after.
class InterruptGuard {
 public:
  InterruptGuard() {
    g_interrupted.store(false);
    previous_ = std::signal(SIGINT, on_interrupt);
  }
  ~InterruptGuard() { std::signal(SIGINT, previous_); }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  void (*previous_)(int) = SIG_DFL;
};

// The evaluator of `--mode` (already checked to be analytic or des).
std::unique_ptr<PointEvaluator> evaluator_for_mode(const GridOptions& o, const LoadedScenario& scenario) {
  if (o.mode == "analytic") return std::make_unique<AnalyticEvaluator>();
  return std::make_unique<DesEvaluator>(o.seed, o.duration_h * 3600.0, des::scenario_trace(scenario));
}

// The mode as recorded in the output's header: a des sweep's rows depend on its seed and window too.
std::string mode_label(const GridOptions& o) {
  if (o.mode == "analytic") return o.mode;
  return "des seed=" + std::to_string(o.seed) + " duration_h=" + short_number(o.duration_h, 10);
}

}  // namespace

bool has_grid_option(const std::vector<std::string>& args) {
  for (const auto& a : args)
    if (a == "--grid" || a.rfind("--grid=", 0) == 0) return true;
  return false;
}

namespace {

// Parses the command line into `o`; false when --help was printed.
bool parse_grid_options(RowKind kind, const std::vector<std::string>& args, std::ostream& out, GridOptions& o,
                        po::variables_map& vm) {
  const std::string command = kind == RowKind::sweep ? "sweep" : "solve";
  po::options_description visible("options");
  visible.add_options()("grid", po::value<std::vector<std::string>>(&o.grid)->composing(),
                        "KEY=SPEC: a swept key and its values, a list 512,1024,2048, a range 0:1:11 or a log "
                        "range 1:3600:log50 "
                        "(repeatable: the grid is their product, the last --grid varying fastest)")(
      "set", po::value<std::vector<std::string>>(&o.overrides)->composing(),
      "override a scenario key for every point, e.g. --set faas.cache_hit_rate=0.5 (repeatable)");
  if (kind == RowKind::sweep)
    visible.add_options()("mode", po::value<std::string>(&o.mode)->default_value("analytic"),
                          "analytic (closed-form model) or des (simulator)")(
        "no-break-even", po::bool_switch(&o.no_break_even),
        "leave out the per-point break-even interval (about 1 ms per point; the analytic model's, also with "
        "--mode des)")("seed", po::value<std::string>(&o.seed_text)->default_value("1"),
                       "--mode des: the random seed of every point (the same draws at every point)")(
        "duration-h", po::value<double>(&o.duration_h)->default_value(24),
        "--mode des: simulated hours per point");
  visible.add_options()("jobs,j", po::value<int>(&o.jobs)->default_value(0),
                        "worker threads, 0..256; 0 = every core")(
      "out,o", po::value<std::string>(&o.out_path),
      "output file, FILE.csv or FILE.json (default: CSV on stdout)")(
      "format", po::value<std::string>(&o.format)->default_value("csv"),
      "csv or json, when writing to stdout")("resume", po::bool_switch(&o.resume),
                                             "continue an interrupted run: keep the rows already in --out")(
      "shard", po::value<std::string>(&o.shard)->default_value("1/1"),
      "i/n: compute only shard i of n (every n-th point); join the outputs with breakeven merge")(
      "help,h", "show this help");
  vm = parse_with_scenario(args, visible, o.scenario_path);
  if (!vm.count("help")) {
    po::notify(vm);
    return true;
  }
  out << "usage: breakeven " << command
      << " SCENARIO --grid KEY=SPEC [--grid ...] [--set key=value]... [--out FILE.csv|FILE.json]\n"
      << "       [--jobs N] [--shard i/n] [--resume]"
      << (kind == RowKind::sweep ? " [--mode analytic|des]" : "") << "\n\n"
      << (kind == RowKind::sweep
              ? "Evaluates both sides at every point of a grid over any scenario keys: costs per hour, "
                "invocation\n"
                "time, utilisation, the cheaper side and (unless the interval is swept) the break-even "
                "interval.\n"
                "A point whose values are invalid or infeasible is reported in its row; the sweep goes "
                "on.\n"
              : "The break-even interval at every point of a grid over scenario keys other than\n"
                "workload.interval_s (e.g. faas.cache_hit_rate x faas.memory_mb).\n")
      << "Rows come in point order whatever --jobs; docs/sweeps.md describes the columns.\n\n"
      << visible << "\n";
  return false;
}

// The checks of options that need no file; returns the output format.
RowFormat check_grid_options(RowKind kind, GridOptions& o, const po::variables_map& vm) {
  const std::string command = kind == RowKind::sweep ? "sweep" : "solve";
  if (o.scenario_path.empty())
    bad_option("breakeven " + command,
               "missing SCENARIO (a YAML file, e.g. scenarios/thesis-movielens.yaml)");
  if (o.grid.empty())
    bad_option("breakeven " + command, "missing --grid KEY=SPEC, e.g. --grid faas.memory_mb=512,1024,2048");
  if (o.mode != "analytic" && o.mode != "des") {
    const std::string guess = closest_match(o.mode, {"analytic", "des"});
    bad_option("--mode " + o.mode, "expected analytic or des" +
                                       (guess.empty() ? std::string() : " (did you mean '" + guess + "'?)"));
  }
  RowFormat format = RowFormat::csv;
  if (!o.out_path.empty()) {
    format = format_of_path(o.out_path, "--out");
  } else if (o.format == "json") {
    format = RowFormat::json;
  } else if (o.format != "csv") {
    bad_option("--format " + o.format, "expected csv or json");
  }
  if (o.resume && o.out_path.empty()) bad_option("--resume", "needs --out FILE: the file to continue");
  if (!o.out_path.empty())
    check_output_path(o.out_path, "--out", command + (format == RowFormat::csv ? ".csv" : ".json"));
  if (o.jobs < 0 || o.jobs > 256)
    bad_option("--jobs " + std::to_string(o.jobs), "expected 0 (every core) to 256 threads");
  o.seed = parse_seed(o.seed_text);
  if (!std::isfinite(o.duration_h) || o.duration_h <= 0 || o.duration_h > 87600)
    bad_option("--duration-h", "expected simulated hours per point, above 0 and at most 87600");
  auto given = [&](const char* name) { return vm.count(name) && !vm[name].defaulted(); };
  if (o.mode != "des" && (given("seed") || given("duration-h")))
    bad_option("--mode " + o.mode, "--seed and --duration-h apply to --mode des only");
  return format;
}

// The axes a command cannot sweep: a trace in --mode des, the interval in solve.
void check_axes(RowKind kind, const GridOptions& o, const std::vector<GridAxis>& axes) {
  for (const auto& a : axes) {
    const std::string_view key = a.key->path;
    // The trace is read once from the base scenario (every point replays the same arrivals).
    if (o.mode == "des" &&
        (key == "workload.trace_file" || key == "workload.trace_format" || key == "workload.trace_function"))
      bad_option("--grid " + std::string(key) + "=" + a.spec,
                 "--mode des replays the base scenario's trace at every point, so the trace cannot be swept; "
                 "run one sweep per trace with --set " +
                     std::string(key) + "=...");
    if (kind == RowKind::solve && key == "workload.interval_s")
      bad_option("--grid " + std::string(key) + "=" + a.spec,
                 "solve finds the break-even interval, so workload.interval_s cannot be swept; use breakeven "
                 "sweep to see costs over the interval");
  }
}

// Rows to a stream, flushed after each chunk: an interrupted run keeps every whole row it wrote.
class StreamSink final : public RowSink {
 public:
  StreamSink(std::ostream& out, std::string name) : out_(out), name_(std::move(name)) {}
  void write(const std::string& text) override {
    out_ << text << std::flush;
    if (!out_) throw RunError("writing " + name_ + " failed");
  }

 private:
  std::ostream& out_;
  std::string name_;
};

// An earlier run's rows kept for --resume (nothing without it); the last point must be this shard's.
ExistingRows resumed_rows(const GridOptions& o, const RowLayout& layout, std::size_t shard_index,
                          std::size_t shard_count) {
  if (!o.resume) return {};
  std::ifstream in(o.out_path, std::ios::binary);
  if (!in) return {};
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const ExistingRows rows = existing_rows(buffer.str(), layout, "--resume " + o.out_path);
  if (rows.last_point && *rows.last_point % shard_count != shard_index)
    bad_option("--resume " + o.out_path, "its rows belong to another shard than --shard " + o.shard);
  return rows;
}

}  // namespace

int run_grid_command(RowKind kind, const std::vector<std::string>& args, std::ostream& out,
                     std::ostream& err) {
  GridOptions o;
  po::variables_map vm;
  if (!parse_grid_options(kind, args, out, o, vm)) return kExitOk;
  const RowFormat format = check_grid_options(kind, o, vm);
  const auto [shard_index, shard_count] = parse_shard(o.shard);
  std::vector<GridAxis> axes = parse_grid(o.grid);
  check_axes(kind, o, axes);

  const LoadedScenario scenario = load_scenario(o.scenario_path, o.overrides);
  const std::unique_ptr<PointEvaluator> evaluator = evaluator_for_mode(o, scenario);
  const SweepPlan plan(scenario, std::move(axes));
  const bool break_even = kind == RowKind::sweep && !o.no_break_even && !plan.sweeps("workload.interval_s");
  const std::string command = kind == RowKind::sweep ? "sweep" : "solve";
  const RowLayout layout(kind, format, plan, command, mode_label(o), scenario.name, break_even,
                         evaluator->has_latency_percentiles(), scenario.data_files, o.overrides);
  const ExistingRows existing = resumed_rows(o, layout, shard_index, shard_count);

  std::ofstream file;
  if (!o.out_path.empty()) {
    if (existing.keep_bytes > 0) {
      fs::resize_file(o.out_path, existing.keep_bytes);
      file.open(o.out_path, std::ios::binary | std::ios::app);
    } else {
      file.open(o.out_path, std::ios::binary | std::ios::trunc);
    }
    if (!file) throw RunError("cannot write " + o.out_path);
  }
  StreamSink sink(o.out_path.empty() ? out : file, o.out_path.empty() ? std::string("stdout") : o.out_path);
  SweepRunOptions run;
  run.shard_index = shard_index;
  run.shard_count = shard_count;
  run.resume_after = existing.last_point;
  run.write_header = existing.keep_bytes == 0;
  run.jobs = o.jobs ? static_cast<unsigned>(o.jobs) : std::max(1u, std::thread::hardware_concurrency());
  run.stop = &g_interrupted;
  std::optional<Progress> progress;
  run.progress = [&](std::size_t done, std::size_t total) {
    if (!progress) progress.emplace(err, total, "points");
    progress->update(done);
  };
  SweepRunSummary summary;
  {
    const InterruptGuard interrupt_guard;
    summary = run_sweep(plan, layout, *evaluator, break_even, sink, run);
  }
  if (progress) progress->finish();
  if (summary.done < summary.points)
    throw Interrupted("interrupted after " + std::to_string(summary.done) + " of " +
                      std::to_string(summary.points) + " points; the rows written are kept" +
                      (o.out_path.empty() ? std::string() : ": run again with --resume to continue"));
  return kExitOk;
}

int cmd_sweep(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  return run_grid_command(RowKind::sweep, args, out, err);
}

}  // namespace breakeven::cli
