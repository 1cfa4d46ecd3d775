// --kind cost-vs-interval: cost per hour against the interval between batches, one FaaS curve per
// distinct setting, the EC2 line(s), the break-even points in their curve's colour, the Lambda
// keep-alive and the intervals at which FaaS cannot keep up.
#include <algorithm>
#include <cmath>

#include "cli/charts_common.h"
#include "cli/charts_kinds.h"
#include "cli/charts_text.h"

namespace breakeven::cli::charts {

namespace {

const char* const kAxis = "workload.interval_s";

struct Columns {
  std::size_t x, faas_cost, iaas_cost, faas_ok, iaas_ok;
};

// A break-even point: where a FaaS curve crosses its EC2 line.
struct Mark {
  double x, y;
};

double faas_cost(const ResultsTable& t, const Columns& c, std::size_t r) {
  return is_true(t, r, c.faas_ok) ? number_or_nan(t, r, c.faas_cost) : NAN;
}

double iaas_cost(const ResultsTable& t, const Columns& c, std::size_t r) {
  return is_true(t, r, c.iaas_ok) ? number_or_nan(t, r, c.iaas_cost) : NAN;
}

// Where the cheaper side changes between two neighbouring intervals (both sides feasible at both),
// interpolated linearly in log(interval) and log(cost).
std::vector<Mark> crossings(const ResultsTable& t, const Columns& c, const Series& s) {
  std::vector<Mark> out;
  for (std::size_t i = 0; i + 1 < s.rows.size(); ++i) {
    const auto a = s.rows[i], b = s.rows[i + 1];
    const double fa = faas_cost(t, c, a), fb = faas_cost(t, c, b);
    const double ia = iaas_cost(t, c, a), ib = iaas_cost(t, c, b);
    if (!(fa > 0 && fb > 0 && ia > 0 && ib > 0)) continue;
    const double da = std::log(fa) - std::log(ia), db = std::log(fb) - std::log(ib);
    if ((da > 0) == (db > 0) || da == db) continue;
    const double w = da / (da - db);
    const double xa = std::log(number_or_nan(t, a, c.x)), xb = std::log(number_or_nan(t, b, c.x));
    out.push_back({std::exp(xa + w * (xb - xa)), std::exp(std::log(ia) + w * (std::log(ib) - std::log(ia)))});
  }
  return out;
}

// The interval range at the short end in which no FaaS curve is drawn because FaaS is infeasible
// there, and whether EC2 is infeasible there too.
struct ShortEnd {
  double lo = NAN, hi = NAN;
  bool ec2_too = false;
};

ShortEnd faas_infeasible_below(const ResultsTable& t, const Columns& c, const std::vector<Series>& series) {
  double lo = INFINITY, faas_ok = INFINITY, iaas_ok = INFINITY;
  for (const auto& s : series)
    for (auto r : s.rows) {
      const double x = number_or_nan(t, r, c.x);
      lo = std::min(lo, x);
      if (faas_cost(t, c, r) > 0) faas_ok = std::min(faas_ok, x);
      if (iaas_cost(t, c, r) > 0) iaas_ok = std::min(iaas_ok, x);
    }
  if (!(faas_ok > lo) || !std::isfinite(faas_ok)) return {};
  return {lo, faas_ok, iaas_ok >= faas_ok};
}

std::string curve_blocks(const ResultsTable& t, const Columns& c, const std::vector<Series>& series) {
  std::string d;
  for (std::size_t i = 0; i < series.size(); ++i) {
    d += "# series " + std::to_string(i) + ": " + clean_text(curve_name("FaaS", series[i].pairs)) + "\n";
    d += "# interval_s faas_cost_usd_per_hour iaas_cost_usd_per_hour (NaN: infeasible)\n";
    for (auto r : series[i].rows)
      d += num(number_or_nan(t, r, c.x)) + " " + num(faas_cost(t, c, r)) + " " + num(iaas_cost(t, c, r)) +
           "\n";
    d += "\n\n";
  }
  return d;
}

// One data block per FaaS curve with its break-even points: x y label_y label; `counts` gets how many
// each has. Labels are staggered over three heights so close break-evens stay legible.
std::string mark_blocks(const ResultsTable& t, const Columns& c, const std::vector<Series>& series,
                        const std::vector<std::vector<std::size_t>>& groups,
                        std::vector<std::size_t>& counts) {
  std::string d;
  for (std::size_t k = 0; k < groups.size(); ++k) {
    std::vector<Mark> marks;
    for (auto member : groups[k])
      for (const auto& m : crossings(t, c, series[member]))
        if (std::none_of(marks.begin(), marks.end(), [&](const Mark& o) { return o.x == m.x && o.y == m.y; }))
          marks.push_back(m);
    std::sort(marks.begin(), marks.end(), [](const Mark& a, const Mark& b) { return a.x < b.x; });
    d += "# break-even points of FaaS curve " + std::to_string(k) +
         ": interval_s cost_usd_per_hour label_y label\n";
    for (std::size_t i = 0; i < marks.size(); ++i)
      d += num(marks[i].x) + " " + num(marks[i].y) + " " + num(marks[i].y * std::pow(1.7, 1 + (i + k) % 3)) +
           " " + dat_quote({short_time(marks[i].x)}) + "\n";
    if (marks.empty()) d += "NaN NaN NaN \"\"\n";
    counts.push_back(marks.size());
    d += "\n\n";
  }
  return d;
}

// The shaded interval range where FaaS cannot keep up, and the keep-alive line.
std::string annotations(const ChartRequest& req, const ShortEnd& infeasible, double xmin, double xmax) {
  std::string s;
  if (infeasible.hi > infeasible.lo) {
    s += "set object 1 rect from " + num(infeasible.lo) + ", graph 0 to " + num(infeasible.hi) +
         ", graph 1 behind fc rgb '#e8e8e8' fs solid 1.0 noborder\n";
    s += std::string("set label 1 '") +
         (infeasible.ec2_too ? "neither FaaS nor EC2 keeps up" : "FaaS cannot keep up") + "' at " +
         num(std::sqrt(infeasible.lo * infeasible.hi)) + ", graph 0.5 center rotate by 90 tc rgb '#555555'\n";
  }
  if (req.context.keep_alive_s && *req.context.keep_alive_s >= xmin && *req.context.keep_alive_s <= xmax) {
    const double k = *req.context.keep_alive_s;
    s += "set arrow 1 from " + num(k) + ", graph 0 to " + num(k) +
         ", graph 1 nohead dt 2 lw 1.5 lc rgb '#555555'\n";
    s += "set label 2 " + gp_quote("Lambda keep-alive " + short_time(k) + ": idle longer, cold start") +
         " at " + num(k) + ", graph 0.03 right offset -0.5, 0 tc rgb '#555555' font ',9'\n";
  }
  return s;
}

}  // namespace

ChartFiles cost_vs_interval(const ResultsTable& t, const ChartRequest& req) {
  const std::string& kind = req.kind;
  const Columns c{need_axis(t, kAxis, kind,
                            "breakeven sweep SCENARIO --grid workload.interval_s=1:3600:log60 "
                            "--grid faas.cache_hit_rate=0,0.5,1"),
                  need_column(t, "faas_cost_usd_per_hour", kind),
                  need_column(t, "iaas_cost_usd_per_hour", kind), need_column(t, "faas_feasible", kind),
                  need_column(t, "iaas_feasible", kind)};
  const std::vector<Series> series = group_by_other_axes(t, kAxis);
  check_curve_count(t, series, kind, kAxis);
  std::vector<std::vector<double>> faas_curves, iaas_curves;
  double xmin = INFINITY, xmax = -INFINITY;
  for (const auto& s : series) {
    faas_curves.emplace_back();
    iaas_curves.emplace_back();
    for (auto r : s.rows) {
      faas_curves.back().push_back(faas_cost(t, c, r));
      iaas_curves.back().push_back(iaas_cost(t, c, r));
      xmin = std::min(xmin, number_or_nan(t, r, c.x)), xmax = std::max(xmax, number_or_nan(t, r, c.x));
    }
  }
  const auto faas_groups = identical_curves(faas_curves), iaas_groups = identical_curves(iaas_curves);
  ChartFiles f;
  std::vector<std::size_t> mark_counts;
  f.data = curve_blocks(t, c, series) + mark_blocks(t, c, series, faas_groups, mark_counts);
  const double memory_mb = common_memory_mb(t);
  std::string s =
      preamble(req, default_title(req.context, "Cost per hour against the interval between batches",
                                  memory_mb > 0 ? "Lambda " + num(memory_mb) + " MB" : ""));
  s += "set logscale xy\n";
  s += "set xrange [" + num(xmin) + ":" + num(xmax) + "]\n";
  s += "set xlabel " + gp_quote(pretty_key(kAxis)) + "\n";
  s += "set ylabel 'cost (USD per hour)'\nset format y '%g'\nset format x '%g'\n";
  s += "set key inside left bottom\n";
  s += annotations(req, faas_infeasible_below(t, c, series), xmin, xmax);
  s += "plot \\\n";
  for (std::size_t k = 0; k < faas_groups.size(); ++k)
    s += "  data index " + std::to_string(faas_groups[k].front()) +
         " using 1:2 with linespoints lw 2 lc rgb '" + colour(k) + "' dt " + std::to_string(k % 5 + 1) +
         " pt " + std::to_string(k % 12 + 1) + " ps 0.6 pi 6 title " +
         gp_quote(group_name("FaaS", series, faas_groups[k], "iaas.")) + ", \\\n";
  for (std::size_t k = 0; k < iaas_groups.size(); ++k)
    s += "  data index " + std::to_string(iaas_groups[k].front()) +
         " using 1:3 with lines lw 3 lc rgb 'black' dt " + std::to_string(k % 4 + 1) + " title " +
         gp_quote(ec2_name(req.context, series, iaas_groups[k])) + ", \\\n";
  // gnuplot 5.4 crashes drawing labels from a block with no valid point: blocks without one are left out.
  bool titled = false;
  for (std::size_t k = 0; k < faas_groups.size(); ++k) {
    if (mark_counts[k] == 0) continue;
    const std::string block = std::to_string(series.size() + k), lc = " lc rgb '" + colour(k) + "'";
    s += "  data index " + block + " using 1:2 with points pt 7 ps 1.6" + lc +
         (titled ? " notitle" : " title 'break-even interval'") + ", \\\n";
    titled = true;
    s += "  data index " + block + " using 1:2:(0):($3/1.15-$2) with vectors nohead dt 3" + lc +
         " notitle, \\\n";
    s += "  data index " + block + " using 1:3:4 with labels boxed font ',10' tc rgb '" + colour(k) +
         "' notitle, \\\n";
  }
  end_plot(s);
  f.script = s;
  return f;
}

}  // namespace breakeven::cli::charts
