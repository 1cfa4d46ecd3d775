// `breakeven calibrate plan|run|fit|report`: the live probe run against AWS, the fit of the constants,
// and the report of a fit.
#include <boost/program_options.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "calibrate/calibration_file.h"
#include "calibrate/fit.h"
#include "calibrate/holdout.h"
#include "calibrate/probe/compute_kernel.h"
#include "calibrate/probe_record.h"
#include "cli/calibrate_commands.h"
#include "cli/commands.h"
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
  std::string probes_path, out_path, name, base = "data/platform/aws-default.yaml", date, region, arch;
  double local_s_per_sample = 0, mb_per_vcpu = 1769;
  std::vector<int> hold_out_memory;
  po::options_description visible("options");
  visible.add_options()
      ("out", po::value<std::string>(&out_path), "calibrated platform file to write, e.g. data/calibrated/NAME.yaml")
      ("name", po::value<std::string>(&name), "the file's name: (default: the output file's stem)")
      ("base", po::value<std::string>(&base)->default_value(base),
       "platform file that supplies every constant not calibrated")
      ("local-s-per-sample", po::value<double>(&local_s_per_sample),
       "seconds per sample of the probe's learner on the reference host; default: measured here now")
      ("date", po::value<std::string>(&date), "date of the measurements (default: from the probe file)")
      ("region", po::value<std::string>(&region), "AWS region (default: from the probe file's run header)")
      ("arch", po::value<std::string>(&arch), "x86_64 or arm64 (default: from the probe file's run header)")
      ("mb-per-vcpu", po::value<double>(&mb_per_vcpu)->default_value(1769), "Lambda memory per vCPU, MB (AWS docs)")
      ("hold-out-memory", po::value<std::vector<int>>(&hold_out_memory)->composing(),
       "leave the probes at this memory size out of the fit, for calibrate check (repeatable)")
      ("help,h", "show this help");
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
  if (probes_path.empty() || out_path.empty())
    throw InputError({Diagnostic{SourcePlace{"calibrate fit", 0, 0}, "",
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
      meta.local_source = "measured by calibrate fit on its host: fastest of 3 batches of " + std::to_string(n) + " samples";
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
    if (date.empty() && file.header && file.header->started_utc.size() >= 10) date = file.header->started_utc.substr(0, 10);
    if (date.empty()) date = "unknown";
  }
  meta.date = date;
  const fs::path out_dir = fs::absolute(out_path).parent_path();
  meta.base_platform = fs::absolute(base).lexically_relative(out_dir).generic_string();
  if (!fs::exists(base))
    throw InputError({Diagnostic{SourcePlace{"--base " + base, 0, 0}, "", "the base platform file does not exist"}});

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

// Residuals per fit: count, root mean square and largest, in ms.
void print_residual_summary(const std::vector<Residual>& residuals, std::ostream& out) {
  std::map<std::string, std::vector<double>> by_fit;
  for (const auto& r : residuals) by_fit[r.fit].push_back(r.residual_ms());
  out << "\nresiduals (observed - fitted, ms):\n";
  for (const auto& [fit, values] : by_fit) {
    double ss = 0, largest = 0;
    for (double v : values) {
      ss += v * v;
      if (std::abs(v) > std::abs(largest)) largest = v;
    }
    std::string label = fit;
    label.resize(14, ' ');
    out << "  " << label << " n " << values.size() << ", rms " << short_number(std::sqrt(ss / values.size()), 4)
        << ", largest " << short_number(largest, 4) << "\n";
  }
}

// Draws the residuals with gnuplot into `png`: one panel per fit.
void draw_residuals(const std::vector<Residual>& residuals, const std::string& png, const std::string& title) {
  std::ostringstream script;
  script << "set terminal pngcairo size 1200,900 noenhanced\nset output '" << png << "'\n"
         << "set multiplot layout 2,2 title '" << title << " - residuals (observed - fitted)'\n"
         << "set grid\nset key top right opaque\n";
  auto panel = [&](const std::string& heading, const std::string& xlabel, const std::vector<std::string>& fits,
                   bool index_x, bool log_x = false) {
    script << (log_x ? "set logscale x\n" : "unset logscale x\n");
    script << "set title '" << heading << "'\nset xlabel '" << xlabel << "'\nset ylabel 'residual (ms)'\n";
    std::vector<std::string> blocks;
    for (const auto& f : fits) {
      std::ostringstream data;
      int i = 0;
      for (const auto& r : residuals)
        if (r.fit == f) data << (index_x ? static_cast<double>(i++) : r.x) << " " << r.residual_ms() << "\n";
      if (!data.str().empty()) blocks.push_back(f + "\n" + data.str());
    }
    if (blocks.empty()) {
      script << "set xrange [0:1]\nplot 2 title 'no probes of this kind'\nunset xrange\n";
      return;
    }
    script << "plot 0 notitle lc rgb 'gray'";
    for (const auto& b : blocks) script << ", '-' using 1:2 with points pt 7 title '" << b.substr(0, b.find('\n')) << "'";
    script << "\n";
    for (const auto& b : blocks) script << b.substr(b.find('\n') + 1) << "e\n";
  };
  panel("compute: a + w n / share", "n_samples / cpu share", {"compute"}, false);
  panel("storage: L + bytes / B", "object bytes (log scale)", {"storage_get", "storage_put"}, false, true);
  panel("warm overhead: client - Duration", "warm probe", {"warm_overhead"}, true);
  panel("cold extra: client - Duration - Init", "cold probe", {"cold_extra"}, true);
  script << "unset multiplot\n";
  FILE* pipe = popen("gnuplot 2>/dev/null", "w");  // its warnings (e.g. a flat panel) are not ours to print
  if (!pipe) throw RunError("cannot start gnuplot (install gnuplot-nox: scripts/install-deps.sh)");
  const std::string text = script.str();
  const bool written = std::fwrite(text.data(), 1, text.size(), pipe) == text.size();
  const int status = pclose(pipe);
  if (!written || status != 0) throw RunError("gnuplot failed drawing " + png + " (is gnuplot-nox installed?)");
}

int calibrate_report(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  std::string path, png;
  po::options_description visible("options");
  visible.add_options()("png", po::value<std::string>(&png), "residual chart to draw (default: CALIBRATION.residuals.png)")
      ("no-chart", "print the fit only")("help,h", "show this help");
  po::options_description all;
  all.add(visible).add_options()("file", po::value<std::string>(&path));
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    out << "usage: breakeven calibrate report CALIBRATION.yaml [--png FILE] [--no-chart]\n\n"
           "Prints every fitted constant with its standard error and 95% confidence interval, summarises the\n"
           "residuals and draws them with gnuplot.\n\n"
        << visible << "\n";
    return kExitOk;
  }
  if (path.empty())
    throw InputError({Diagnostic{SourcePlace{"calibrate report", 0, 0}, "", "expected CALIBRATION.yaml (the output of calibrate fit)"}});
  const CalibrationView view = read_calibration_file(path);
  out << "calibration " << path << "\n";
  for (const auto& l : view.lines) out << "  " << l << "\n";
  print_residual_summary(view.residuals, out);
  if (!vm.count("no-chart")) {
    if (png.empty()) png = (fs::path(path).parent_path() / (fs::path(path).stem().string() + ".residuals.png")).string();
    draw_residuals(view.residuals, png, fs::path(path).stem().string());
    out << "\nresidual chart: " << png << "\n";
  }
  return kExitOk;
}

int calibrate_check(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  std::string cal_path, probes_path;
  std::vector<int> only_memory;
  po::options_description visible("options");
  visible.add_options()("memory", po::value<std::vector<int>>(&only_memory)->composing(),
                        "check only the probes at this memory size (repeatable)")("help,h", "show this help");
  po::options_description all;
  all.add(visible).add_options()("calibration", po::value<std::string>(&cal_path))("probes", po::value<std::string>(&probes_path));
  po::positional_options_description positional;
  positional.add("calibration", 1).add("probes", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    out << "usage: breakeven calibrate check CALIBRATION.yaml HELD-OUT.jsonl [--memory MB]...\n\n"
           "Compares probes the fit did not see with what the calibrated constants predict for them; the band\n"
           "is 1.96 residual standard deviations of the fit (about 95% of new probes if the model holds).\n\n"
        << visible << "\n";
    return kExitOk;
  }
  if (cal_path.empty() || probes_path.empty())
    throw InputError({Diagnostic{SourcePlace{"calibrate check", 0, 0}, "", "expected CALIBRATION.yaml and HELD-OUT.jsonl"}});
  const CalibratedConstants constants = read_calibrated_constants(cal_path);
  const ProbeFile held_out = read_probe_file(probes_path);
  out << "kind          memory_mb  cold  quantity                  observed_ms  predicted_ms   error_ms   band_ms  within\n";
  int checked = 0, within = 0;
  for (const auto& p : held_out.probes) {
    if (!only_memory.empty() && std::find(only_memory.begin(), only_memory.end(), p.memory_mb) == only_memory.end())
      continue;
    const auto c = check_probe(constants, p);
    if (!c) continue;
    ++checked;
    within += c->within_band();
    char line[200];
    std::snprintf(line, sizeof line, "%-13s %9d  %-5s %-24s %12.4g %13.4g %10.3g %9s  %s\n", to_string(p.kind), p.memory_mb,
                  p.cold ? "yes" : "no", c->quantity.c_str(), c->observed_ms, c->predicted_ms, c->error_ms(),
                  c->band_ms ? short_number(*c->band_ms, 3).c_str() : "-", c->band_ms ? (c->within_band() ? "yes" : "NO") : "-");
    out << line;
  }
  out << "\n" << within << " of " << checked << " held-out probes within the 95% band\n";
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
                                   (guess.empty() ? "; expected plan, run, fit, report or check" : " (did you mean '" + guess + "'?)")}});
}

}  // namespace breakeven::cli
