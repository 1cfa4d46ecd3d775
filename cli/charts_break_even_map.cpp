// --kind break-even-map: the break-even interval over a grid of two keys, as grey cells with labelled
// contour lines (numeric axes) or labelled cells (a text axis such as the instance type).
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "cli/charts_common.h"
#include "cli/charts_kinds.h"
#include "cli/charts_text.h"

namespace breakeven::cli::charts {

namespace {

struct AxisInfo {
  std::size_t column;
  std::string key;
  std::vector<std::string> values;  // distinct, in first-seen order (the grid's order)
  std::vector<double> positions;    // where each value is drawn: the number, or its index for text
  bool numeric = true;
  bool log = false;
};

AxisInfo axis_info(const ResultsTable& t, std::size_t axis) {
  AxisInfo a{axis + 1, t.axes[axis], {}, {}, true, false};
  std::set<std::string> seen;
  double lo = INFINITY, hi = -INFINITY;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const std::string& v = t.rows[r][a.column];
    if (seen.insert(v).second) a.values.push_back(v);
    const auto x = t.number(r, a.column);
    if (!x)
      a.numeric = false;
    else
      lo = std::min(lo, *x), hi = std::max(hi, *x);
  }
  for (std::size_t i = 0; i < a.values.size(); ++i)
    a.positions.push_back(a.numeric ? std::stod(a.values[i]) : static_cast<double>(i));
  a.log = a.numeric && lo > 0 && hi / lo >= 4;
  return a;
}

// Cell edges half-way between neighbouring values (geometric mean on a log axis).
std::vector<double> edges(const AxisInfo& a) {
  const auto& p = a.positions;
  std::vector<double> e(p.size() + 1);
  auto mid = [&](double u, double w) { return a.log ? std::sqrt(u * w) : (u + w) / 2; };
  for (std::size_t i = 1; i < p.size(); ++i) e[i] = mid(p[i - 1], p[i]);
  if (p.size() == 1) {
    e[0] = a.log ? p[0] / 1.5 : p[0] - 0.5;
    e[1] = a.log ? p[0] * 1.5 : p[0] + 0.5;
  } else {
    e[0] = a.log ? p[0] * p[0] / e[1] : 2 * p[0] - e[1];
    e.back() = a.log ? p.back() * p.back() / e[p.size() - 1] : 2 * p.back() - e[p.size() - 1];
  }
  return e;
}

std::string axis_commands(const AxisInfo& a, const std::string& name, const std::vector<double>& e) {
  std::string s = "set " + name + "label " + gp_quote(pretty_key(a.key)) + "\n";
  if (!a.numeric) {
    s += "set " + name + "tics (";
    for (std::size_t i = 0; i < a.values.size(); ++i)
      s += (i ? ", " : "") + gp_quote(a.values[i], 40) + " " + num(i);
    s += ")\n";
  } else {
    if (a.log) s += "set logscale " + name + "\n";
    // Few values: a tic at each, so every row and column of cells is named.
    if (a.values.size() <= 15) {
      s += "set " + name + "tics (";
      for (std::size_t i = 0; i < a.positions.size(); ++i) s += (i ? ", " : "") + num(a.positions[i]);
      s += ")\n";
    }
  }
  return s + "set " + name + "range [" + num(e.front()) + ":" + num(e.back()) + "]\n";
}

// Contour levels at 1-2-5 steps inside (lo, hi), finer when that gives fewer than four.
std::vector<double> contour_levels(double lo, double hi) {
  std::vector<double> levels;
  for (const std::vector<double>& steps :
       {std::vector<double>{1, 2, 5}, std::vector<double>{1, 1.5, 2, 3, 4, 5, 6, 7, 8, 9}}) {
    levels.clear();
    for (double decade = std::pow(10, std::floor(std::log10(lo))); decade <= hi; decade *= 10)
      for (double m : steps)
        if (m * decade > lo && m * decade < hi) levels.push_back(m * decade);
    if (levels.size() >= 4) break;
  }
  return levels;
}

using Grid = std::vector<std::vector<double>>;  // [x index][y index]: break-even interval (s), NaN if none

// One label position per contour level: the crossing of the level between neighbouring grid points
// nearest the middle of the map, so even a short contour is named.
std::string contour_labels(const AxisInfo& ax, const AxisInfo& ay, const Grid& z,
                           const std::vector<double>& levels) {
  auto pos = [](const AxisInfo& a, double i) {
    const auto lo = static_cast<std::size_t>(std::floor(i)), hi = std::min(lo + 1, a.positions.size() - 1);
    const double w = i - std::floor(i), p = a.positions[lo], q = a.positions[hi];
    return a.log ? std::exp(std::log(p) + w * (std::log(q) - std::log(p))) : p + w * (q - p);
  };
  std::string d = "# contour labels: x y label\n";
  const double cx = (ax.values.size() - 1) / 2.0, cy = (ay.values.size() - 1) / 2.0;
  for (double level : levels) {
    const double lz = std::log(level);
    double best = INFINITY, bi = 0, bj = 0;
    auto consider = [&](double i0, double j0, double za, double zb, bool along_x) {
      if (!(za > 0 && zb > 0) || (std::log(za) - lz) * (std::log(zb) - lz) > 0 || za == zb) return;
      const double w = (lz - std::log(za)) / (std::log(zb) - std::log(za));
      const double i = along_x ? i0 + w : i0, j = along_x ? j0 : j0 + w;
      const double dist = std::hypot((i - cx) / (cx + 1), (j - cy) / (cy + 1));
      if (dist < best) best = dist, bi = i, bj = j;
    };
    for (std::size_t i = 0; i < z.size(); ++i)
      for (std::size_t j = 0; j < z[i].size(); ++j) {
        if (i + 1 < z.size()) consider(i, j, z[i][j], z[i + 1][j], true);
        if (j + 1 < z[i].size()) consider(i, j, z[i][j], z[i][j + 1], false);
      }
    if (std::isfinite(best))
      d += num(pos(ax, bi)) + " " + num(pos(ay, bj)) + " " + dat_quote({short_time(level)}) + "\n";
  }
  return d + "NaN NaN \"\"\n";
}

// Blocks 0 (cells with a break-even), 1 (the grid for contours, log10 seconds), 2 (cells without one).
std::string map_blocks(const AxisInfo& ax, const AxisInfo& ay, const Grid& z, std::size_t& missing) {
  const std::vector<double> ex = edges(ax), ey = edges(ay);
  std::string with = "# cells with a break-even: x y x_low x_high y_low y_high break_even_interval_s label\n";
  std::string without = "# cells without a break-even in 1 ms .. 30 days: x y x_low x_high y_low y_high\n";
  std::string grid = "# grid: x y log10(break_even_interval_s)\n";
  missing = 0;
  for (std::size_t i = 0; i < ax.values.size(); ++i) {
    for (std::size_t j = 0; j < ay.values.size(); ++j) {
      const double v = z[i][j];
      const std::string xy = num(ax.positions[i]) + " " + num(ay.positions[j]);
      const std::string cell =
          xy + " " + num(ex[i]) + " " + num(ex[i + 1]) + " " + num(ey[j]) + " " + num(ey[j + 1]);
      if (v > 0)
        with += cell + " " + num(v) + " " + dat_quote({short_time(v)}) + "\n";
      else
        without += cell + "\n", ++missing;
      grid += xy + " " + num(v > 0 ? std::log10(v) : NAN) + "\n";
    }
    grid += "\n";
  }
  if (missing == 0) without += "NaN NaN NaN NaN NaN NaN\n";
  return with + "\n\n" + grid + "\n" + without + "\n\n";
}

}  // namespace

namespace {

std::string map_plot(bool contours, bool cell_labels, bool contour_labels) {
  std::string s = "plot \\\n";
  // Cells with a break-even in grey by its value; cells without one hatched.
  s += "  data index 0 using 1:2:3:4:5:6:7 with boxxyerror fs solid 1.0 noborder lc palette notitle, \\\n";
  s += "  data index 2 using 1:2:3:4:5:6 with boxxyerror fs pattern 4 lc rgb '#555555' title "
       "'no break-even between 1 ms and 30 days (the column break_even_reason says why)'";
  if (cell_labels)
    s += ", \\\n  data index 0 using 1:2:8 with labels boxed font ',9' tc rgb 'black' notitle\n";
  else if (contours)
    // gnuplot 5.4 crashes drawing labels from a block with no valid point: no labels, none drawn.
    s += std::string(", \\\n  $contours using 1:2 with lines lw 2 lc rgb '#c00000' notitle") +
         (contour_labels
              ? ", \\\n  data index 3 using 1:2:3 with labels boxed font ',10' tc rgb '#c00000' notitle\n"
              : "\n");
  else
    s += "\n";
  return s;
}

}  // namespace

ChartFiles break_even_map(const ResultsTable& t, const ChartRequest& req) {
  const std::size_t be = need_column(t, "break_even_interval_s", req.kind);
  if (t.axes.size() != 2)
    bad(t, "--kind " + req.kind + " needs a grid of exactly two keys, this file has " +
               std::to_string(t.axes.size()) +
               "; e.g. breakeven solve SCENARIO --grid faas.cache_hit_rate=0:1:11 --grid "
               "faas.memory_mb=1024:4096:13");
  const AxisInfo ax = axis_info(t, 0), ay = axis_info(t, 1);
  if (ax.values.size() * ay.values.size() > 250000)
    bad(t, "--kind " + req.kind + " draws at most 250000 cells");
  Grid z(ax.values.size(), std::vector<double>(ay.values.size(), NAN));
  std::map<std::string, std::size_t> xi, yi;
  for (std::size_t i = 0; i < ax.values.size(); ++i) xi[ax.values[i]] = i;
  for (std::size_t j = 0; j < ay.values.size(); ++j) yi[ay.values[j]] = j;
  double lo = INFINITY, hi = -INFINITY;
  const auto status = *t.column("status");
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const double v = t.rows[r][status] == "ok" ? number_or_nan(t, r, be) : NAN;
    z[xi[t.rows[r][ax.column]]][yi[t.rows[r][ay.column]]] = v;
    if (v > 0) lo = std::min(lo, v), hi = std::max(hi, v);
  }
  if (!(lo <= hi)) bad(t, "no point of this grid has a break-even interval: nothing to map");
  const std::vector<double> levels = contour_levels(lo, hi);
  // Contours across categories (instance types) would suggest values between them: categorical maps
  // label each cell with its value instead (when the cells are few enough to hold a label).
  const bool contours = !levels.empty() && ax.numeric && ay.numeric;
  const bool cell_labels = !contours && ax.values.size() * ay.values.size() <= 300;
  std::size_t missing = 0;
  ChartFiles f;
  const std::string labels = contour_labels(ax, ay, z, contours ? levels : std::vector<double>{});
  f.data = map_blocks(ax, ay, z, missing) + labels;
  std::string s = preamble(req, default_title(req.context, "Break-even interval between batches",
                                              "FaaS is cheaper at longer intervals"));
  s += axis_commands(ax, "x", edges(ax)) + axis_commands(ay, "y", edges(ay));
  s += "set logscale cb\nset cbrange [" + num(lo) + ":" + num(hi) + "]\n";
  s += "set cblabel 'break-even interval between batches'\nset format cb '%g'\n";
  std::string cbtics;
  for (double level : levels)
    cbtics += (cbtics.empty() ? "" : ", ") + gp_quote(short_time(level)) + " " + num(level);
  if (!cbtics.empty()) s += "set cbtics (" + cbtics + ")\n";
  // A grey ramp that stays readable printed in black and white; light = short break-even interval.
  s += "set palette defined (0 '#f7f7f7', 0.5 '#8c8c8c', 1 '#252525')\n";
  s += "unset grid\nset rmargin 14\n";
  s += missing > 0 ? "set bmargin 7\nset key at screen 0.5, screen 0.01 center bottom samplen 2\n"
                   : "unset key\n";
  if (contours) {
    std::string list;
    for (double level : levels) list += (list.empty() ? "" : ",") + num(std::log10(level));
    // Contour lines computed by gnuplot into a datablock, then drawn on the map.
    s += "set contour base\nunset surface\nset view map\nset cntrparam linear\n";
    s += "set cntrparam levels discrete " + list + "\n";
    s += "set table $contours\nsplot data index 1 using 1:2:3 with lines\nunset table\nunset contour\n";
  }
  // The label block has a header and a NaN line besides its labels.
  f.script = s + map_plot(contours, cell_labels, std::count(labels.begin(), labels.end(), '\n') > 2);
  return f;
}

}  // namespace breakeven::cli::charts
