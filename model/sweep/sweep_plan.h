// A sweep's plan: the scenario loaded once, each grid value checked once (exactly as `--set` would check
// it, with the same messages), and for each point a ModelInput obtained by applying only the swept values
// to a copy of the spec. Keys that change prices or the loader's cross-checks (region, instance,
// architecture, package ...) are "structural": each combination of their values is validated and priced
// once, up front; every other swept key is applied by its key-table setter, with no YAML and no file read.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "model/analytic.h"
#include "model/spec/load.h"
#include "model/sweep/grid.h"

namespace breakeven {

// A worker's private scratch: the input of the point being evaluated, reused from point to point.
struct PointScratch {
  ModelInput input;
  std::size_t combination = static_cast<std::size_t>(-1);  // which structural combination `input` holds
};

// At most this many combinations of structural values (each about a loader run and a copy of the input).
inline constexpr std::size_t kMaxStructuralCombinations = 100'000;

class SweepPlan {
 public:
  // Validates every value of every axis against `base`; a bad value is not an error of the plan but
  // of the points that use it (their rows say why).
  SweepPlan(const LoadedScenario& base, std::vector<GridAxis> axes);

  const std::vector<GridAxis>& axes() const { return axes_; }
  const GridShape& shape() const { return shape_; }
  std::size_t point_count() const { return shape_.point_count(); }
  bool sweeps(std::string_view key) const;
  // The scenario's spec before any swept value.
  const ScenarioSpec& base_spec() const { return base_.spec; }

  // Fills scratch.input with point `point`'s input. Returns the reason when the point is invalid
  // (a bad value, or a combination the loader rejects), nullopt when the input is ready. Thread-safe
  // for distinct scratches.
  std::optional<std::string> prepare(std::size_t point, PointScratch& scratch) const;

  // The overrides (`key=value`) that describe point `point`, for `whatif --set` and the like.
  std::vector<std::string> overrides_of(std::size_t point) const;

 private:
  struct Value {
    std::optional<KeyValue> value;  // set when valid
    std::string error;              // why not, when invalid
  };
  struct Combination {
    std::optional<ModelInput> input;
    std::string error;
  };
  // The number of structural combinations; throws InputError above kMaxStructuralCombinations, before
  // any is built (each holds a priced input and costs a loader run).
  std::size_t structural_combination_count() const;
  LoadedScenario base_;
  std::vector<GridAxis> axes_;
  GridShape shape_;
  std::vector<bool> structural_;              // by axis
  std::vector<std::vector<Value>> values_;    // by axis, by value (non-structural axes only)
  std::vector<std::size_t> structural_axes_;  // indices of the structural axes, in axis order
  std::vector<Combination> combinations_;     // row-major over the structural axes
};

// Whether a key takes part in price resolution or the loader's cross-checks.
bool is_structural_key(std::string_view path);

}  // namespace breakeven
