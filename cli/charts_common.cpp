#include "cli/charts_common.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "cli/charts_text.h"
#include "model/diagnostics.h"

namespace breakeven::cli::charts {

void bad(const ResultsTable& t, const std::string& message) {
  throw InputError({Diagnostic{SourcePlace{t.path, 0, 0}, "", message}});
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

bool is_true(const ResultsTable& t, std::size_t row, std::size_t col) {
  return t.rows[row][col] == "true";
}

double number_or_nan(const ResultsTable& t, std::size_t row, std::size_t col) {
  return t.number(row, col).value_or(NAN);
}

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

std::vector<Series> group_by_other_axes(const ResultsTable& t, const std::string& axis) {
  std::vector<Series> out;
  std::map<std::vector<std::pair<std::string, std::string>>, std::size_t> index;
  const auto status = *t.column("status");
  std::size_t axis_col = 0;
  for (std::size_t a = 0; a < t.axes.size(); ++a)
    if (t.axes[a] == axis) axis_col = a + 1;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    if (t.rows[r][status] != "ok" || (axis_col && !t.number(r, axis_col))) continue;
    std::vector<std::pair<std::string, std::string>> pairs;
    for (std::size_t a = 0; a < t.axes.size(); ++a)
      if (t.axes[a] != axis) pairs.emplace_back(t.axes[a], t.rows[r][a + 1]);
    auto [it, fresh] = index.emplace(pairs, out.size());
    if (fresh) out.push_back({pairs, {}});
    out[it->second].rows.push_back(r);
  }
  if (axis_col)
    for (auto& s : out)
      std::stable_sort(s.rows.begin(), s.rows.end(),
                       [&](auto a, auto b) { return *t.number(a, axis_col) < *t.number(b, axis_col); });
  return out;
}

void check_curve_count(const ResultsTable& t, const std::vector<Series>& series, const std::string& kind,
                       const std::string& axis) {
  if (series.empty()) bad(t, "no valid rows to draw");
  if (series.size() > kMaxCurves)
    bad(t, "--kind " + kind + " draws one curve per combination of the keys other than " + axis +
               "; this file has " + std::to_string(series.size()) + ", at most " +
               std::to_string(kMaxCurves) + " stay legible: sweep fewer values of the other keys");
}

std::vector<std::vector<std::size_t>> identical_curves(const std::vector<std::vector<double>>& curves) {
  std::vector<std::vector<std::size_t>> groups;
  auto same = [](const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t k = 0; k < a.size(); ++k)
      if (!((std::isnan(a[k]) && std::isnan(b[k])) || a[k] == b[k])) return false;
    return true;
  };
  for (std::size_t i = 0; i < curves.size(); ++i) {
    auto g = std::find_if(groups.begin(), groups.end(),
                          [&](auto& g) { return same(curves[g.front()], curves[i]); });
    if (g != groups.end())
      g->push_back(i);
    else
      groups.push_back({i});
  }
  return groups;
}

std::vector<std::pair<std::string, std::string>> shared_pairs(const std::vector<Series>& series,
                                                              const std::vector<std::size_t>& members) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& pair : series[members.front()].pairs) {
    bool shared = true;
    for (auto m : members) {
      const auto& p = series[m].pairs;
      shared = shared && std::find(p.begin(), p.end(), pair) != p.end();
    }
    if (shared) out.push_back(pair);
  }
  return out;
}

std::string describe(const std::string& key, const std::string& value) {
  if (key == "faas.cache_hit_rate") {
    char* end = nullptr;
    const double h = std::strtod(value.c_str(), &end);
    if (!value.empty() && *end == '\0') {
      if (h == 0) return "model never cached";
      if (h == 1) return "model always cached";
      return "model cached " + num(h * 100) + " % of the time";
    }
  }
  if (key == "faas.memory_mb") return value + " MB";
  if (key == "faas.arch") return value;
  if (key == "iaas.instance") return "EC2 " + value;
  const auto dot = key.find('.');
  return (dot == std::string::npos ? key : key.substr(dot + 1)) + " = " + value;
}

std::string curve_name(const std::string& side,
                       const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string s = side;
  for (const auto& [k, v] : pairs) s += ", " + describe(k, v);
  return s;
}

std::string group_name(const std::string& side, const std::vector<Series>& series,
                       const std::vector<std::size_t>& members, const std::string& ignore) {
  std::vector<std::pair<std::string, std::string>> shared;
  for (const auto& p : shared_pairs(series, members))
    if (p.first.rfind(ignore, 0) != 0) shared.push_back(p);
  std::string name = curve_name(side, shared);
  for (const auto& [key, value] : series[members.front()].pairs) {
    if (key.rfind(ignore, 0) == 0 ||
        std::find(shared.begin(), shared.end(), std::pair(key, value)) != shared.end())
      continue;
    std::vector<std::string> values;
    for (auto m : members)
      for (const auto& p : series[m].pairs)
        if (p.first == key && std::find(values.begin(), values.end(), p.second) == values.end())
          values.push_back(p.second);
    std::string list;
    for (std::size_t i = 0; i < values.size(); ++i)
      list += (i == 0 ? "" : i + 1 == values.size() ? " and " : ", ") + describe(key, values[i]);
    name += " (" + list + " alike)";
  }
  return name;
}

std::string ec2_name(const ChartContext& context, const std::vector<Series>& series,
                     const std::vector<std::size_t>& members) {
  std::vector<std::pair<std::string, std::string>> rest;
  std::string name = context.instance.empty() ? "EC2" : "EC2 " + context.instance;
  for (const auto& p : shared_pairs(series, members))
    if (p.first.rfind("faas.", 0) == 0)
      continue;
    else if (p.first == "iaas.instance")
      name = "EC2 " + p.second;
    else
      rest.push_back(p);
  return curve_name(name, rest);
}

double common_memory_mb(const ResultsTable& t) {
  const auto c = t.column("faas_memory_mb");
  const auto status = t.column("status");
  if (!c || !status) return 0;
  double m = 0;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    if (t.rows[r][*status] != "ok") continue;
    const double v = number_or_nan(t, r, *c);
    if (!(v > 0) || (m > 0 && v != m)) return 0;
    m = v;
  }
  return m;
}

std::string default_title(const ChartContext& context, const std::string& what, const std::string& detail) {
  return (context.scenario.empty() ? "" : context.scenario + ": ") + what +
         (detail.empty() ? "" : " (" + detail + ")");
}

std::string preamble(const ChartRequest& r, const std::string& default_title) {
  std::string s;
  s += "# Drawn by breakeven chart --kind " + r.kind + "; edit and run gnuplot on this file to restyle.\n";
  s += r.terminal + "\n";
  // Plain text: labels are drawn as written, none of gnuplot's enhanced-text markup applies.
  s += "set termoption noenhanced\n";
  s += "set output " + gp_file(r.image_name) + "\n";
  s += "set encoding utf8\n";
  s += "set title " + gp_quote(r.title.empty() ? default_title : r.title, 200) + " font ',14'\n";
  s += "set grid xtics ytics mxtics mytics lt 1 lc rgb '#dddddd' lw 1\n";
  s += "set border lw 1.2\n";
  s += "set key box opaque samplen 4 spacing 1.2\n";
  s += "set style textbox opaque fillcolor rgb 'white' noborder\n";
  s += "data = " + gp_file(r.data_name) + "\n";
  return s;
}

void end_plot(std::string& script) {
  const std::string separator = ", \\\n";
  if (script.size() >= separator.size() &&
      script.compare(script.size() - separator.size(), separator.size(), separator) == 0)
    script.replace(script.size() - separator.size(), separator.size(), "\n");
}

std::string colour(std::size_t k) {
  // Okabe, M. and Ito, K. (2008), "Color Universal Design": blue, vermilion, bluish green, reddish
  // purple, orange, sky blue, yellow (too light for lines, left out), black.
  static const char* const kColours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"};
  return kColours[k % std::size(kColours)];
}

}  // namespace breakeven::cli::charts
