#include "cli/charts.h"

#include "cli/charts_kinds.h"
#include "model/diagnostics.h"

namespace breakeven::cli {

namespace {

const char* const kKinds[] = {"cost-vs-interval", "break-even-map", "latency-vs-memory",
                              "cost-breakdown",   "power-tuning",   nullptr};

}  // namespace

const char* const* chart_kinds() {
  return kKinds;
}

ChartFiles build_chart(const ResultsTable& t, const ChartRequest& request) {
  if (request.kind == "cost-vs-interval") return charts::cost_vs_interval(t, request);
  if (request.kind == "break-even-map") return charts::break_even_map(t, request);
  if (request.kind == "latency-vs-memory") return charts::latency_vs_memory(t, request);
  if (request.kind == "cost-breakdown") return charts::cost_breakdown(t, request);
  if (request.kind == "power-tuning") return charts::power_tuning(t, request);
  throw InputError({Diagnostic{SourcePlace{"--kind", 0, 0}, "",
                               "expected cost-vs-interval, break-even-map, latency-vs-memory, cost-breakdown "
                               "or power-tuning"}});
}

}  // namespace breakeven::cli
