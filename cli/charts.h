// gnuplot scripts and their data files for the chart kinds (docs/charts.md). Building them is pure: the
// command writes the files and runs gnuplot. Every text from the results or the options reaches the
// script through cli/charts_text.h; chart_script_problems() (cli/chart_script_check.h) checks the result.
#pragma once

#include <optional>
#include <string>

#include "cli/results_table.h"

namespace breakeven::cli {

struct ChartFiles {
  std::string data;  // the data file's text (gnuplot blocks)
  std::string
      script;  // the gnuplot script; it reads `data_name` and writes `image_name` in its own directory
};

// What the results file does not say but a reader needs: from the JSON header or --scenario.
struct ChartContext {
  std::string scenario;                // the scenario's name, "" when unknown
  std::string instance;                // iaas.instance, "" when unknown
  std::optional<double> keep_alive_s;  // faas.keep_alive_s, marked on cost-vs-interval
};

struct ChartRequest {
  std::string kind;        // one of chart_kinds()
  std::string terminal;    // gnuplot terminal line, e.g. "set terminal pngcairo size 1100,750 ..."
  std::string image_name;  // file name of the image, beside the script
  std::string data_name;   // file name of the data file, beside the script
  std::string title;       // empty: a title made from the kind and the scenario
  ChartContext context;
};

// The kinds `breakeven chart` draws, in the order its help lists them; nullptr ends the list.
const char* const* chart_kinds();

// Builds the chart; throws InputError when the results do not have what the kind needs.
ChartFiles build_chart(const ResultsTable& t, const ChartRequest& request);

}  // namespace breakeven::cli
