#include "model/break_even.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace breakeven {

namespace {

// 10^(1/100): the grid has 100 points per decade. A literal, not pow(), so the grid is the same on
// every machine whatever its libm.
constexpr double kGridRatio = 1.0232929922807541;

enum class Winner { faas, iaas, none };

struct Sample {
  double interval_s;
  Winner winner;
  bool both_feasible;
  double difference_usd_per_hour;  // faas - iaas, when both are feasible
  bool faas_feasible;
  bool iaas_feasible;
  double faas_cost_usd_per_hour;
};

Sample sample(const ModelInput& in, double interval_s) {
  const FaasResult f = evaluate_faas(in, interval_s);
  const IaasResult i = evaluate_iaas(in, interval_s);
  Sample s{interval_s, Winner::none, f.feasible && i.feasible, 0, f.feasible, i.feasible, f.cost_usd_per_hour};
  if (s.both_feasible) {
    s.difference_usd_per_hour = f.cost_usd_per_hour - i.cost_usd_per_hour;
    s.winner = s.difference_usd_per_hour <= 0 ? Winner::faas : Winner::iaas;
  } else if (f.feasible) {
    s.winner = Winner::faas;
  } else if (i.feasible) {
    s.winner = Winner::iaas;
  }
  return s;
}

const char* name(Winner w) { return w == Winner::faas ? "faas" : w == Winner::iaas ? "iaas" : "none"; }

std::string fmt(double x) {
  std::ostringstream os;
  os.precision(4);
  os << x;
  return os.str();
}

// Bisects [a, b] (both feasible on both sides, different winners) to relative width 1e-12, in the
// geometric mean so that the search is even on the logarithmic axis.
Crossing bisect(const ModelInput& in, Sample a, Sample b) {
  for (int iter = 0; iter < 200 && b.interval_s / a.interval_s - 1 > 1e-12; ++iter) {
    const Sample m = sample(in, std::sqrt(a.interval_s * b.interval_s));
    if (!m.both_feasible) break;
    (m.winner == a.winner ? a : b) = m;
  }
  Crossing c;
  c.interval_s = b.winner == Winner::faas ? b.interval_s : a.interval_s;
  c.cheaper_below = name(a.winner);
  c.cheaper_above = name(b.winner);
  // A jump: at the bracket the cost difference is far from zero relative to either cost's step.
  const double scale = std::max(std::abs(a.difference_usd_per_hour), std::abs(b.difference_usd_per_hour));
  c.jump = scale > 1e-6 * std::max(1e-12, a.faas_cost_usd_per_hour);
  return c;
}

}  // namespace

BreakEven find_break_even(const ModelInput& in, double lo_s, double hi_s) {
  BreakEven out;
  std::vector<Sample> grid;
  for (double x = lo_s; x < hi_s * (1 + 1e-12); x *= kGridRatio) grid.push_back(sample(in, x));
  if (grid.back().interval_s < hi_s) grid.push_back(sample(in, hi_s));

  bool faas_ever = false, iaas_ever = false, both_ever = false, faas_wins_somewhere = false,
       iaas_wins_somewhere = false;
  for (size_t k = 0; k < grid.size(); ++k) {
    const Sample& s = grid[k];
    if (s.faas_feasible && !out.faas_feasible_from_s) out.faas_feasible_from_s = s.interval_s;
    if (s.iaas_feasible && !out.iaas_feasible_from_s) out.iaas_feasible_from_s = s.interval_s;
    faas_ever |= s.faas_feasible;
    iaas_ever |= s.iaas_feasible;
    both_ever |= s.both_feasible;
    if (s.both_feasible) (s.winner == Winner::faas ? faas_wins_somewhere : iaas_wins_somewhere) = true;
    if (k > 0 && s.both_feasible && grid[k - 1].both_feasible && s.winner != grid[k - 1].winner)
      out.crossings.push_back(bisect(in, grid[k - 1], s));
  }

  // The reported break-even: the last crossing where FaaS becomes the cheaper side.
  for (auto it = out.crossings.rbegin(); it != out.crossings.rend(); ++it) {
    if (it->cheaper_above == "faas") {
      out.interval_s = it->interval_s;
      break;
    }
  }
  const std::string range = fmt(lo_s) + " s to " + fmt(hi_s / 86400) + " days";
  if (out.interval_s) {
    out.faas_cost_usd_per_hour = evaluate_faas(in, *out.interval_s).cost_usd_per_hour;
    out.iaas_cost_usd_per_hour = evaluate_iaas(in, *out.interval_s).cost_usd_per_hour;
    const bool jump = std::find_if(out.crossings.begin(), out.crossings.end(), [&](const Crossing& c) {
                        return c.interval_s == *out.interval_s && c.jump;
                      }) != out.crossings.end();
    out.reason = jump ? "FaaS becomes cheaper above this interval through a step in its cost (keep-alive or "
                        "billing), not at an equal cost"
                      : "FaaS is cheaper above this interval, IaaS below it";
    // A later crossing back to IaaS would contradict "above"; report it in the reason.
    if (!out.crossings.empty() && out.crossings.back().cheaper_above == "iaas")
      out.reason += "; IaaS is cheaper again above " + fmt(out.crossings.back().interval_s) + " s";
    return out;
  }
  if (!faas_ever && !iaas_ever) out.reason = "neither side is feasible anywhere from " + range;
  else if (!faas_ever) out.reason = "FaaS is infeasible everywhere from " + range + "; IaaS wins where it is feasible";
  else if (!iaas_ever) out.reason = "IaaS is infeasible everywhere from " + range + "; FaaS wins where it is feasible";
  else if (!both_ever) out.reason = "the two sides are never feasible at the same interval";
  else if (faas_wins_somewhere && !iaas_wins_somewhere)
    out.reason = "FaaS is cheaper wherever both are feasible (from " + fmt(std::max(*out.faas_feasible_from_s,
                                                                                   *out.iaas_feasible_from_s)) +
                 " s to " + fmt(hi_s / 86400) + " days)";
  else if (iaas_wins_somewhere && !faas_wins_somewhere)
    out.reason = "IaaS is cheaper wherever both are feasible, up to " + fmt(hi_s / 86400) + " days";
  else out.reason = "FaaS is cheaper only below the crossing; IaaS is cheaper at long intervals";
  return out;
}

}  // namespace breakeven
