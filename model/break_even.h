// The break-even interval: where FaaS and IaaS cost the same per hour, searched between 1 ms and
// 30 days. Costs are piecewise smooth in the interval (1 ms billing, the keep-alive threshold), so the
// solver scans a logarithmic grid for changes of the cheaper side and bisects each one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/analytic.h"
#include "model/units.h"

namespace breakeven {

inline constexpr double kBreakEvenMinInterval_s = 1e-3;
inline constexpr double kBreakEvenMaxInterval_s = kMonthOfDaysS;

// A point where the cheaper side changes as the interval grows.
struct Crossing {
  double interval_s = 0;
  std::string cheaper_below;  // "faas", "iaas", or "none" (neither feasible)
  std::string cheaper_above;
  bool by_cost = true;  // both sides feasible on both sides: the costs cross; else feasibility changes
  bool jump = false;    // the costs jump past each other (keep-alive or billing step), no equality
};

// A range of intervals over which the same side is cheaper (or feasible at all).
struct Segment {
  double from_s = 0;
  double to_s = 0;
  std::string cheaper;  // "faas", "iaas" or "none"
};

struct BreakEven {
  std::optional<double> interval_s;  // the first interval where the costs cross and FaaS becomes cheaper
  std::string reason;                // why it is null, or what it means
  std::vector<Crossing> crossings;   // every change of the cheaper side, by cost or by feasibility
  std::vector<Segment> segments;     // the cheaper side over the whole searched range
  std::optional<double> faas_feasible_from_s;  // smallest interval where FaaS is feasible (first such range)
  std::optional<double> iaas_feasible_from_s;
  double faas_cost_usd_per_hour = 0;  // both costs at interval_s (when found)
  double iaas_cost_usd_per_hour = 0;
};

// Finds the break-even interval of `in` between lo_s and hi_s.
BreakEven find_break_even(const ModelInput& in, double lo_s = kBreakEvenMinInterval_s,
                          double hi_s = kBreakEvenMaxInterval_s);

}  // namespace breakeven
