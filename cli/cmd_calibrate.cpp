// `breakeven calibrate`: the subcommand table, and `calibrate fit` (probes -> calibrated platform file).
#include <algorithm>
#include <boost/program_options.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "calibrate/calibration_file.h"
#include "calibrate/fit.h"
#include "calibrate/probe/compute_kernel.h"
#include "calibrate/probe_record.h"
#include "cli/calibrate_commands.h"
#include "cli/commands.h"
#include "cli/install_paths.h"
#include "cli/run.h"
#include "model/diagnostics.h"
#include "model/sha256.h"
#include "model/spec/did_you_mean.h"
#include "model/text.h"

namespace breakeven::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace breakeven::calibrate;

namespace {

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream b;
  b << in.rdbuf();
  return b.str();
}

// The local host's time per sample of the probe's learner: the fastest of three batches of `n` samples
// (the minimum is the run least disturbed by other work on the machine).
double measure_local_s_per_sample(std::int64_t n) {
  double best = INFINITY;
  for (int i = 0; i < 3; ++i) best = std::min(best, run_training_batch(n).seconds);
  return best / static_cast<double>(n);
}

int calibrate_fit(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string probes_path, out_path, name, base, date, region, arch;
  double local_s_per_sample = 0, mb_per_vcpu = 1769;
  std::vector<int> hold_out_memory;
  po::options_description visible("options");
  visible.add_options()("out", po::value<std::string>(&out_path),
                        "calibrated platform file to write, e.g. data/calibrated/NAME.yaml")(
      "name", po::value<std::string>(&name), "the file's name (default: the output file's stem)")(
      "base", po::value<std::string>(&base),
      "platform file that supplies every constant not calibrated (default: platform/aws-default.yaml "
      "in the data directory)")(
      "local-s-per-sample", po::value<double>(&local_s_per_sample),
      "seconds per sample of the probe's learner on the reference host; default: measured here now")(
      "date", po::value<std::string>(&date), "date of the measurements (default: from the probe file)")(
      "region", po::value<std::string>(&region), "AWS region (default: from the probe file's run header)")(
      "arch", po::value<std::string>(&arch), "x86_64 or arm64 (default: from the probe file's run header)")(
      "mb-per-vcpu", po::value<double>(&mb_per_vcpu)->default_value(1769),
      "Lambda memory per vCPU, MB (AWS docs)")(
      "hold-out-memory", po::value<std::vector<int>>(&hold_out_memory)->composing(),
      "leave the probes at this memory size out of the fit, for calibrate check (repeatable)")(
      "help,h", "show this help");
  po::options_description all;
  all.add(visible).add_options()("probes", po::value<std::string>(&probes_path));
  po::positional_options_description positional;
  positional.add("probes", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    out << "usage: breakeven calibrate fit PROBES.jsonl --out data/calibrated/NAME.yaml [options]\n\n"
           "Fits cold start, warm overhead, compute speed against the CPU share and storage latency and\n"
           "bandwidth, each with its standard error, and writes a platform file scenarios can include.\n\n"
        << visible << "\n";
    return kExitOk;
  }
  auto bad = [](const std::string& option, const std::string& message) {
    return InputError({Diagnostic{SourcePlace{option, 0, 0}, "", message}});
  };
  if (!(mb_per_vcpu > 0) || !std::isfinite(mb_per_vcpu))
    throw bad("--mb-per-vcpu", "expected a positive number of MB per vCPU (AWS: 1769)");
  if (vm.count("local-s-per-sample") && (!(local_s_per_sample > 0) || !std::isfinite(local_s_per_sample)))
    throw bad("--local-s-per-sample", "expected a positive number of seconds per sample");
  if (!arch.empty() && arch != "x86_64" && arch != "arm64")
    throw bad("--arch " + arch, "expected x86_64 or arm64");
  if (probes_path.empty() || out_path.empty())
    throw InputError(
        {Diagnostic{SourcePlace{"calibrate fit", 0, 0}, "",
                    "expected PROBES.jsonl and --out FILE, e.g. breakeven calibrate fit probes.jsonl "
                    "--out data/calibrated/my-function.yaml"}});
  ProbeFile file = read_probe_file(probes_path);
  std::erase_if(file.probes, [&](const ProbeRecord& p) {
    return std::find(hold_out_memory.begin(), hold_out_memory.end(), p.memory_mb) != hold_out_memory.end();
  });
  FitOptions options;
  options.mb_per_vcpu = mb_per_vcpu;
  CalibrationMeta meta;
  if (vm.count("local-s-per-sample")) {
    options.local_s_per_sample = local_s_per_sample;
    meta.local_source = "--local-s-per-sample " + short_number(local_s_per_sample, 6);
  } else {
    std::int64_t n = 0;
    for (const auto& p : file.probes)
      if (p.kind == ProbeKind::compute) n = std::max(n, p.n_samples);
    if (n > 0) {
      options.local_s_per_sample = measure_local_s_per_sample(n);
      meta.local_source =
          "measured by calibrate fit on its host: fastest of 3 batches of " + std::to_string(n) + " samples";
      err << "calibrate fit: local learner " << short_number(*options.local_s_per_sample * 1e6, 4)
          << " us per sample (" << meta.local_source << ")\n";
    }
  }
  const CalibrationFit fit = fit_probes(file.probes, options, probes_path);

  meta.mb_per_vcpu = mb_per_vcpu;
  meta.name = name.empty() ? fs::path(out_path).stem().string() : name;
  meta.probe_file = fs::path(probes_path).filename().string();
  meta.probe_sha256 = sha256_hex(read_bytes(probes_path));
  meta.region = !region.empty() ? region : file.header ? file.header->region : "unknown";
  meta.arch = !arch.empty() ? arch : file.header ? file.header->arch : "unknown";
  if (date.empty()) {
    // The date of the last probe that has one, else the run's start: the day the numbers were measured.
    for (const auto& p : file.probes)
      if (p.time_utc.size() >= 10) date = p.time_utc.substr(0, 10);
    if (date.empty() && file.header && file.header->started_utc.size() >= 10)
      date = file.header->started_utc.substr(0, 10);
    if (date.empty()) date = "unknown";
  }
  meta.date = date;
  if (base.empty()) base = require_data_file("platform/aws-default.yaml", "base platform file");
  const fs::path out_dir = fs::absolute(out_path).parent_path();
  meta.base_platform = fs::absolute(base).lexically_relative(out_dir).generic_string();
  if (!fs::exists(base))
    throw InputError(
        {Diagnostic{SourcePlace{"--base " + base, 0, 0}, "", "the base platform file does not exist"}});

  std::error_code ec;
  fs::create_directories(out_dir, ec);
  std::ofstream o(out_path, std::ios::binary);
  if (!o) throw RunError("cannot write " + out_path);
  o << calibration_yaml(fit, meta);
  o.close();
  if (!o) throw RunError("writing " + out_path + " failed");
  out << "wrote " << out_path << " (" << fit.probes << " probes, " << fit.residuals.size() << " residuals)\n";
  for (int m : hold_out_memory) out << "held out: probes at " << m << " MB (calibrate check compares them)\n";
  for (const auto& n : fit.notes) out << "note: " << n << "\n";
  return kExitOk;
}

struct Sub {
  const char* name;
  const char* summary;
  int (*run)(const std::vector<std::string>&, std::ostream&, std::ostream&);
};

const std::vector<Sub>& subcommands() {
  static const std::vector<Sub> table = {
      {"plan", "every probe a run will make and its estimated AWS cost", calibrate_plan},
      {"run", "the live probe run against AWS Lambda and S3, budget-capped", calibrate_run},
      {"fit", "fit the constants and their uncertainty; write a platform file", calibrate_fit},
      {"report", "print a fit and draw its residuals", calibrate_report},
      {"check", "compare held-out probes with the calibration's predictions", calibrate_check},
  };
  return table;
}

}  // namespace

int cmd_calibrate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || args.front() == "--help" || args.front() == "-h") {
    (args.empty() ? err : out) << "usage: breakeven calibrate <plan|run|fit|report|check> [options]\n\n";
    for (const auto& s : subcommands()) {
      std::string name = s.name;
      name.resize(8, ' ');
      (args.empty() ? err : out) << "  " << name << s.summary << "\n";
    }
    (args.empty() ? err : out) << "\ndocs/calibration.md walks through a run.\n";
    return args.empty() ? kExitBadInput : kExitOk;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  std::vector<std::string> names;
  for (const auto& s : subcommands()) {
    if (args.front() == s.name) return s.run(rest, out, err);
    names.emplace_back(s.name);
  }
  const std::string guess = closest_match(args.front(), names);
  throw InputError({Diagnostic{SourcePlace{"calibrate", 0, 0}, "",
                               "unknown subcommand '" + args.front() + "'" +
                                   (guess.empty() ? "; expected plan, run, fit, report or check"
                                                  : " (did you mean '" + guess + "'?)")}});
}

}  // namespace breakeven::cli
