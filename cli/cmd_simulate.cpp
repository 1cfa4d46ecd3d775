#include <boost/program_options.hpp>
#include <cmath>
#include <optional>

#include "cli/commands.h"
#include "cli/learner_stream.h"
#include "cli/progress.h"
#include "cli/run.h"
#include "cli/scenario_options.h"
#include "cli/seed_option.h"
#include "cli/simulate_output.h"
#include "model/des/simulate.h"
#include "model/diagnostics.h"
#include "model/learner/live_batch_compute.h"
#include "model/report.h"
#include "model/spec/did_you_mean.h"
#include "model/spec/load.h"
#include "model/units.h"

namespace breakeven::cli {

namespace po = boost::program_options;

namespace {

constexpr const char* kSummary =
    "Discrete-event simulation of both deployments over a window of simulated time: random and bursty\n"
    "arrivals, keep-alive expiry and cold starts, queues behind the single training writer, model-cache\n"
    "losses and replays, VMs that stop when idle. Prints the analytic whatif fields and, under\n"
    "\"simulation\", the simulated costs by item, latency and freshness percentiles, cold-start and\n"
    "cache-hit rates, utilisation and queue lengths (docs/simulator.md, docs/output.md).";

// Counts the learner's batches on a progress bar; it sits under the simulator's sharing of outcomes, so
// it sees exactly the batches the learner learns.
class CountingCompute final : public des::BatchComputeSource {
 public:
  CountingCompute(des::BatchComputeSource& inner, Progress& progress) : inner_(inner), progress_(progress) {}
  des::BatchCompute compute(std::int64_t batch_index, std::int64_t n_samples) override {
    des::BatchCompute c = inner_.compute(batch_index, n_samples);
    progress_.update(static_cast<std::uint64_t>(++batches_));
    return c;
  }

 private:
  des::BatchComputeSource& inner_;
  Progress& progress_;
  std::int64_t batches_ = 0;
};

// Batches the window should bring, for the bar's total (arrivals are random: the bar is a guide).
std::uint64_t expected_batches(const LoadedScenario& scenario, double duration_s) {
  const ScenarioSpec& s = scenario.spec;
  const double window_s = duration_s > 0 ? duration_s : s.workload.horizon_h * 3600.0;
  const double batches = s.workload.interval_s > 0 ? window_s / s.workload.interval_s : 0;
  return batches >= 1 && batches < 1e12 ? static_cast<std::uint64_t>(batches) : 1;
}

LiveLearnerSummary live_summary(const LiveBatchCompute& live, const ScenarioSpec& spec) {
  LiveLearnerSummary s;
  s.learner = to_string(live.trainer().learner().kind());
  s.stream = live.trainer().stream_description();
  s.metric = live.metric_name();
  s.samples = live.last().samples_seen;
  s.batches = live.batches();
  s.model_bytes = static_cast<double>(live.last().model_bytes);
  s.scenario_model_bytes = spec.learner.model_bytes;
  return s;
}

[[noreturn]] void bad_option(const std::string& option, const std::string& message) {
  throw InputError({Diagnostic{SourcePlace{option, 0, 0}, "", message}});
}

}  // namespace

int cmd_simulate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string scenario_path, format = "table", learner = "constants", live_kind = "biased_mf", data;
  std::vector<std::string> overrides, synthetic;
  std::string seed_text = "1";
  double duration_h = 0;
  po::options_description visible("options");
  visible.add_options()("set", po::value<std::vector<std::string>>(&overrides)->composing(),
                        "override a scenario key, e.g. --set workload.arrival=poisson (repeatable)")(
      "seed", po::value<std::string>(&seed_text)->default_value("1"),
      "random seed; the same seed gives the same output")("duration-h",
                                                          po::value<double>(&duration_h)->default_value(0),
                                                          "simulated hours; 0 = workload.horizon_h")(
      "learner", po::value<std::string>(&learner)->default_value("constants"),
      "compute per batch: constants (the scenario's learner keys) or live (an embedded learner learns every "
      "simulated batch; its measured time, model and delta sizes and metric are used)")(
      "live-learner", po::value<std::string>(&live_kind)->default_value("biased_mf"),
      "with --learner live: biased_mf, logistic, hoeffding_tree or mlp")(
      "data", po::value<std::string>(&data),
      "with --learner live: MovieLens ratings.csv (biased_mf) or Criteo-style TSV (the others)")(
      "synthetic", po::value<std::vector<std::string>>(&synthetic)->multitoken(),
      "with --learner live: KEY=VALUE settings of the synthetic stream (docs/data.md); the default")(
      "format", po::value<std::string>(&format)->default_value("table"), "output format: table, json or csv")(
      "help,h", "show this help");
  po::variables_map vm = parse_with_scenario(args, visible, scenario_path);
  if (vm.count("help")) {
    out << "usage: breakeven simulate SCENARIO [--set key=value]... [--seed N] [--duration-h H]\n"
           "                          [--learner constants|live [--live-learner KIND] [--data FILE | "
           "--synthetic K=V...]]\n"
           "                          [--format table|json|csv]\n\n"
        << kSummary << "\n\n"
        << visible << "\n";
    return kExitOk;
  }
  po::notify(vm);
  if (scenario_path.empty())
    bad_option("breakeven simulate", "missing SCENARIO (a YAML file, e.g. scenarios/thesis-movielens.yaml)");
  if (format != "table" && format != "json" && format != "csv") {
    const std::string guess = closest_match(format, {"table", "json", "csv"});
    bad_option("--format " + format,
               "expected table, json or csv" + (guess.empty() ? "" : " (did you mean '" + guess + "'?)"));
  }
  if (!std::isfinite(duration_h) || duration_h < 0 || duration_h > kMaxSimulatedHours)
    bad_option("--duration-h", "expected hours of simulated time, 0..87600 (0 = workload.horizon_h)");
  if (learner != "constants" && learner != "live") {
    const std::string guess = closest_match(learner, {"constants", "live"});
    bad_option("--learner " + learner,
               "expected constants or live" + (guess.empty() ? "" : " (did you mean '" + guess + "'?)"));
  }
  if (learner != "live" && (vm.count("data") || vm.count("synthetic") || !vm["live-learner"].defaulted()))
    bad_option("--learner " + learner, "--live-learner, --data and --synthetic apply to --learner live only");

  const std::uint64_t seed = parse_seed(seed_text);
  const LoadedScenario scenario = load_scenario(scenario_path, overrides);
  const WhatIfReport analytic = make_whatif_report(scenario);
  des::SimulationOptions options;
  options.seed = seed;
  options.duration_s = duration_h * kSecondsPerHour;
  std::unique_ptr<LiveBatchCompute> live;
  Progress progress(err, learner == "live" ? expected_batches(scenario, options.duration_s) : 0,
                    "batches learnt");
  std::optional<CountingCompute> counting;
  if (learner == "live") {
    // The stream is built before the run so a bad file or setting is reported before any simulation.
    const LearnerKind kind = parse_learner_kind(live_kind);
    auto stream = make_learner_stream(kind, data, synthetic);
    LearnerConfig config;
    config.seed = seed;
    if (stream->feature_count() > 0) config.feature_count = stream->feature_count();
    LiveTrainer trainer(kind, std::move(stream), seed, config);
    trainer.set_measure_delta(scenario.spec.faas.delta_encoding);  // the delta's size is read only then
    live = std::make_unique<LiveBatchCompute>(std::move(trainer));
    counting.emplace(*live, progress);
    options.compute = &*counting;
  }
  const des::SimulationResult sim = des::simulate_scenario(scenario, options);
  progress.finish();
  std::optional<LiveLearnerSummary> summary;
  if (live) summary = live_summary(*live, scenario.spec);
  const LiveLearnerSummary* s = summary ? &*summary : nullptr;
  if (format == "json")
    out << simulate_json(analytic, sim, s).dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
  else if (format == "csv")
    write_csv(simulate_json(analytic, sim, s), out);
  else
    write_simulate_table(analytic, sim, out, s);
  return kExitOk;
}

}  // namespace breakeven::cli
