#include "model/sweep/grid.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

#include "model/diagnostics.h"
#include "model/spec/did_you_mean.h"

namespace breakeven {

namespace {

// Above this a grid is almost surely a typo (and its rows would not fit on a disk anyway).
constexpr std::size_t kMaxPoints = std::size_t{1} << 40;
constexpr std::size_t kMaxAxisPoints = 10'000'000;

[[noreturn]] void bad(const std::string& text, const std::string& key, const std::string& message) {
  throw InputError({Diagnostic{SourcePlace{"--grid " + text, 0, 0}, key, message}});
}

bool parse_number(const std::string& s, double& x) {
  const char* b = s.data();
  const char* e = s.data() + s.size();
  if (b != e && *b == '+') ++b;
  const auto [ptr, ec] = std::from_chars(b, e, x);
  return b != e && ptr == e && ec == std::errc() && std::isfinite(x);
}

bool parse_count(const std::string& s, std::size_t& n) {
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  return !s.empty() && ptr == s.data() + s.size() && ec == std::errc();
}

std::string number_text(double x) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.10g", x);
  return buffer;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto pos = s.find(sep, start);
    out.push_back(s.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
    if (pos == std::string::npos) return out;
    start = pos + 1;
  }
}

bool numeric(const KeyDef& k) {
  return k.type == KeyType::number || k.type == KeyType::integer || k.type == KeyType::optional_number;
}

const char* kSpecHelp =
    "; SPEC is a list (512,1024,2048), a linear range FROM:TO:N (0:1:11) or a log range "
    "FROM:TO:logN (1:3600:log50)";

std::vector<std::string> range_values(const std::string& text, const KeyDef& key, const std::string& spec) {
  const std::string path(key.path);
  const auto parts = split(spec, ':');
  if (parts.size() != 3)
    bad(text, path, "a range has three parts FROM:TO:N or FROM:TO:logN, got '" + spec + "'" + kSpecHelp);
  if (!numeric(key))
    bad(text, path,
        "a range needs a numeric key; " + describe_expected(key) + " is expected here: give a list, e.g. " +
            (key.choices.size() >= 2 ? std::string(key.choices[0]) + "," + std::string(key.choices[1])
                                     : std::string("a,b")));
  double from = 0, to = 0;
  if (!parse_number(parts[0], from))
    bad(text, path, "range start '" + parts[0] + "' is not a finite number" + kSpecHelp);
  if (!parse_number(parts[1], to))
    bad(text, path, "range end '" + parts[1] + "' is not a finite number" + kSpecHelp);
  const bool log = parts[2].rfind("log", 0) == 0;
  const std::string count_text = log ? parts[2].substr(3) : parts[2];
  std::size_t n = 0;
  if (!parse_count(count_text, n) || n < 2)
    bad(text, path,
        "the number of points '" + parts[2] + "' must be an integer of at least 2" +
            (log ? "" : " (or logN for a logarithmic range)") + kSpecHelp);
  if (n > kMaxAxisPoints)
    bad(text, path, "at most " + std::to_string(kMaxAxisPoints) + " points per axis, got " + count_text);
  if (log && (from <= 0 || to <= 0))
    bad(text, path,
        "a logarithmic range needs FROM and TO above 0, got " + parts[0] + " and " + parts[1] +
            "; use a linear range FROM:TO:N to include 0");
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / static_cast<double>(n - 1);
    double x = i + 1 == n ? to : log ? from * std::pow(to / from, t) : from + (to - from) * t;
    if (i == 0) x = from;
    if (key.type == KeyType::integer) x = std::round(x);
    std::string v = number_text(x);
    if (seen.insert(v).second) out.push_back(std::move(v));
  }
  return out;
}

}  // namespace

GridAxis parse_grid_axis(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    bad(text, "", std::string("expected KEY=SPEC, e.g. --grid faas.memory_mb=512,1024,2048") + kSpecHelp);
  const std::string path = text.substr(0, eq);
  const std::string spec = text.substr(eq + 1);
  const KeyDef* key = find_key(path);
  if (!key) {
    std::vector<std::string> paths;
    for (const auto& k : scenario_keys()) paths.emplace_back(k.path);
    const std::string guess = closest_match(path, paths);
    bad(text, path,
        "unknown key" + (guess.empty() ? std::string("; `breakeven keys` lists them")
                                       : " (did you mean '" + guess + "'?)"));
  }
  if (spec.empty()) bad(text, path, std::string("no values") + kSpecHelp);
  GridAxis axis{key, spec, {}};
  if (spec.find(':') != std::string::npos) {
    axis.values = range_values(text, *key, spec);
    return axis;
  }
  std::set<std::string> seen;
  for (auto& v : split(spec, ',')) {
    if (v.empty()) bad(text, path, "empty value in the list '" + spec + "'" + kSpecHelp);
    if (!seen.insert(v).second) bad(text, path, "value '" + v + "' is listed twice");
    axis.values.push_back(std::move(v));
  }
  return axis;
}

namespace {

// The number of values `KEY=SPEC` asks for, read from the spec alone (0 when it is malformed).
std::size_t axis_point_bound(const std::string& text) {
  const auto eq = text.find('=');
  const std::string spec = eq == std::string::npos ? text : text.substr(eq + 1);
  if (spec.find(':') == std::string::npos)
    return static_cast<std::size_t>(std::count(spec.begin(), spec.end(), ',')) + 1;
  const auto parts = split(spec, ':');
  std::size_t n = 0;
  if (parts.size() != 3) return 0;
  const std::string count_text = parts[2].rfind("log", 0) == 0 ? parts[2].substr(3) : parts[2];
  return parse_count(count_text, n) ? n : 0;
}

}  // namespace

std::vector<GridAxis> parse_grid(const std::vector<std::string>& texts) {
  // The size is counted from the specs before any axis is generated: a grid of two 10^7-value axes is
  // refused at once, not after generating (and checking) twenty million values.
  std::size_t points = 1;
  std::string product;
  for (const auto& t : texts) {
    const std::size_t n = axis_point_bound(t);
    if (n == 0 || n > kMaxAxisPoints) continue;  // a malformed or oversized axis: parse_grid_axis says why
    product += (product.empty() ? "" : " x ") + std::to_string(n);
    if (points > kMaxPoints / n)
      bad(t, t.substr(0, t.find('=')),
          "the grid would have more than 2^40 (" + std::to_string(kMaxPoints) + ") points (" + product +
              " values so far); sweep fewer values, or split the ranges over several sweeps");
    points *= n;
  }
  std::vector<GridAxis> axes;
  for (const auto& t : texts) {
    GridAxis a = parse_grid_axis(t);
    for (const auto& other : axes)
      if (other.key == a.key)
        bad(t, std::string(a.key->path), "swept twice; give all its values in one --grid");
    axes.push_back(std::move(a));
  }
  return axes;
}

GridShape::GridShape(const std::vector<GridAxis>& axes) {
  sizes_.resize(axes.size());
  strides_.resize(axes.size());
  for (std::size_t i = axes.size(); i-- > 0;) {
    sizes_[i] = axes[i].values.size();
    strides_[i] = count_;
    count_ *= sizes_[i];
  }
}

}  // namespace breakeven
