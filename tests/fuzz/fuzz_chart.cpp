// Fuzz target: chart script generation (cli/charts.cpp) from a results file. The first byte picks the
// format (bit 0: .json or .csv) and whether the last line of the input is also the chart's title
// (bit 1) and the image's name (bit 2); the rest is the results file. Every kind is built, and every
// script must pass unsafe_script_line: whatever the results hold, no generated line runs a command.
#include <stdexcept>
#include <string>

#include "cli/charts.h"
#include "tests/fuzz/fuzz_support.h"
#include "tests/fuzz/gnuplot_line_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  namespace fz = breakeven::fuzz;
  using namespace breakeven::cli;
  const std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto last_nl = body.rfind('\n', body.empty() ? 0 : body.size() - 2);
  const std::string last_line = last_nl == std::string::npos ? body : body.substr(last_nl + 1);
  ResultsTable table;
  bool read = false;
  fz::expect_only_input_errors([&] {
    table = read_results(fz::write_file((data[0] & 1) ? "results.json" : "results.csv", body));
    read = true;
  });
  if (!read) return 0;
  for (const char* const* kind = chart_kinds(); *kind; ++kind) {
    ChartRequest request;
    request.kind = *kind;
    request.terminal = "set terminal pngcairo enhanced size 1100,720 font \"DejaVu Sans,11\"";
    request.image_name = (data[0] & 4) ? last_line + ".png" : "chart.png";
    request.data_name = "chart.dat";
    request.title = (data[0] & 2) ? last_line : "";
    fz::expect_only_input_errors([&] {
      const ChartFiles files = build_chart(table, request);
      const std::string problem = fz::unsafe_script_line(files.script);
      if (!problem.empty()) throw std::logic_error("unsafe " + request.kind + " script, " + problem);
    });
  }
  return 0;
}
