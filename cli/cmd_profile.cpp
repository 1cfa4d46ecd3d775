// `breakeven profile`: measures a learner's compute profile on real batches and writes it as JSON for a
// scenario's `learner.profile` key.
#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "cli/commands.h"
#include "cli/learner_stream.h"
#include "cli/number_format.h"
#include "cli/output_path.h"
#include "cli/outputs.h"
#include "cli/run.h"
#include "model/diagnostics.h"
#include "model/learner/profile.h"

#ifndef BREAKEVEN_CXX_FLAGS
#define BREAKEVEN_CXX_FLAGS "unknown"
#endif

namespace breakeven::cli {

namespace {

namespace po = boost::program_options;
using Json = nlohmann::ordered_json;

[[noreturn]] void bad_option(const std::string& option, const std::string& message) {
  Diagnostic d;  // field by field: GCC 12 at -O3 warns falsely about the nested brace form
  d.place.file = option;
  d.message = message;
  std::vector<Diagnostic> all;
  all.push_back(std::move(d));
  throw InputError(std::move(all));
}

std::vector<std::size_t> parse_sizes(const std::string& text) {
  std::vector<std::size_t> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    std::size_t used = 0;
    unsigned long long v = 0;
    try {
      v = std::stoull(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != item.size() || item.empty() || v == 0 || v > 100'000'000)
      bad_option("--batch-sizes", "'" + item +
                                      "' is not a batch size; expected whole numbers from 1 to 1e8 "
                                      "separated by commas, e.g. 100,1000,10000");
    out.push_back(static_cast<std::size_t>(v));
  }
  if (out.size() < 2)
    bad_option("--batch-sizes",
               "give at least two sizes, e.g. 100,1000,10000, to fit fixed + per-sample time");
  return out;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
    }
  }
  return "unknown";
}

Json fit_json(const LinearFit& f, const std::string& prefix) {
  Json j;
  j[prefix + "_s_fixed"] = stable(f.fixed);
  j[prefix + "_s_per_sample"] = stable(f.per_unit);
  j[prefix + "_residual_rms_s"] = stable(f.residual_rms);
  j[prefix + "_r_squared"] = stable(f.r_squared);
  j[prefix + "_intercept_clamped"] = f.intercept_clamped;
  j[prefix + "_points"] = f.points;
  return j;
}

Json profile_json(const ProfileResult& r, const ProfileOptions& o, const LearnerConfig& c,
                  const std::string& command) {
  Json j;
  j["schema_version"] = kOutputSchemaVersion;
  j["kind"] = "breakeven-learner-profile";
  j["learner"] = r.learner;
  j["learner_seed"] = c.seed;
  if (r.learner == "hoeffding_tree") j["adaptive"] = c.ht_adaptive;
  j["stream"] = r.stream;
  j["command"] = command;
  j["pretrain_samples"] = r.pretrain_samples;
  j["batch_sizes"] = o.batch_sizes;
  j["repeats"] = o.repeats;
  j["host"] = {{"cpu_model", cpu_model()},
               {"logical_cores", std::thread::hardware_concurrency()},
               {"compiler", "GCC " __VERSION__},
               {"flags", BREAKEVEN_CXX_FLAGS " -ffp-contract=off"},
               {"note",
                "times are host measurements on one core and differ between runs; every other field is "
                "deterministic for the same command"}};
  Json fit = fit_json(r.learn, "train");
  fit.update(fit_json(r.infer, "infer"));
  j["fit"] = fit;
  j["model_bytes"] = r.final_model_bytes;
  j["pretrain_model_bytes"] = r.pretrain_model_bytes;
  j["model_bytes_growth_per_sample"] = stable(r.model_growth.per_unit);
  j["serialize_s"] = stable(r.serialize_s);
  j["deserialize_s"] = stable(r.deserialize_s);
  // Mean delta per batch size.
  Json deltas = Json::array();
  for (std::size_t size : o.batch_sizes) {
    double bytes = 0, enc = 0, dec = 0;
    int count = 0;
    for (const auto& m : r.batches) {
      if (m.batch_size != size) continue;
      bytes += static_cast<double>(m.delta_bytes);
      enc += m.delta_encode_s;
      dec += m.delta_decode_s;
      ++count;
    }
    if (count == 0) continue;
    deltas.push_back({{"batch_size", size},
                      {"delta_bytes", stable(bytes / count)},
                      {"delta_encode_s", stable(enc / count)},
                      {"delta_decode_s", stable(dec / count)}});
  }
  j["deltas"] = deltas;
  Json batches = Json::array();
  for (const auto& m : r.batches)
    batches.push_back({{"batch_size", m.batch_size},
                       {"samples_seen", m.samples_seen},
                       {"infer_s", stable(m.infer_s)},
                       {"learn_s", stable(m.learn_s)},
                       {"serialize_s", stable(m.serialize_s)},
                       {"deserialize_s", stable(m.deserialize_s)},
                       {"delta_encode_s", stable(m.delta_encode_s)},
                       {"delta_decode_s", stable(m.delta_decode_s)},
                       {"model_bytes", m.model_bytes},
                       {"delta_bytes", m.delta_bytes},
                       {r.metric_name, stable(m.metric)}});
  j["batches"] = batches;
  j["metric"] = r.metric_name;
  j["stream_ended"] = r.stream_ended;
  return j;
}

}  // namespace

int cmd_profile(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  po::options_description desc("options");
  std::string learner_name, data, out_path, sizes = "100,1000,10000";
  std::vector<std::string> synthetic;
  long long pretrain = 0;
  int repeats = 3, factors = 10;
  bool adaptive = false;
  std::uint64_t seed = 42;
  desc.add_options()("help,h", "this help")("learner", po::value(&learner_name),
                                            "biased_mf, logistic, hoeffding_tree or mlp (required)")(
      "data", po::value(&data), "MovieLens ratings.csv (biased_mf) or Criteo-style TSV (the others)")(
      "synthetic", po::value(&synthetic)->multitoken(),
      "KEY=VALUE... settings of the synthetic stream (docs/data.md); the default when --data is absent")(
      "batch-sizes", po::value(&sizes), "comma-separated batch sizes (default 100,1000,10000)")(
      "pretrain", po::value(&pretrain), "samples learned before measuring, 0..1e10 (default 0)")(
      "repeats", po::value(&repeats), "batches measured per size (default 3)")(
      "factors", po::value(&factors), "biased_mf latent factors k (default 10)")(
      "adaptive", po::bool_switch(&adaptive),
      "hoeffding_tree: the Hoeffding Adaptive Tree (ADWIN, alternate subtrees)")("seed", po::value(&seed),
                                                                                 "learner seed (default 42)")(
      "out", po::value(&out_path), "write the profile JSON here (default: standard output)");
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(desc).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    out << "usage: breakeven profile --learner KIND [--data FILE | --synthetic KEY=VALUE...]\n"
           "                         [--batch-sizes 100,1000,10000] [--pretrain N] [--out profile.json]\n\n"
           "Runs the learner over real batches and fits host time = fixed + per_sample x n for learning and\n"
           "inference by least squares; records model bytes, deltas, the progressive metric and the host.\n"
           "A scenario uses the result with `learner.profile: FILE`.\n\n"
        << desc;
    return kExitOk;
  }
  if (learner_name.empty())
    bad_option("--learner", "missing; expected one of biased_mf, logistic, hoeffding_tree, mlp");
  const LearnerKind kind = parse_learner_kind(learner_name);
  if (repeats < 1 || repeats > 1000) bad_option("--repeats", "expected 1 to 1000");
  // 1e10 samples is hours of learning: a bound that keeps a typo (or -1 read as 2^64 - 1) from running
  // forever.
  if (pretrain < 0 || pretrain > 10000000000LL) bad_option("--pretrain", "expected 0 to 1e10 samples");
  if (factors < 1 || factors > 1024) bad_option("--factors", "expected 1 to 1024");
  ProfileOptions options;
  options.batch_sizes = parse_sizes(sizes);
  options.pretrain_samples = static_cast<std::size_t>(pretrain);
  options.repeats = repeats;

  std::unique_ptr<SampleStream> stream = make_learner_stream(kind, data, synthetic);
  LearnerConfig config;
  config.seed = seed;
  config.factors = factors;
  if (adaptive && kind != LearnerKind::hoeffding_tree)
    bad_option("--adaptive", "applies to --learner hoeffding_tree only");
  config.ht_adaptive = adaptive;
  if (stream->feature_count() > 0) config.feature_count = stream->feature_count();
  if (!out_path.empty()) check_output_path(out_path, "--out", "profile.json");
  auto learner = make_learner(kind, config);
  SteadyClock clock;
  const ProfileResult result = run_profile(*learner, *stream, options, clock);

  std::string command = "breakeven profile";
  for (const auto& a : args) command += " " + a;
  const Json j = profile_json(result, options, config, command);
  if (out_path.empty()) {
    out << j.dump(2) << "\n";
  } else {
    // Written beside the target and renamed, so an interrupted write never leaves half a profile.
    const std::string partial = out_path + ".partial";
    {
      std::ofstream file(partial);
      if (!file) bad_option("--out", "cannot write '" + out_path + "'");
      file << j.dump(2) << "\n";
      if (!file) throw RunError("writing " + partial + " failed");
    }
    std::error_code ec;
    std::filesystem::rename(partial, out_path, ec);
    if (ec) throw RunError("renaming " + partial + " to " + out_path + " failed: " + ec.message());
    // Say what was written, so a run with --out does not end in silence.
    out << "wrote " << out_path << ": " << result.learner << " profile over " << result.batches.size()
        << " batches; model " << result.final_model_bytes
        << " bytes at the end; use it with `learner.profile: " << out_path
        << "` (path relative to the scenario file)\n";
  }
  return kExitOk;
}

}  // namespace breakeven::cli
