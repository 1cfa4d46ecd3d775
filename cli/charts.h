// gnuplot scripts and their data files for the chart kinds (docs/charts.md). Building them is pure: the
// command writes the files and runs gnuplot.
#pragma once

#include <string>

#include "cli/results_table.h"

namespace breakeven::cli {

struct ChartFiles {
  std::string data;  // the data file's text (gnuplot blocks)
  std::string
      script;  // the gnuplot script; it reads `data_name` and writes `image_name` in its own directory
};

struct ChartRequest {
  std::string kind;        // cost-vs-interval, break-even-map, latency-vs-memory, cost-breakdown
  std::string terminal;    // gnuplot terminal line, e.g. "set terminal pngcairo size 1100,750 ..."
  std::string image_name;  // file name of the image, beside the script
  std::string data_name;   // file name of the data file, beside the script
  std::string title;       // empty: a title made from the kind and the scenario
};

// The kinds `breakeven chart` draws, in the order its help lists them.
const char* const* chart_kinds();

// Builds the chart; throws InputError when the results do not have what the kind needs.
ChartFiles build_chart(const ResultsTable& t, const ChartRequest& request);

}  // namespace breakeven::cli
