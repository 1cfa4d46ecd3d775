#include "model/sweep/sweep_plan.h"

#include <algorithm>
#include <array>

#include "model/report.h"
#include "model/spec/override_value.h"

namespace breakeven {

namespace {

// Keys read by resolve_prices or by the loader's checks that involve other keys (the cold-start default
// by package and architecture, the delta size required by delta encoding). A value of such a key is
// validated in combination with the other structural values of its point.
constexpr std::array<std::string_view, 13> kStructuralKeys = {"faas.region",
                                                              "faas.arch",
                                                              "faas.package",
                                                              "faas.runtime",
                                                              "faas.billing_date",
                                                              "faas.free_tier",
                                                              "faas.ephemeral_storage_mb",
                                                              "faas.delta_encoding",
                                                              "faas.delta_bytes",
                                                              "iaas.instance",
                                                              "iaas.region",
                                                              "pricing.fallback_region",
                                                              "faas.memory_policy"};

std::string join_problems(const std::vector<Diagnostic>& problems) {
  std::string out;
  for (const auto& d : problems) {
    if (!out.empty()) out += "; ";
    out += d.key.empty() ? d.message : d.key + ": " + d.message;
  }
  return out;
}

}  // namespace

bool is_structural_key(std::string_view path) {
  return std::find(kStructuralKeys.begin(), kStructuralKeys.end(), path) != kStructuralKeys.end();
}

SweepPlan::SweepPlan(const LoadedScenario& base, std::vector<GridAxis> axes)
    : base_(base), axes_(std::move(axes)), shape_(axes_) {
  structural_.resize(axes_.size());
  values_.resize(axes_.size());
  for (std::size_t a = 0; a < axes_.size(); ++a) {
    const KeyDef& key = *axes_[a].key;
    structural_[a] = is_structural_key(key.path);
    if (structural_[a]) {
      structural_axes_.push_back(a);
      continue;
    }
    for (const auto& text : axes_[a].values) {
      Value v;
      // The value is read as `--set` reads it (same parser, same messages: type, unit, range).
      std::vector<Diagnostic> problems;
      v.value = parse_override_value(key, text, SourcePlace{"--grid", 0, 0}, problems);
      if (!v.value) v.error = join_problems(problems);
      // Of the non-structural keys only the memory size takes part in the loader's cross-checks (the
      // platform file's limits): its values also go through the whole loader, on a copy.
      if (v.value && key.path == "faas.memory_mb") {
        try {
          LoadedScenario copy = base_;
          apply_overrides(copy, {std::string(key.path) + "=" + text});
        } catch (const InputError& e) {
          v.value.reset();
          v.error = join_problems(e.diagnostics());
        }
      }
      values_[a].push_back(std::move(v));
    }
  }
  // Every combination of structural values: validated and priced once.
  const std::size_t count = structural_combination_count();
  combinations_.resize(count);
  for (std::size_t c = 0; c < count; ++c) {
    std::vector<std::string> overrides;
    std::size_t rest = c;
    for (std::size_t j = structural_axes_.size(); j-- > 0;) {
      const GridAxis& axis = axes_[structural_axes_[j]];
      overrides.insert(overrides.begin(),
                       std::string(axis.key->path) + "=" + axis.values[rest % axis.values.size()]);
      rest /= axis.values.size();
    }
    try {
      LoadedScenario copy = base_;
      if (!overrides.empty()) apply_overrides(copy, overrides);
      combinations_[c].input = model_input(copy);
    } catch (const InputError& e) {
      combinations_[c].error = join_problems(e.diagnostics());
    } catch (const RunError& e) {
      combinations_[c].error = e.what();
    }
  }
}

std::size_t SweepPlan::structural_combination_count() const {
  std::size_t count = 1;
  std::string keys, sizes;
  for (auto a : structural_axes_) {
    const std::size_t n = axes_[a].values.size();
    keys += (keys.empty() ? "" : " x ") + std::string(axes_[a].key->path);
    sizes += (sizes.empty() ? "" : " x ") + std::to_string(n);
    if (count > kMaxStructuralCombinations / n)
      throw InputError({Diagnostic{
          SourcePlace{"--grid", 0, 0}, "",
          "the grid has more than " + std::to_string(kMaxStructuralCombinations) +
              " combinations of keys that are validated and priced before the sweep (" + keys + ": " + sizes +
              " values); sweep fewer values of these keys, or run one sweep per value of one of them with "
              "--set"}});
    count *= n;
  }
  return count;
}

bool SweepPlan::sweeps(std::string_view key) const {
  return std::any_of(axes_.begin(), axes_.end(), [&](const GridAxis& a) { return a.key->path == key; });
}

std::optional<std::string> SweepPlan::prepare(std::size_t point, PointScratch& scratch) const {
  std::size_t combination = 0;
  for (auto a : structural_axes_) combination = combination * axes_[a].values.size() + shape_.digit(point, a);
  const Combination& c = combinations_[combination];
  if (!c.input) {
    // Every reason at once, as the loader reports every problem of a file.
    std::string error = c.error;
    for (std::size_t a = 0; a < axes_.size(); ++a)
      if (!structural_[a] && !values_[a][shape_.digit(point, a)].value)
        error += "; " + values_[a][shape_.digit(point, a)].error;
    return error;
  }
  if (scratch.combination != combination) {
    scratch.input = *c.input;
    scratch.combination = combination;
  }
  // Every non-structural swept key is overwritten at every point, so the rest of the spec stays the
  // combination's.
  std::string error;
  for (std::size_t a = 0; a < axes_.size(); ++a) {
    if (structural_[a]) continue;
    const Value& v = values_[a][shape_.digit(point, a)];
    if (v.value)
      axes_[a].key->apply(scratch.input.spec, *v.value);
    else
      error += (error.empty() ? "" : "; ") + v.error;
  }
  if (!error.empty()) return error;
  return std::nullopt;
}

std::vector<std::string> SweepPlan::overrides_of(std::size_t point) const {
  std::vector<std::string> out;
  for (std::size_t a = 0; a < axes_.size(); ++a)
    out.push_back(std::string(axes_[a].key->path) + "=" + axes_[a].values[shape_.digit(point, a)]);
  return out;
}

}  // namespace breakeven
