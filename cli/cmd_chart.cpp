// `breakeven chart`: writes a gnuplot script and its data file beside the image, then runs gnuplot.
#include <sys/wait.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "cli/charts.h"
#include "cli/commands.h"
#include "cli/run.h"
#include "model/diagnostics.h"
#include "model/spec/did_you_mean.h"

namespace breakeven::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

// The gnuplot terminal for the image's extension (cairo terminals: antialiased, UTF-8 text).
std::string terminal_for(const std::string& out_path) {
  const std::string ext = fs::path(out_path).extension().string();
  if (ext == ".png")
    return "set terminal pngcairo enhanced size 1100,720 font \"DejaVu Sans,11\" linewidth 1.2";
  if (ext == ".svg") return "set terminal svg enhanced size 1100,720 dynamic font \"DejaVu Sans,11\"";
  if (ext == ".pdf") return "set terminal pdfcairo enhanced size 9in,6in font \"DejaVu Sans,10\"";
  throw InputError(
      {Diagnostic{SourcePlace{"--out " + out_path, 0, 0}, "",
                  "the image must end in .png, .svg or .pdf (the format follows the extension)"}});
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << text;
  f.close();
  if (!f) throw RunError("cannot write " + path.string());
}

// Runs `gnuplot SCRIPT` in `dir`; returns its exit status, or -1 when gnuplot cannot be started.
int run_gnuplot(const fs::path& dir, const std::string& script) {
  const pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    if (chdir(dir.c_str()) != 0) _exit(127);
    execlp("gnuplot", "gnuplot", script.c_str(), static_cast<char*>(nullptr));
    _exit(127);  // not found: the parent says what to install
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return -1;
  if (!WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

}  // namespace

int cmd_chart(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  std::string results, kind, out_path, title;
  po::options_description visible("options");
  visible.add_options()("kind", po::value<std::string>(&kind),
                        "cost-vs-interval, break-even-map, latency-vs-memory or cost-breakdown")(
      "out,o", po::value<std::string>(&out_path), "the image, FILE.png, FILE.svg or FILE.pdf")(
      "title", po::value<std::string>(&title), "the chart's title (default: one for the kind)")(
      "help,h", "show this help");
  po::options_description hidden;
  hidden.add_options()("results", po::value<std::string>(&results));
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("results", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  if (vm.count("help")) {
    out << "usage: breakeven chart RESULTS --kind KIND --out FILE.png|FILE.svg|FILE.pdf\n\n"
           "Draws the output of breakeven sweep or solve --grid (CSV or JSON) with gnuplot. The script\n"
           "(FILE.gp) and its data (FILE.dat) are kept beside the image: edit and rerun `gnuplot FILE.gp`.\n"
           "  cost-vs-interval   sweep over workload.interval_s: one FaaS curve per value of the other "
           "keys,\n"
           "                     the IaaS line, break-even points marked and labelled (log axes)\n"
           "  break-even-map     solve --grid over two keys: heat map of the break-even interval, contours\n"
           "  latency-vs-memory  sweep over faas.memory_mb: invocation time (analytic mean)\n"
           "  cost-breakdown     any sweep of up to 40 points: FaaS and IaaS cost per hour by component\n\n"
        << visible << "\n";
    return kExitOk;
  }
  po::notify(vm);
  auto missing = [](const std::string& what) {
    throw InputError({Diagnostic{SourcePlace{"breakeven chart", 0, 0}, "", "missing " + what}});
  };
  if (results.empty()) missing("RESULTS (the CSV or JSON output of breakeven sweep or solve --grid)");
  if (kind.empty()) missing("--kind (cost-vs-interval, break-even-map, latency-vs-memory or cost-breakdown)");
  if (out_path.empty()) missing("--out FILE.png|FILE.svg|FILE.pdf");
  std::vector<std::string> kinds;
  for (const char* const* k = chart_kinds(); *k; ++k) kinds.emplace_back(*k);
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
    const std::string guess = closest_match(kind, kinds);
    throw InputError(
        {Diagnostic{SourcePlace{"--kind " + kind, 0, 0}, "",
                    "expected cost-vs-interval, break-even-map, latency-vs-memory or cost-breakdown" +
                        (guess.empty() ? std::string() : " (did you mean '" + guess + "'?)")}});
  }
  ChartRequest request;
  request.kind = kind;
  request.terminal = terminal_for(out_path);
  request.title = title;
  const fs::path image(out_path);
  const fs::path dir = image.has_parent_path() ? image.parent_path() : fs::path(".");
  const std::string stem = image.stem().string();
  request.image_name = image.filename().string();
  request.data_name = stem + ".dat";
  const ResultsTable table = read_results(results);
  const ChartFiles files = build_chart(table, request);
  if (!fs::is_directory(dir)) throw RunError("the output directory " + dir.string() + " does not exist");
  write_file(dir / (stem + ".gp"), files.script);
  write_file(dir / request.data_name, files.data);
  const int status = run_gnuplot(dir, stem + ".gp");
  if (status == 127 || status < 0)
    throw RunError("gnuplot could not be run (install gnuplot-nox; scripts/install-deps.sh does); " +
                   (dir / (stem + ".gp")).string() + " and its data are written: run gnuplot on it to draw");
  if (status != 0)
    throw RunError("gnuplot failed on " + (dir / (stem + ".gp")).string() + " (exit status " +
                   std::to_string(status) + "); its messages are above");
  if (!fs::exists(image)) throw RunError("gnuplot ran but wrote no " + out_path);
  return kExitOk;
}

}  // namespace breakeven::cli
