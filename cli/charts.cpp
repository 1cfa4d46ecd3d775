#include "cli/charts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "model/diagnostics.h"

namespace breakeven::cli {

namespace {

const char* const kKinds[] = {"cost-vs-interval", "break-even-map", "latency-vs-memory", "cost-breakdown",
                              nullptr};

// At most this many bars in a cost breakdown: beyond, labels overlap.
constexpr std::size_t kMaxBreakdownBars = 40;
// At most this many curves on one chart: beyond, neither the legend nor the dash types tell them apart.
constexpr std::size_t kMaxCurves = 15;

[[noreturn]] void bad(const ResultsTable& t, const std::string& message) {
  throw InputError({Diagnostic{SourcePlace{t.path, 0, 0}, "", message}});
}

std::string num(double x) {
  if (!std::isfinite(x)) return "NaN";
  char b[40];
  std::snprintf(b, sizeof b, "%.10g", x);
  return b;
}

// Text in a gnuplot double-quoted string.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '@' || c == '_' || c == '^' || c == '{' || c == '}') out += "\\\\";  // enhanced-text markup
    out += c;
  }
  return out + "\"";
}

// A human time: "12.6 s", "4.2 min", "3.1 h".
std::string short_time(double s) {
  char b[40];
  if (s < 1000)
    std::snprintf(b, sizeof b, "%.3g s", s);
  else if (s < 7200)
    std::snprintf(b, sizeof b, "%.3g min", s / 60);
  else if (s < 2 * 86400)
    std::snprintf(b, sizeof b, "%.3g h", s / 3600);
  else
    std::snprintf(b, sizeof b, "%.3g days", s / 86400);
  return b;
}

// Names for the keys a chart most often shows.
std::string pretty_key(const std::string& key) {
  static const std::map<std::string, std::string> names = {
      {"workload.interval_s", "interval between batches (s)"},
      {"faas.memory_mb", "Lambda memory (MB)"},
      {"faas.cache_hit_rate", "model-cache hit rate"},
      {"iaas.instance", "EC2 instance"},
      {"workload.batch_size", "batch size (samples)"},
      {"faas.arch", "Lambda architecture"},
      {"faas.memory_policy", "memory policy"}};
  const auto it = names.find(key);
  return it != names.end() ? it->second : key;
}

std::string short_key(const std::string& key) {
  const auto dot = key.find('.');
  return dot == std::string::npos ? key : key.substr(dot + 1);
}

// The common style: readable in black and white (dash types and point types differ, not only colours).
std::string preamble(const ChartRequest& r, const std::string& title) {
  std::string s;
  s += "# Drawn by `breakeven chart --kind " + r.kind + "`; edit and run `gnuplot <this file>` to restyle.\n";
  s += r.terminal + "\n";
  s += "set output " + quoted(r.image_name) + "\n";
  s += "set encoding utf8\n";
  s += "set title " + quoted(title) + " font \",14\"\n";
  s += "set grid xtics ytics mxtics mytics lt 1 lc rgb \"#dddddd\" lw 1\n";
  s += "set border lw 1.2\n";
  s += "set key box opaque samplen 4 spacing 1.2\n";
  s += "data = " + quoted(r.data_name) + "\n";
  return s;
}

// Rows with status ok, grouped by the values of every axis except `axis`, in the file's order.
struct Series {
  std::string label;  // "cache_hit_rate=0.5, memory_mb=2048" or "" for a single group
  std::vector<std::pair<std::string, std::string>> pairs;  // the (short key, value) pairs of the label
  std::vector<std::size_t> rows;
};

// The label of a group of series drawn as one curve: the key=value pairs they all share (a FaaS curve
// does not depend on the instance type, so it is named without it).
std::string common_label(const std::vector<Series>& series, const std::vector<std::size_t>& members) {
  std::string label;
  for (const auto& pair : series[members.front()].pairs) {
    bool shared = true;
    for (auto m : members)
      shared =
          shared && std::find(series[m].pairs.begin(), series[m].pairs.end(), pair) != series[m].pairs.end();
    if (shared) label += (label.empty() ? "" : ", ") + pair.first + "=" + pair.second;
  }
  return label;
}

// Groups of identical curves (NaN equal to NaN), each group in first-seen order.
std::vector<std::vector<std::size_t>> identical_curves(const std::vector<std::vector<double>>& curves) {
  std::vector<std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < curves.size(); ++i) {
    bool placed = false;
    for (auto& g : groups) {
      const auto& c = curves[g.front()];
      bool same = c.size() == curves[i].size();
      for (std::size_t k = 0; same && k < c.size(); ++k)
        same = (std::isnan(c[k]) && std::isnan(curves[i][k])) || c[k] == curves[i][k];
      if (same) {
        g.push_back(i);
        placed = true;
        break;
      }
    }
    if (!placed) groups.push_back({i});
  }
  return groups;
}

std::vector<Series> group_by_other_axes(const ResultsTable& t, const std::string& axis) {
  std::vector<Series> out;
  std::map<std::string, std::size_t> index;
  const auto status = *t.column("status");
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    if (t.rows[r][status] != "ok") continue;
    std::string label;
    std::vector<std::pair<std::string, std::string>> pairs;
    for (std::size_t a = 0; a < t.axes.size(); ++a) {
      if (t.axes[a] == axis) continue;
      pairs.emplace_back(short_key(t.axes[a]), t.rows[r][a + 1]);
      label += (label.empty() ? "" : ", ") + pairs.back().first + "=" + pairs.back().second;
    }
    auto [it, fresh] = index.emplace(label, out.size());
    if (fresh) out.push_back({label, pairs, {}});
    out[it->second].rows.push_back(r);
  }
  return out;
}

void check_curve_count(const ResultsTable& t, const std::vector<Series>& series, const std::string& kind,
                       const std::string& axis) {
  if (series.size() > kMaxCurves)
    bad(t, "--kind " + kind + " draws one curve per combination of the keys other than " + axis +
               "; this file has " + std::to_string(series.size()) + ", at most " +
               std::to_string(kMaxCurves) + " stay legible: sweep fewer values of the other keys");
}

std::size_t need_column(const ResultsTable& t, const std::string& name, const std::string& kind) {
  const auto c = t.column(name);
  if (!c)
    bad(t, "--kind " + kind + " needs the column " + name + ", which this file does not have (" +
               (t.command == "solve" ? "it is the output of solve --grid; use breakeven sweep"
                                     : "see docs/charts.md") +
               ")");
  return *c;
}

std::size_t need_axis(const ResultsTable& t, const std::string& key, const std::string& kind,
                      const std::string& example) {
  for (std::size_t a = 0; a < t.axes.size(); ++a)
    if (t.axes[a] == key) return a + 1;
  bad(t, "--kind " + kind + " needs " + key + " among the swept keys; sweep it, e.g. " + example);
}

bool feasible(const ResultsTable& t, std::size_t r, std::size_t col) {
  return t.rows[r][col] == "true";
}

// --- cost-vs-interval -------------------------------------------------------------------------------------

ChartFiles cost_vs_interval(const ResultsTable& t, const ChartRequest& req) {
  const std::string kind = req.kind;
  const std::size_t x = need_axis(t, "workload.interval_s", kind,
                                  "breakeven sweep SCENARIO --grid workload.interval_s=1:3600:log60 "
                                  "--grid faas.cache_hit_rate=0,0.5,1");
  const std::size_t fc = need_column(t, "faas_cost_usd_per_hour", kind);
  const std::size_t ic = need_column(t, "iaas_cost_usd_per_hour", kind);
  const std::size_t ff = need_column(t, "faas_feasible", kind);
  const std::size_t iff = need_column(t, "iaas_feasible", kind);
  std::vector<Series> series = group_by_other_axes(t, "workload.interval_s");
  if (series.empty()) bad(t, "no valid rows to draw");
  check_curve_count(t, series, kind, "workload.interval_s");
  ChartFiles f;
  // Block i: interval, FaaS cost, IaaS cost (NaN where infeasible), sorted by interval.
  struct Mark {
    double x, y;
    std::string label;
  };
  std::vector<Mark> marks;
  std::vector<std::vector<double>> faas_curves, iaas_curves;
  for (auto& s : series) {
    std::sort(s.rows.begin(), s.rows.end(),
              [&](auto a, auto b) { return *t.number(a, x) < *t.number(b, x); });
    faas_curves.emplace_back();
    iaas_curves.emplace_back();
    for (auto r : s.rows) {
      faas_curves.back().push_back(feasible(t, r, ff) ? t.number(r, fc).value_or(NAN) : NAN);
      iaas_curves.back().push_back(feasible(t, r, iff) ? t.number(r, ic).value_or(NAN) : NAN);
    }
    // Where the cheaper side changes between two neighbouring intervals (both sides feasible at both):
    // interpolated linearly in log(interval) and log(cost).
    for (std::size_t i = 0; i + 1 < s.rows.size(); ++i) {
      const auto a = s.rows[i], b = s.rows[i + 1];
      if (!feasible(t, a, ff) || !feasible(t, b, ff) || !feasible(t, a, iff) || !feasible(t, b, iff))
        continue;
      const double xa = std::log(*t.number(a, x)), xb = std::log(*t.number(b, x));
      const double da = std::log(*t.number(a, fc)) - std::log(*t.number(a, ic));
      const double db = std::log(*t.number(b, fc)) - std::log(*t.number(b, ic));
      if ((da > 0) == (db > 0) || da == db) continue;
      const double w = da / (da - db);
      const double xm = xa + w * (xb - xa);
      const double ym =
          std::log(*t.number(a, ic)) + w * (std::log(*t.number(b, ic)) - std::log(*t.number(a, ic)));
      const Mark m{std::exp(xm), std::exp(ym), short_time(std::exp(xm))};
      // Series that draw the same two curves cross at the same place: one mark.
      if (std::none_of(marks.begin(), marks.end(), [&](const Mark& o) { return o.x == m.x && o.y == m.y; }))
        marks.push_back(m);
    }
  }
  const auto faas_groups = identical_curves(faas_curves);
  const auto iaas_groups = identical_curves(iaas_curves);
  for (std::size_t i = 0; i < series.size(); ++i) {
    f.data +=
        "# series " + std::to_string(i) + ": " + (series[i].label.empty() ? "all" : series[i].label) + "\n";
    f.data += "# interval_s faas_cost_usd_per_hour iaas_cost_usd_per_hour\n";
    for (auto r : series[i].rows)
      f.data += num(*t.number(r, x)) + " " + num(feasible(t, r, ff) ? t.number(r, fc).value_or(NAN) : NAN) +
                " " + num(feasible(t, r, iff) ? t.number(r, ic).value_or(NAN) : NAN) + "\n";
    f.data += "\n\n";
  }
  const std::size_t mark_block = series.size();
  // Labels above their points, staggered over three heights so close break-evens stay legible.
  f.data += "# break-even points: interval_s cost_usd_per_hour label_cost_usd_per_hour label\n";
  std::sort(marks.begin(), marks.end(), [](const Mark& a, const Mark& b) { return a.x < b.x; });
  for (std::size_t i = 0; i < marks.size(); ++i)
    f.data += num(marks[i].x) + " " + num(marks[i].y) + " " + num(marks[i].y * std::pow(1.6, 1 + i % 3)) +
              " " + quoted(marks[i].label) + "\n";
  if (marks.empty()) f.data += "NaN NaN NaN \"\"\n";

  const std::string title =
      req.title.empty() ? "Cost per hour against the interval between batches" : req.title;
  std::string& s = f.script;
  s = preamble(req, title);
  s += "set logscale xy\n";
  s += "set xlabel " + quoted(pretty_key("workload.interval_s")) + "\n";
  s += "set ylabel \"cost (USD per hour)\"\n";
  s += "set format y \"%g\"\n";
  s += "set key inside right top\n";
  s += "plot \\\n";
  for (std::size_t k = 0; k < faas_groups.size(); ++k) {
    const std::string common = faas_groups.size() > 1 ? common_label(series, faas_groups[k]) : "";
    const std::string label = "FaaS" + (common.empty() ? "" : " " + common);
    s += "  data index " + std::to_string(faas_groups[k].front()) + " using 1:2 with linespoints lw 2 dt " +
         std::to_string(k % 5 + 1) + " pt " + std::to_string(k % 12 + 1) + " ps 0.6 pi 6 title " +
         quoted(label) + ", \\\n";
  }
  for (std::size_t k = 0; k < iaas_groups.size(); ++k) {
    const std::string common = iaas_groups.size() > 1 ? common_label(series, iaas_groups[k]) : "";
    const std::string label = "IaaS" + (common.empty() ? "" : " " + common);
    s += "  data index " + std::to_string(iaas_groups[k].front()) +
         " using 1:3 with lines lw 3 lc rgb \"black\" dt " + std::to_string(k % 4 + 1) + " title " +
         quoted(label) + ", \\\n";
  }
  s += "  data index " + std::to_string(mark_block) +
       " using 1:2 with points pt 7 ps 1.6 lc rgb \"black\" title \"break-even\", \\\n";
  // A dotted leader from each point up to its label.
  s += "  data index " + std::to_string(mark_block) +
       " using 1:2:(0):($3/1.2-$2) with vectors nohead dt 3 "
       "lc rgb \"black\" notitle, \\\n";
  s += "  data index " + std::to_string(mark_block) + " using 1:3:4 with labels font \",10\" notitle\n";
  return f;
}

// --- break-even-map
// -----------------------------------------------------------------------------------------

struct AxisInfo {
  std::size_t column;
  std::string key;
  std::vector<std::string> values;  // distinct, in first-seen order (the grid's order)
  bool numeric = true;
  bool log = false;
  double position(const std::string& v, const ResultsTable&) const {
    if (!numeric) return static_cast<double>(std::find(values.begin(), values.end(), v) - values.begin());
    return std::stod(v);
  }
};

AxisInfo axis_info(const ResultsTable& t, std::size_t axis) {
  AxisInfo a{axis + 1, t.axes[axis], {}, true, false};
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
  a.log = a.numeric && lo > 0 && hi / lo >= 10;
  return a;
}

std::string axis_commands(const AxisInfo& a, const char* name) {
  std::string s = "set " + std::string(name) + "label " + quoted(pretty_key(a.key)) + "\n";
  if (!a.numeric) {
    s += "set " + std::string(name) + "tics (";
    for (std::size_t i = 0; i < a.values.size(); ++i)
      s += (i ? ", " : "") + quoted(a.values[i]) + " " + std::to_string(i);
    s += ")\n";
    s += "set " + std::string(name) + "range [-0.5:" + std::to_string(a.values.size()) + "-0.5]\n";
  } else {
    if (a.log) s += "set logscale " + std::string(name) + "\n";
    // Few values: a tic at each, so every row and column of cells is named.
    if (a.values.size() <= 15) {
      s += "set " + std::string(name) + "tics (";
      for (std::size_t i = 0; i < a.values.size(); ++i) s += (i ? ", " : "") + a.values[i];
      s += ")\n";
    }
  }
  return s;
}

ChartFiles break_even_map(const ResultsTable& t, const ChartRequest& req) {
  const std::string kind = req.kind;
  const std::size_t be = need_column(t, "break_even_interval_s", kind);
  if (t.axes.size() != 2)
    bad(t, "--kind " + kind + " needs a grid of exactly two keys, this file has " +
               std::to_string(t.axes.size()) +
               "; e.g. breakeven solve SCENARIO --grid faas.cache_hit_rate=0:1:11 --grid "
               "faas.memory_mb=1024:4096:13");
  AxisInfo ax = axis_info(t, 0), ay = axis_info(t, 1);
  // Cells: the break-even interval, NaN where there is none (blank on the map).
  std::map<std::pair<std::string, std::string>, double> z;
  double lo = INFINITY, hi = -INFINITY;
  std::size_t missing = 0;
  const auto status = *t.column("status");
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const double v = t.rows[r][status] == "ok" ? t.number(r, be).value_or(NAN) : NAN;
    z[{t.rows[r][ax.column], t.rows[r][ay.column]}] = v;
    if (v > 0)
      lo = std::min(lo, v), hi = std::max(hi, v);
    else
      ++missing;
  }
  if (!(lo <= hi)) bad(t, "no point of this grid has a break-even interval: nothing to map");
  // Heat map as an image: each grid point is the centre of its cell, whatever the axis spacing, so
  // pm3d draws the cells from corners placed half-way between neighbouring values.
  auto edges = [&](const AxisInfo& a) {
    std::vector<double> p;
    for (const auto& v : a.values) p.push_back(a.position(v, t));
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
  };
  const std::vector<double> ex = edges(ax), ey = edges(ay);
  ChartFiles f;
  // Block 0: cells as rectangles for `with boxxyerror` (x y xlow xhigh ylow yhigh value).
  // Block 0: cells with a break-even; block 2: cells without one (separate, so the script needs no NaN
  // tests). Columns: x y x_low x_high y_low y_high break_even_interval_s label.
  std::string without;
  f.data += "# cells with a break-even: x y x_low x_high y_low y_high break_even_interval_s label\n";
  without += "# cells without a break-even in 1 ms .. 30 days: x y x_low x_high y_low y_high\n";
  for (std::size_t i = 0; i < ax.values.size(); ++i)
    for (std::size_t j = 0; j < ay.values.size(); ++j) {
      const double v = z.count({ax.values[i], ay.values[j]}) ? z[{ax.values[i], ay.values[j]}] : NAN;
      const std::string cell = num(ax.position(ax.values[i], t)) + " " + num(ay.position(ay.values[j], t)) +
                               " " + num(ex[i]) + " " + num(ex[i + 1]) + " " + num(ey[j]) + " " +
                               num(ey[j + 1]);
      if (v > 0)
        f.data += cell + " " + num(v) + " " + quoted(short_time(v)) + "\n";
      else
        without += cell + "\n";
    }
  if (missing == 0) without += "NaN NaN NaN NaN NaN NaN\n";
  f.data += "\n\n";
  // Block 1: the grid for the contours (x blocks separated by blank lines), log10 of the interval.
  f.data += "# grid: x y log10(break_even_interval_s)\n";
  for (std::size_t i = 0; i < ax.values.size(); ++i) {
    for (std::size_t j = 0; j < ay.values.size(); ++j) {
      const double v = z.count({ax.values[i], ay.values[j]}) ? z[{ax.values[i], ay.values[j]}] : NAN;
      f.data += num(ax.position(ax.values[i], t)) + " " + num(ay.position(ay.values[j], t)) + " " +
                num(v > 0 ? std::log10(v) : NAN) + "\n";
    }
    f.data += "\n";
  }
  f.data += "\n" + without;
  // Contour levels at 1-2-5 steps inside the data's range, finer when that gives fewer than four.
  std::string levels, cbtics;
  int count = 0;
  for (const std::vector<double>& steps :
       {std::vector<double>{1, 2, 5}, std::vector<double>{1, 1.5, 2, 3, 4, 5, 6, 7, 8, 9}}) {
    levels.clear();
    cbtics.clear();
    count = 0;
    for (double decade = std::pow(10, std::floor(std::log10(lo))); decade <= hi; decade *= 10)
      for (double m : steps) {
        const double level = m * decade;
        if (level > lo && level < hi) {
          levels += (levels.empty() ? "" : ",") + num(std::log10(level));
          cbtics += (cbtics.empty() ? "" : ", ") + quoted(short_time(level)) + " " + num(level);
          ++count;
        }
      }
    if (count >= 4) break;
  }
  const std::string title =
      req.title.empty() ? "Break-even interval between batches (FaaS cheaper above it)" : req.title;
  std::string& s = f.script;
  s = preamble(req, title);
  s += axis_commands(ax, "x") + axis_commands(ay, "y");
  if (ax.numeric && !ax.log) s += "set xrange [" + num(ex.front()) + ":" + num(ex.back()) + "]\n";
  if (ay.numeric && !ay.log) s += "set yrange [" + num(ey.front()) + ":" + num(ey.back()) + "]\n";
  if (ax.log) s += "set xrange [" + num(ex.front()) + ":" + num(ex.back()) + "]\n";
  if (ay.log) s += "set yrange [" + num(ey.front()) + ":" + num(ey.back()) + "]\n";
  s += "set logscale cb\n";
  s += "set cbrange [" + num(lo) + ":" + num(hi) + "]\n";
  s += "set cblabel \"break-even interval (s)\"\n";
  s += "set format cb \"%g\"\n";
  // A grey ramp that stays readable printed in black and white; light = short break-even interval.
  s += "set palette defined (0 \"#f7f7f7\", 0.5 \"#8c8c8c\", 1 \"#252525\")\n";
  s += "unset key\n";
  s += "unset grid\n";
  if (!cbtics.empty()) s += "set cbtics (" + cbtics + ")\n";
  s += "set style textbox opaque fillcolor rgb \"white\" border lc rgb \"#c00000\"\n";
  s += "set style textbox 2 opaque fillcolor rgb \"white\" noborder\n";
  s += "set rmargin 14\n";
  if (missing > 0) s += "set bmargin 7\nset key at screen 0.5, screen 0.01 center bottom samplen 2\n";
  // Contours across categories (instance types) would suggest values between them: categorical maps
  // label each cell with its value instead (when the cells are few enough to hold a label).
  const bool contours = count > 0 && ax.numeric && ay.numeric;
  const bool cell_labels = !contours && ax.values.size() * ay.values.size() <= 300;
  if (contours) {
    // Contour lines computed by gnuplot into a table, then drawn with their labels on the map.
    s += "set contour base\nunset surface\nset view map\n";
    s += "set cntrparam linear\nset cntrparam levels discrete " + levels + "\n";
    s += "set table $contours\n";
    s += "splot data index 1 using 1:2:3 with lines\n";
    s += "unset table\nunset contour\n";
  }
  s += "plot \\\n";
  // Cells with a break-even in grey by its value; cells without one hatched.
  s += "  data index 0 using 1:2:3:4:5:6:7 with boxxyerror fs solid 1.0 noborder lc palette notitle, \\\n";
  s += "  data index 2 using 1:2:3:4:5:6 with boxxyerror fs pattern 4 lc rgb \"#555555\" title "
       "\"no break-even between 1 ms and 30 days (break\\\\_even\\\\_reason says why)\"";
  if (cell_labels) {
    s += ", \\\n";
    s += "  data index 0 using 1:2:8 with labels boxed bs 2 font \",9\" tc rgb \"black\" notitle\n";
  } else if (contours) {
    s += ", \\\n";
    s += "  $contours using 1:2 with lines lw 2 lc rgb \"#c00000\" notitle, \\\n";
    // One label per contour line, at its middle point; the level is the third column (log10 seconds).
    s += "  $contours using 1:2:(sprintf(\"%.3g s\", 10**$3)) every 1000::4 with labels boxed font \",10\" "
         "tc rgb \"#c00000\" notitle\n";
  } else {
    s += "\n";
  }
  return f;
}

// --- latency-vs-memory -------------------------------------------------------------------------------------

ChartFiles latency_vs_memory(const ResultsTable& t, const ChartRequest& req) {
  const std::string kind = req.kind;
  const std::size_t x = need_axis(t, "faas.memory_mb", kind,
                                  "breakeven sweep SCENARIO --grid faas.memory_mb=512:10240:20 --grid "
                                  "faas.cache_hit_rate=0,1");
  const bool percentiles = t.column("latency_p50_s").has_value();
  const std::size_t fl = need_column(t, percentiles ? "latency_p50_s" : "faas_invocation_s", kind);
  const std::size_t il = need_column(t, "iaas_invocation_s", kind);
  std::vector<Series> series = group_by_other_axes(t, "faas.memory_mb");
  if (series.empty()) bad(t, "no valid rows to draw");
  check_curve_count(t, series, kind, "faas.memory_mb");
  ChartFiles f;
  std::vector<std::vector<double>> faas_curves, iaas_curves;
  for (std::size_t i = 0; i < series.size(); ++i) {
    auto& rows = series[i].rows;
    std::sort(rows.begin(), rows.end(), [&](auto a, auto b) { return *t.number(a, x) < *t.number(b, x); });
    faas_curves.emplace_back();
    iaas_curves.emplace_back();
    for (auto r : rows) {
      faas_curves.back().push_back(t.number(r, fl).value_or(NAN));
      iaas_curves.back().push_back(t.number(r, il).value_or(NAN));
    }
    f.data +=
        "# series " + std::to_string(i) + ": " + (series[i].label.empty() ? "all" : series[i].label) + "\n";
    f.data += std::string("# memory_mb ") + (percentiles ? "faas_latency_p50_s" : "faas_invocation_s") +
              " iaas_invocation_s\n";
    for (auto r : rows)
      f.data += num(*t.number(r, x)) + " " + num(t.number(r, fl).value_or(NAN)) + " " +
                num(t.number(r, il).value_or(NAN)) + "\n";
    f.data += "\n\n";
  }
  const std::string title = req.title.empty()
                                ? std::string("Training invocation time against Lambda memory") +
                                      (percentiles ? " (median)" : " (analytic mean)")
                                : req.title;
  std::string& s = f.script;
  s = preamble(req, title);
  double xlo = INFINITY, xhi = -INFINITY;
  for (const auto& se : series)
    for (auto r : se.rows) xlo = std::min(xlo, *t.number(r, x)), xhi = std::max(xhi, *t.number(r, x));
  s += "set logscale x 2\n";
  if (xlo < xhi) s += "set xrange [" + num(xlo / 1.05) + ":" + num(xhi * 1.05) + "]\n";
  s += "set yrange [0:*]\n";
  s += "set xlabel " + quoted(pretty_key("faas.memory_mb")) + "\n";
  s += "set ylabel \"time of one training invocation (s)\"\n";
  s += "set format y \"%g\"\nset format x \"%g\"\n";
  s += "set key outside right top\n";
  s += "plot \\\n";
  // Identical curves drawn once, named by the values they share (FaaS time does not depend on the
  // instance, IaaS time not on Lambda's settings).
  const auto faas_groups = identical_curves(faas_curves);
  const auto iaas_groups = identical_curves(iaas_curves);
  for (std::size_t k = 0; k < faas_groups.size(); ++k) {
    const std::string common = faas_groups.size() > 1 ? common_label(series, faas_groups[k]) : "";
    const std::string label = "FaaS" + (common.empty() ? "" : " " + common);
    s += "  data index " + std::to_string(faas_groups[k].front()) + " using 1:2 with linespoints lw 2 dt " +
         std::to_string(k % 5 + 1) + " pt " + std::to_string(k % 12 + 1) + " title " + quoted(label) +
         ", \\\n";
  }
  for (std::size_t k = 0; k < iaas_groups.size(); ++k) {
    const std::string common = iaas_groups.size() > 1 ? common_label(series, iaas_groups[k]) : "";
    const std::string label = "IaaS (one batch)" + (common.empty() ? "" : " " + common);
    s += "  data index " + std::to_string(iaas_groups[k].front()) +
         " using 1:3 with lines lw 3 lc rgb \"black\" dt " + std::to_string(k % 4 + 1) + " title " +
         quoted(label) + (k + 1 < iaas_groups.size() ? ", \\\n" : "\n");
  }
  return f;
}

// --- cost-breakdown
// ------------------------------------------------------------------------------------------

ChartFiles cost_breakdown(const ResultsTable& t, const ChartRequest& req) {
  const std::string kind = req.kind;
  const std::size_t d = need_column(t, "faas_duration_usd_per_hour", kind);
  const std::size_t q = need_column(t, "faas_requests_usd_per_hour", kind);
  const std::size_t o = need_column(t, "faas_other_usd_per_hour", kind);
  const std::size_t in = need_column(t, "iaas_instance_usd_per_hour", kind);
  const std::size_t s3 = need_column(t, "iaas_s3_usd_per_hour", kind);
  const auto status = *t.column("status");
  std::vector<std::size_t> rows;
  for (std::size_t r = 0; r < t.rows.size(); ++r)
    if (t.rows[r][status] == "ok") rows.push_back(r);
  if (rows.empty()) bad(t, "no valid rows to draw");
  if (rows.size() > kMaxBreakdownBars)
    bad(t, "--kind " + kind + " draws one pair of bars per point; this file has " +
               std::to_string(rows.size()) + " valid points, at most " + std::to_string(kMaxBreakdownBars) +
               " fit: sweep fewer values, e.g. --grid workload.interval_s=10,60,600,3600");
  ChartFiles f;
  f.data += "# index label faas_duration faas_requests faas_other iaas_instance iaas_s3 (USD per hour)\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::string label;
    for (std::size_t a = 0; a < t.axes.size(); ++a)
      label += (label.empty() ? "" : "\\n") + short_key(t.axes[a]) + "=" + t.rows[rows[i]][a + 1];
    f.data += std::to_string(i) + " " + quoted(label) + " " + num(t.number(rows[i], d).value_or(0)) + " " +
              num(t.number(rows[i], q).value_or(0)) + " " + num(t.number(rows[i], o).value_or(0)) + " " +
              num(t.number(rows[i], in).value_or(0)) + " " + num(t.number(rows[i], s3).value_or(0)) + "\n";
  }
  const std::string title =
      req.title.empty() ? "Cost per hour by component (left bar FaaS, right bar IaaS)" : req.title;
  std::string& s = f.script;
  s = preamble(req, title);
  s += "set ylabel \"cost (USD per hour)\"\n";
  s += "set yrange [0:*]\n";
  s += "set xrange [-0.6:" + std::to_string(rows.size()) + "-0.4]\n";
  s += "set style fill pattern border -1\n";
  s += "set boxwidth 0.36\n";
  s += "set key outside right top\n";
  s += "set grid noxtics\n";
  if (rows.size() > 8) s += "set xtics rotate by -45 font \",9\"\n";
  s += "plot \\\n";
  s += "  data using ($1-0.2):($3+$4+$5):xtic(2) with boxes fs pattern 2 lc rgb \"#444444\" title \"FaaS S3 "
       "+ ephemeral\", \\\n";
  s += "  data using ($1-0.2):($3+$4) with boxes fs pattern 1 lc rgb \"#444444\" title \"FaaS requests\", "
       "\\\n";
  s += "  data using ($1-0.2):3 with boxes fs solid 0.35 lc rgb \"#1f4e99\" title \"FaaS duration (GB-s)\", "
       "\\\n";
  s += "  data using ($1+0.2):($6+$7) with boxes fs pattern 5 lc rgb \"#444444\" title \"IaaS S3\", \\\n";
  s += "  data using ($1+0.2):6 with boxes fs solid 0.8 lc rgb \"#b35900\" title \"IaaS instance\"\n";
  return f;
}

}  // namespace

const char* const* chart_kinds() {
  return kKinds;
}

ChartFiles build_chart(const ResultsTable& t, const ChartRequest& request) {
  if (request.kind == "cost-vs-interval") return cost_vs_interval(t, request);
  if (request.kind == "break-even-map") return break_even_map(t, request);
  if (request.kind == "latency-vs-memory") return latency_vs_memory(t, request);
  if (request.kind == "cost-breakdown") return cost_breakdown(t, request);
  throw InputError(
      {Diagnostic{SourcePlace{"--kind " + request.kind, 0, 0}, "",
                  "expected cost-vs-interval, break-even-map, latency-vs-memory or cost-breakdown"}});
}

}  // namespace breakeven::cli
