// `breakeven chart`: writes a gnuplot script and its data file beside the image, then runs gnuplot.
#include <sys/wait.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "cli/charts.h"
#include "cli/charts_text.h"
#include "cli/commands.h"
#include "cli/run.h"
#include "model/diagnostics.h"
#include "model/spec/did_you_mean.h"
#include "model/spec/load.h"

namespace breakeven::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

const char* const kKindList =
    "cost-vs-interval, break-even-map, latency-vs-memory, cost-breakdown or power-tuning";

[[noreturn]] void bad_input(const std::string& where, const std::string& message) {
  throw InputError({Diagnostic{SourcePlace{where, 0, 0}, "", message}});
}

// The gnuplot terminal for the image's extension (cairo terminals: antialiased, UTF-8 text, no
// enhanced-text markup so labels are drawn as written).
std::string terminal_for(const std::string& out_path) {
  const std::string ext = fs::path(out_path).extension().string();
  if (ext == ".png")
    return "set terminal pngcairo noenhanced size 1100,720 font 'DejaVu Sans,11' linewidth 1.2";
  if (ext == ".svg") return "set terminal svg noenhanced size 1100,720 dynamic font 'DejaVu Sans,11'";
  if (ext == ".pdf") return "set terminal pdfcairo noenhanced size 9in,6in font 'DejaVu Sans,10'";
  bad_input("--out " + out_path,
            "the image must end in .png, .svg or .pdf (the format follows the extension)");
}

// Checks --out before any work: a file name gnuplot is given as written, in a directory that exists.
void check_out_path(const std::string& out_path) {
  const fs::path image(out_path);
  const fs::path dir = image.has_parent_path() ? image.parent_path() : fs::path(".");
  std::error_code ec;
  if (fs::is_directory(image, ec) || image.filename().empty())
    bad_input("--out " + out_path,
              "names a directory; expected an image file in it, e.g. " + (image / "chart.png").string());
  if (!fs::is_directory(dir, ec))
    bad_input("--out " + out_path,
              "the output directory " + dir.string() + " does not exist (create it first)");
  const std::string name = image.filename().string();
  if (clean_text(name, name.size()) != name || name.find('\'') != std::string::npos)
    bad_input(
        "--out " + out_path,
        "the image's file name has control characters, quotes or backquotes; expected a plain file name");
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

// What the results do not say: the scenario's name from the JSON header; its instance and keep-alive
// (and name) from --scenario, loaded with the header's --set overrides.
ChartContext context_for(const ResultsTable& table, const std::string& scenario_path) {
  ChartContext c;
  c.scenario = table.scenario;
  if (scenario_path.empty()) return c;
  const LoadedScenario loaded = load_scenario(scenario_path, table.overrides);
  c.scenario = loaded.name;
  c.instance = loaded.spec.iaas.instance;
  c.keep_alive_s = loaded.spec.faas.keep_alive_s;
  return c;
}

void draw(const ChartRequest& request, const fs::path& image, const ChartFiles& files) {
  const fs::path dir = image.has_parent_path() ? image.parent_path() : fs::path(".");
  const std::string stem = image.stem().string();
  write_file(dir / (stem + ".gp"), files.script);
  write_file(dir / request.data_name, files.data);
  // "./": gnuplot loads its argument like `load`, which would run a name starting with '<'.
  const int status = run_gnuplot(dir, "./" + stem + ".gp");
  if (status == 127 || status < 0)
    throw RunError("gnuplot could not be run (install gnuplot-nox; scripts/install-deps.sh does); " +
                   (dir / (stem + ".gp")).string() + " and its data are written: run gnuplot on it to draw");
  if (status != 0)
    throw RunError("gnuplot failed on " + (dir / (stem + ".gp")).string() + " (exit status " +
                   std::to_string(status) + "); its messages are above");
  if (!fs::exists(image)) throw RunError("gnuplot ran but wrote no " + image.string());
}

const char* const kHelp =
    "usage: breakeven chart RESULTS --kind KIND --out FILE.png|FILE.svg|FILE.pdf [--scenario SCENARIO]\n\n"
    "Draws the output of breakeven sweep or solve --grid (CSV or JSON) with gnuplot. The script\n"
    "(FILE.gp) and its data (FILE.dat) are kept beside the image: edit and rerun `gnuplot FILE.gp`.\n"
    "  cost-vs-interval   sweep over workload.interval_s: one FaaS curve per value of the other keys,\n"
    "                     the EC2 line, break-even points marked and labelled (log axes)\n"
    "  break-even-map     solve --grid over two keys: heat map of the break-even interval, contours\n"
    "  latency-vs-memory  sweep over faas.memory_mb: invocation time (analytic mean or simulated median)\n"
    "  cost-breakdown     any sweep of up to 40 points: FaaS and EC2 cost per hour by component\n"
    "  power-tuning       sweep over faas.memory_mb: FaaS cost and invocation time on two axes, the\n"
    "                     cheapest size, infeasible sizes, and the EC2 cost as a reference line\n"
    "Points a results file marks infeasible are never drawn as valid.\n\n";

}  // namespace

int cmd_chart(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  std::string results, kind, out_path, title, scenario;
  po::options_description visible("options");
  visible.add_options()("kind", po::value<std::string>(&kind), kKindList)(
      "out,o", po::value<std::string>(&out_path), "the image, FILE.png, FILE.svg or FILE.pdf")(
      "title", po::value<std::string>(&title), "the chart's title (default: one for the kind)")(
      "scenario", po::value<std::string>(&scenario),
      "the scenario the results were computed with: names the EC2 instance, marks the keep-alive")(
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
    out << kHelp << visible << "\n";
    return kExitOk;
  }
  po::notify(vm);
  if (results.empty())
    bad_input("breakeven chart",
              "missing RESULTS (the CSV or JSON output of breakeven sweep or solve --grid)");
  if (kind.empty()) bad_input("breakeven chart", std::string("missing --kind (") + kKindList + ")");
  if (out_path.empty()) bad_input("breakeven chart", "missing --out FILE.png|FILE.svg|FILE.pdf");
  std::vector<std::string> kinds;
  for (const char* const* k = chart_kinds(); *k; ++k) kinds.emplace_back(*k);
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
    const std::string guess = closest_match(kind, kinds);
    bad_input("--kind " + kind, std::string("expected ") + kKindList +
                                    (guess.empty() ? std::string() : " (did you mean '" + guess + "'?)"));
  }
  ChartRequest request;
  request.kind = kind;
  request.terminal = terminal_for(out_path);
  check_out_path(out_path);
  request.title = title;
  const fs::path image(out_path);
  request.image_name = image.filename().string();
  request.data_name = image.stem().string() + ".dat";
  const ResultsTable table = read_results(results);
  request.context = context_for(table, scenario);
  draw(request, image, build_chart(table, request));
  return kExitOk;
}

}  // namespace breakeven::cli
