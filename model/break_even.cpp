#include "model/break_even.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "model/text.h"

namespace breakeven {

namespace {

// 10^(1/100): the grid has 100 points per decade. A literal, not pow(), so the grid is the same on
// every machine whatever its libm.
constexpr double kGridRatio = 1.0232929922807541;

struct Sample {
  double interval_s;
  Side winner;
  bool both_feasible;
  double difference_usd_per_hour;  // faas - iaas, when both are feasible
  bool faas_feasible;
  bool iaas_feasible;
  double faas_cost_usd_per_hour;
};

Sample sample(const ModelInput& in, double interval_s) {
  const FaasResult f = evaluate_faas(in, interval_s);
  const IaasResult i = evaluate_iaas(in, interval_s);
  Sample s{interval_s, cheaper_side(f, i), f.feasible && i.feasible, 0,
           f.feasible, i.feasible,         f.cost_usd_per_hour};
  if (s.both_feasible) s.difference_usd_per_hour = f.cost_usd_per_hour - i.cost_usd_per_hour;
  return s;
}

// Bisects [a, b] (different winners) to relative width 1e-12, in the geometric mean so that the search
// is even on the logarithmic axis. Works for cost crossings and for feasibility boundaries alike.
Crossing bisect_once(const ModelInput& in, Sample a, Sample b, Sample* right_of_crossing) {
  const Side left = a.winner;
  const bool by_cost = a.both_feasible && b.both_feasible;
  for (int iter = 0; iter < 200 && b.interval_s / a.interval_s - 1 > 1e-12; ++iter) {
    const Sample m = sample(in, std::sqrt(a.interval_s * b.interval_s));
    (m.winner == left ? a : b) = m;
  }
  Crossing c;
  c.interval_s = b.interval_s;
  c.cheaper_below = to_string(a.winner);
  c.cheaper_above = to_string(b.winner);
  c.by_cost = by_cost && a.both_feasible && b.both_feasible;
  // A jump: at the bracket the cost difference is far from zero compared with the costs themselves.
  const double gap = std::max(std::abs(a.difference_usd_per_hour), std::abs(b.difference_usd_per_hour));
  c.jump = c.by_cost && gap > 1e-6 * std::max(1e-12, a.faas_cost_usd_per_hour);
  *right_of_crossing = b;
  return c;
}

// Every change of the winner between grid points a and b: when a third winner lies between them
// (none -> iaas -> faas within one step), the part right of the first change is searched again.
void bisect(const ModelInput& in, Sample a, const Sample& b, std::vector<Crossing>& out) {
  for (int depth = 0; depth < 8 && a.winner != b.winner; ++depth) {
    Sample right{};
    out.push_back(bisect_once(in, a, b, &right));
    if (right.winner == b.winner) return;
    a = right;
  }
}

// The smallest feasible interval of one side, to relative 1e-12: bisects between the last infeasible
// grid point and the first feasible one.
std::optional<double> feasible_from(const ModelInput& in, const std::vector<Sample>& grid, bool faas) {
  auto ok = [&](const Sample& s) { return faas ? s.faas_feasible : s.iaas_feasible; };
  for (size_t k = 0; k < grid.size(); ++k) {
    if (!ok(grid[k])) continue;
    if (k == 0) return grid[0].interval_s;
    double a = grid[k - 1].interval_s, b = grid[k].interval_s;
    for (int iter = 0; iter < 200 && b / a - 1 > 1e-12; ++iter) {
      const double m = std::sqrt(a * b);
      (ok(sample(in, m)) ? b : a) = m;
    }
    return b;
  }
  return std::nullopt;
}

}  // namespace

BreakEven find_break_even(const ModelInput& in, double lo_s, double hi_s) {
  BreakEven out;
  std::vector<double> points;
  for (double x = lo_s; x < hi_s * (1 + 1e-12); x *= kGridRatio) points.push_back(x);
  if (points.back() < hi_s) points.push_back(hi_s);
  // Both sides of each keep-alive edge, where the costs step.
  for (double edge : keep_alive_edges_s(in))
    if (edge > lo_s && edge * (1 + 1e-12) < hi_s) {
      points.push_back(edge);
      points.push_back(edge * (1 + 1e-12));
    }
  std::sort(points.begin(), points.end());
  std::vector<Sample> grid;
  grid.reserve(points.size());
  for (double x : points) grid.push_back(sample(in, x));

  bool both_ever = false, faas_wins_somewhere = false, iaas_wins_somewhere = false;
  for (size_t k = 0; k < grid.size(); ++k) {
    const Sample& s = grid[k];
    both_ever |= s.both_feasible;
    if (s.both_feasible) (s.winner == Side::faas ? faas_wins_somewhere : iaas_wins_somewhere) = true;
    if (k > 0 && s.winner != grid[k - 1].winner) bisect(in, grid[k - 1], s, out.crossings);
  }
  out.faas_feasible_from_s = feasible_from(in, grid, true);
  out.iaas_feasible_from_s = feasible_from(in, grid, false);
  // Segments between the crossings.
  double from = lo_s;
  std::string current = to_string(grid.front().winner);
  for (const auto& c : out.crossings) {
    out.segments.push_back(Segment{from, c.interval_s, current});
    from = c.interval_s;
    current = c.cheaper_above;
  }
  out.segments.push_back(Segment{from, hi_s, current});

  // The reported break-even: the first crossing of the costs where FaaS becomes the cheaper side.
  for (const auto& c : out.crossings) {
    if (c.by_cost && c.cheaper_above == "faas") {
      out.interval_s = c.interval_s;
      out.reason = c.jump
                       ? "FaaS becomes cheaper above this interval through a step in its cost (keep-alive or "
                         "billing), not at an equal cost"
                       : "FaaS is cheaper above this interval, IaaS below it";
      break;
    }
  }
  const std::string range = short_number(lo_s, 4) + " s to " + short_number(hi_s / 86400, 4) + " days";
  if (out.interval_s) {
    out.faas_cost_usd_per_hour = evaluate_faas(in, *out.interval_s).cost_usd_per_hour;
    out.iaas_cost_usd_per_hour = evaluate_iaas(in, *out.interval_s).cost_usd_per_hour;
    // Ranges below the break-even where FaaS already wins (IaaS infeasible there), and ranges above it
    // where FaaS is not the cheaper side after all.
    for (const auto& seg : out.segments)
      if (seg.to_s < *out.interval_s && seg.cheaper == "faas")
        out.reason += "; FaaS is also the cheaper side from " + short_number(seg.from_s, 4) + " s to " +
                      short_number(seg.to_s, 4) + " s";
    for (const auto& seg : out.segments) {
      if (seg.from_s < *out.interval_s || seg.cheaper == "faas") continue;
      out.reason += seg.cheaper == "iaas"
                        ? "; but IaaS is cheaper again from " + short_number(seg.from_s, 4) + " s to " +
                              short_number(seg.to_s, 4) + " s"
                        : "; but neither side is feasible from " + short_number(seg.from_s, 4) + " s to " +
                              short_number(seg.to_s, 4) + " s";
    }
    return out;
  }
  if (!out.faas_feasible_from_s && !out.iaas_feasible_from_s)
    out.reason = "neither side is feasible anywhere from " + range;
  else if (!out.faas_feasible_from_s)
    out.reason = "FaaS is infeasible everywhere from " + range + "; IaaS wins where it is feasible";
  else if (!out.iaas_feasible_from_s)
    out.reason = "IaaS is infeasible everywhere from " + range + "; FaaS wins where it is feasible";
  else if (!both_ever)
    out.reason = "the two sides are never feasible at the same interval";
  else if (faas_wins_somewhere && !iaas_wins_somewhere)
    out.reason = "FaaS is cheaper wherever both are feasible (from " +
                 short_number(std::max(*out.faas_feasible_from_s, *out.iaas_feasible_from_s), 4) + " s to " +
                 short_number(hi_s / 86400, 4) + " days)";
  else if (iaas_wins_somewhere && !faas_wins_somewhere)
    out.reason =
        "IaaS is cheaper wherever both are feasible, up to " + short_number(hi_s / 86400, 4) + " days";
  else
    out.reason = "FaaS is cheaper only at short intervals; IaaS is cheaper at long ones";
  return out;
}

}  // namespace breakeven
