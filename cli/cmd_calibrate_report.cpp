// `breakeven calibrate report` (a fit's estimates and its residual chart) and `breakeven calibrate check`
// (held-out probes against the calibrated constants).
#include <algorithm>
#include <boost/program_options.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>

#include "calibrate/calibration_file.h"
#include "calibrate/holdout.h"
#include "calibrate/probe_record.h"
#include "cli/calibrate_commands.h"
#include "cli/charts_text.h"
#include "cli/run.h"
#include "model/diagnostics.h"
#include "model/text.h"

namespace breakeven::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace breakeven::calibrate;

namespace {

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
    out << "  " << label << " n " << values.size() << ", rms "
        << short_number(std::sqrt(ss / values.size()), 4) << ", largest " << short_number(largest, 4) << "\n";
  }
}

// Draws the residuals with gnuplot into `png`: one panel per fit.
void draw_residuals(const std::vector<Residual>& residuals, const std::string& png,
                    const std::string& title) {
  std::ostringstream script;
  // The file name and the title come from the user: quoted so they cannot run a command (docs/security.md).
  script << "set terminal pngcairo size 1200,900 noenhanced\nset output " << gp_file(png) << "\n"
         << "set multiplot layout 2,2 title " << gp_quote(title + " - residuals (observed - fitted)", 200)
         << "\n"
         << "set grid\nset key top right opaque\n";
  auto panel = [&](const std::string& heading, const std::string& xlabel,
                   const std::vector<std::string>& fits, bool index_x, bool log_x = false) {
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
    for (const auto& b : blocks)
      script << ", '-' using 1:2 with points pt 7 title '" << b.substr(0, b.find('\n')) << "'";
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
  if (!written || status != 0)
    throw RunError("gnuplot failed drawing " + png + " (is gnuplot-nox installed?)");
}

}  // namespace

int calibrate_report(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  std::string path, png;
  po::options_description visible("options");
  visible.add_options()("png", po::value<std::string>(&png),
                        "residual chart to draw (default: CALIBRATION.residuals.png)")(
      "no-chart", "print the fit only")("help,h", "show this help");
  po::options_description all;
  all.add(visible).add_options()("file", po::value<std::string>(&path));
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    out << "usage: breakeven calibrate report CALIBRATION.yaml [--png FILE] [--no-chart]\n\n"
           "Prints every fitted constant with its standard error and 95% confidence interval, summarises "
           "the\n"
           "residuals and draws them with gnuplot.\n\n"
        << visible << "\n";
    return kExitOk;
  }
  if (path.empty())
    throw InputError({Diagnostic{SourcePlace{"calibrate report", 0, 0}, "",
                                 "expected CALIBRATION.yaml (the output of calibrate fit)"}});
  const CalibrationView view = read_calibration_file(path);
  out << "calibration " << path << "\n";
  for (const auto& l : view.lines) out << "  " << l << "\n";
  print_residual_summary(view.residuals, out);
  if (!vm.count("no-chart")) {
    if (png.empty())
      png = (fs::path(path).parent_path() / (fs::path(path).stem().string() + ".residuals.png")).string();
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
  all.add(visible).add_options()("calibration", po::value<std::string>(&cal_path))(
      "probes", po::value<std::string>(&probes_path));
  po::positional_options_description positional;
  positional.add("calibration", 1).add("probes", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    out << "usage: breakeven calibrate check CALIBRATION.yaml HELD-OUT.jsonl [--memory MB]...\n\n"
           "Compares probes the fit did not see with what the calibrated constants predict for them; the "
           "band\n"
           "is 1.96 residual standard deviations of the fit (about 95% of new probes if the model holds).\n\n"
        << visible << "\n";
    return kExitOk;
  }
  if (cal_path.empty() || probes_path.empty())
    throw InputError({Diagnostic{SourcePlace{"calibrate check", 0, 0}, "",
                                 "expected CALIBRATION.yaml and HELD-OUT.jsonl"}});
  const CalibratedConstants constants = read_calibrated_constants(cal_path);
  const ProbeFile held_out = read_probe_file(probes_path);
  out << "kind          memory_mb  cold  quantity                  observed_ms  predicted_ms   error_ms   "
         "band_ms  within\n";
  int checked = 0, within = 0;
  for (const auto& p : held_out.probes) {
    if (!only_memory.empty() &&
        std::find(only_memory.begin(), only_memory.end(), p.memory_mb) == only_memory.end())
      continue;
    const auto c = check_probe(constants, p);
    if (!c) continue;
    ++checked;
    within += c->within_band();
    char line[200];
    std::snprintf(line, sizeof line, "%-13s %9d  %-5s %-24s %12.4g %13.4g %10.3g %9s  %s\n",
                  to_string(p.kind), p.memory_mb, p.cold ? "yes" : "no", c->quantity.c_str(), c->observed_ms,
                  c->predicted_ms, c->error_ms(), c->band_ms ? short_number(*c->band_ms, 3).c_str() : "-",
                  c->band_ms ? (c->within_band() ? "yes" : "NO") : "-");
    out << line;
  }
  out << "\n" << within << " of " << checked << " held-out probes within the 95% band\n";
  return kExitOk;
}

}  // namespace breakeven::cli
