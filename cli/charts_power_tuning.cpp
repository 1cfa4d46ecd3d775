// --kind power-tuning: the view of AWS Lambda Power Tuning — FaaS cost per hour (left axis) and the time
// of one invocation (right axis) against Lambda memory, the cheapest feasible size marked, sizes at
// which FaaS is infeasible shown as such, and the EC2 cost as a reference line.
#include <algorithm>
#include <cmath>

#include "cli/charts_common.h"
#include "cli/charts_kinds.h"
#include "cli/charts_text.h"

namespace breakeven::cli::charts {

namespace {

const char* const kAxis = "faas.memory_mb";
// Two lines per setting on two axes: beyond this many settings the chart is a tangle.
constexpr std::size_t kMaxSettings = 5;

struct Columns {
  std::size_t x, faas_cost, faas_s, iaas_cost, faas_ok, iaas_ok;
};

// Data block i: memory_mb faas_cost faas_time iaas_cost (NaN where infeasible); then one block of
// infeasible sizes and one of the cheapest size per setting.
std::string blocks(const ResultsTable& t, const Columns& c, const std::vector<Series>& series,
                   bool& any_infeasible, bool& any_cheapest) {
  std::string d, infeasible = "# memory sizes at which FaaS is infeasible: memory_mb label\n";
  std::string cheapest =
      "# cheapest feasible memory per setting: memory_mb cost_usd_per_hour label_y label (labels of several "
      "settings stacked upwards)\n";
  double max_cost = 0;
  for (const auto& se : series)
    for (auto r : se.rows)
      if (is_true(t, r, c.faas_ok)) max_cost = std::max(max_cost, number_or_nan(t, r, c.faas_cost));
  for (std::size_t i = 0; i < series.size(); ++i) {
    d += "# setting " + std::to_string(i) + ": " + clean_text(curve_name("FaaS", series[i].pairs)) + "\n";
    d += "# memory_mb faas_cost_usd_per_hour faas_invocation_s iaas_cost_usd_per_hour (NaN: infeasible)\n";
    double best = INFINITY, best_x = NAN;
    for (auto r : series[i].rows) {
      const bool ok = is_true(t, r, c.faas_ok);
      const double x = number_or_nan(t, r, c.x), cost = ok ? number_or_nan(t, r, c.faas_cost) : NAN;
      d += num(x) + " " + num(cost) + " " + num(ok ? number_or_nan(t, r, c.faas_s) : NAN) + " " +
           num(is_true(t, r, c.iaas_ok) ? number_or_nan(t, r, c.iaas_cost) : NAN) + "\n";
      if (!ok) infeasible += num(x) + " \"FaaS infeasible\"\n", any_infeasible = true;
      if (cost < best) best = cost, best_x = x;
    }
    d += "\n\n";
    any_cheapest = any_cheapest || std::isfinite(best);
    if (std::isfinite(best))
      cheapest +=
          num(best_x) + " " + num(best) + " " + num(best + i * 0.08 * max_cost) + " " +
          dat_quote({(series.size() > 1 ? curve_name("", series[i].pairs).substr(2) + " " : std::string()) +
                     "cheapest: " + num(best_x) + " MB"}) +
          "\n";
  }
  return d + infeasible + "NaN \"\"\n\n\n" + cheapest + "NaN NaN NaN \"\"\n";
}

}  // namespace

ChartFiles power_tuning(const ResultsTable& t, const ChartRequest& req) {
  const std::string& kind = req.kind;
  const Columns c{need_axis(t, kAxis, kind,
                            "breakeven sweep SCENARIO --grid faas.memory_mb=128,256,512,1024,2048,3008,4096"),
                  need_column(t, "faas_cost_usd_per_hour", kind),
                  need_column(t, "faas_invocation_s", kind),
                  need_column(t, "iaas_cost_usd_per_hour", kind),
                  need_column(t, "faas_feasible", kind),
                  need_column(t, "iaas_feasible", kind)};
  const std::vector<Series> series = group_by_other_axes(t, kAxis);
  check_curve_count(t, series, kind, kAxis);
  if (series.size() > kMaxSettings)
    bad(t, "--kind " + kind +
               " draws two curves per combination of the keys other than faas.memory_mb; this file has " +
               std::to_string(series.size()) + ", at most " + std::to_string(kMaxSettings) + " stay legible");
  double xlo = INFINITY, xhi = -INFINITY;
  for (const auto& se : series)
    for (auto r : se.rows)
      xlo = std::min(xlo, number_or_nan(t, r, c.x)), xhi = std::max(xhi, number_or_nan(t, r, c.x));
  ChartFiles f;
  bool any_infeasible = false, any_cheapest = false;
  f.data = blocks(t, c, series, any_infeasible, any_cheapest);
  const std::string infeasible = std::to_string(series.size()), cheapest = std::to_string(series.size() + 1);
  std::string s = preamble(
      req, default_title(req.context, "Cost and invocation time against Lambda memory", "power tuning"));
  s += "set logscale x 2\n";
  if (xlo < xhi) s += "set xrange [" + num(xlo / 1.15) + ":" + num(xhi * 1.15) + "]\n";
  s += "set xlabel " + gp_quote(pretty_key(kAxis)) + "\nset format x '%g'\n";
  s += "set ylabel 'cost (USD per hour), solid lines'\nset yrange [0:*]\nset format y '%g'\nset ytics "
       "nomirror\n";
  s += "set y2label 'time of one invocation (s), dashed lines'\nset y2range [0:*]\nset y2tics\nset format y2 "
       "'%g'\n";
  s += "set key outside center top horizontal maxrows 2\n";
  s += "plot \\\n";
  for (std::size_t k = 0; k < series.size(); ++k) {
    const std::string block = std::to_string(k), lc = " lc rgb '" + colour(k) + "'";
    const std::string name =
        series.size() > 1 ? curve_name("", series[k].pairs).substr(2) : std::string("FaaS");
    s += "  data index " + block + " using 1:2 with linespoints lw 2 dt 1 pt 7" + lc + " title " +
         gp_quote(name + ": cost") + ", \\\n";
    s += "  data index " + block + " using 1:3 axes x1y2 with linespoints lw 2 dt 2 pt 6" + lc + " title " +
         gp_quote(name + ": time") + ", \\\n";
  }
  const auto iaas_groups = identical_curves([&] {
    std::vector<std::vector<double>> curves;
    for (const auto& se : series) {
      curves.emplace_back();
      for (auto r : se.rows)
        curves.back().push_back(is_true(t, r, c.iaas_ok) ? number_or_nan(t, r, c.iaas_cost) : NAN);
    }
    return curves;
  }());
  for (std::size_t k = 0; k < iaas_groups.size(); ++k)
    s += "  data index " + std::to_string(iaas_groups[k].front()) +
         " using 1:4 with lines lw 3 lc rgb 'black' dt " + std::to_string(k % 4 + 1) + " title " +
         gp_quote(ec2_name(req.context, series, iaas_groups[k]) + ": cost") + ", \\\n";
  // gnuplot 5.4 crashes drawing labels from a block with no valid point: such blocks are left out.
  if (any_infeasible) {
    s += "  data index " + infeasible +
         " using 1:(0) with points pt 2 ps 2 lw 2 lc rgb '#c00000' title 'FaaS infeasible at this memory', "
         "\\\n";
    s += "  data index " + infeasible +
         " using 1:(0):2 with labels rotate left offset 0, 1.2 font ',9' tc rgb '#c00000' notitle, \\\n";
  }
  if (any_cheapest) {
    s += "  data index " + cheapest + " using 1:2 with points pt 6 ps 3 lw 2 lc rgb 'black' notitle, \\\n";
    s += "  data index " + cheapest + " using 1:3:4 with labels boxed offset 0, 1.6 font ',10' notitle\n";
  }
  end_plot(s);
  f.script = s;
  return f;
}

}  // namespace breakeven::cli::charts
