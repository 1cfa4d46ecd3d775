// --kind latency-vs-memory: the time of one training invocation against Lambda memory, one curve per
// distinct setting, the EC2 time per batch, and the memory sizes at which FaaS is infeasible marked.
#include <algorithm>
#include <cmath>

#include "cli/charts_common.h"
#include "cli/charts_kinds.h"
#include "cli/charts_text.h"

namespace breakeven::cli::charts {

namespace {

const char* const kAxis = "faas.memory_mb";

struct Columns {
  std::size_t x, faas_s, iaas_s, faas_ok, iaas_ok;
};

double faas_time(const ResultsTable& t, const Columns& c, std::size_t r) {
  return is_true(t, r, c.faas_ok) ? number_or_nan(t, r, c.faas_s) : NAN;
}

double iaas_time(const ResultsTable& t, const Columns& c, std::size_t r) {
  return is_true(t, r, c.iaas_ok) ? number_or_nan(t, r, c.iaas_s) : NAN;
}

}  // namespace

ChartFiles latency_vs_memory(const ResultsTable& t, const ChartRequest& req) {
  const std::string& kind = req.kind;
  const bool percentiles = t.column("latency_p50_s").has_value();
  const Columns c{
      need_axis(t, kAxis, kind,
                "breakeven sweep SCENARIO --grid faas.memory_mb=512:10240:20 --grid faas.cache_hit_rate=0,1"),
      need_column(t, percentiles ? "latency_p50_s" : "faas_invocation_s", kind),
      need_column(t, "iaas_invocation_s", kind), need_column(t, "faas_feasible", kind),
      need_column(t, "iaas_feasible", kind)};
  const std::vector<Series> series = group_by_other_axes(t, kAxis);
  check_curve_count(t, series, kind, kAxis);
  ChartFiles f;
  std::vector<std::vector<double>> faas_curves, iaas_curves;
  double xlo = INFINITY, xhi = -INFINITY;
  std::string infeasible = "# memory sizes at which FaaS is infeasible: memory_mb label\n";
  for (std::size_t i = 0; i < series.size(); ++i) {
    faas_curves.emplace_back();
    iaas_curves.emplace_back();
    f.data += "# series " + std::to_string(i) + ": " + clean_text(curve_name("FaaS", series[i].pairs)) + "\n";
    f.data += std::string("# memory_mb ") + (percentiles ? "faas_latency_p50_s" : "faas_invocation_s") +
              " iaas_invocation_s (NaN: infeasible)\n";
    for (auto r : series[i].rows) {
      const double x = number_or_nan(t, r, c.x);
      xlo = std::min(xlo, x), xhi = std::max(xhi, x);
      faas_curves.back().push_back(faas_time(t, c, r));
      iaas_curves.back().push_back(iaas_time(t, c, r));
      f.data += num(x) + " " + num(faas_time(t, c, r)) + " " + num(iaas_time(t, c, r)) + "\n";
      if (!is_true(t, r, c.faas_ok)) infeasible += num(x) + " \"FaaS infeasible\"\n";
    }
    f.data += "\n\n";
  }
  f.data += infeasible + "NaN \"\"\n";
  const std::size_t infeasible_block = series.size();
  std::string s =
      preamble(req, default_title(req.context, "Time of one training invocation against Lambda memory",
                                  percentiles ? "median, simulated" : "analytic mean"));
  s += "set logscale x 2\n";
  if (xlo < xhi) s += "set xrange [" + num(xlo / 1.1) + ":" + num(xhi * 1.1) + "]\n";
  s += "set yrange [0:*]\n";
  s += "set xlabel " + gp_quote(pretty_key(kAxis)) + "\n";
  s += "set ylabel 'time of one training invocation (s)'\n";
  s += "set format y '%g'\nset format x '%g'\n";
  s += "set key inside right top\n";
  s += "plot \\\n";
  // Identical curves drawn once, named by the values they share (FaaS time does not depend on the
  // instance, EC2 time not on Lambda's settings).
  const auto faas_groups = identical_curves(faas_curves), iaas_groups = identical_curves(iaas_curves);
  for (std::size_t k = 0; k < faas_groups.size(); ++k)
    s += "  data index " + std::to_string(faas_groups[k].front()) +
         " using 1:2 with linespoints lw 2 lc rgb '" + colour(k) + "' dt " + std::to_string(k % 5 + 1) +
         " pt " + std::to_string(k % 12 + 1) + " title " +
         gp_quote(group_name("FaaS", series, faas_groups[k], "iaas.")) + ", \\\n";
  for (std::size_t k = 0; k < iaas_groups.size(); ++k)
    s += "  data index " + std::to_string(iaas_groups[k].front()) +
         " using 1:3 with lines lw 3 lc rgb 'black' dt " + std::to_string(k % 4 + 1) + " title " +
         gp_quote(ec2_name(req.context, series, iaas_groups[k]) + ", one batch") + ", \\\n";
  s +=
      "  data index " + std::to_string(infeasible_block) +
      " using 1:(0) with points pt 2 ps 2 lw 2 lc rgb '#c00000' title 'FaaS infeasible at this memory', \\\n";
  // gnuplot 5.4 crashes drawing labels from a block with no valid point: none, nothing drawn.
  if (infeasible.find('"') != std::string::npos) {
    const std::string block = std::to_string(infeasible_block);
    s += "  data index " + block +
         " using 1:(0) with points pt 2 ps 2 lw 2 lc rgb '#c00000' title 'FaaS infeasible at this memory', "
         "\\\n";
    s += "  data index " + block +
         " using 1:(0):2 with labels rotate left offset 0, 1.2 font ',9' tc rgb '#c00000' notitle\n";
  }
  end_plot(s);
  f.script = s;
  return f;
}

}  // namespace breakeven::cli::charts
