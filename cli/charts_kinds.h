// One function per chart kind (one file each: charts_<kind>.cpp); build_chart() picks one.
#pragma once

#include "cli/charts.h"

namespace breakeven::cli::charts {

ChartFiles cost_vs_interval(const ResultsTable& t, const ChartRequest& request);
ChartFiles break_even_map(const ResultsTable& t, const ChartRequest& request);
ChartFiles latency_vs_memory(const ResultsTable& t, const ChartRequest& request);
ChartFiles cost_breakdown(const ResultsTable& t, const ChartRequest& request);
ChartFiles power_tuning(const ResultsTable& t, const ChartRequest& request);

}  // namespace breakeven::cli::charts
