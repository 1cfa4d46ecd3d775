// Power-law (Zipf) sampling over ranks 0..n-1 with P(rank r) proportional to 1 / (r + 1)^exponent, by
// binary search in the cumulative table; uses the project's own uniform draws for determinism.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

#include "model/learner/random.h"

namespace breakeven {

class ZipfSampler {
 public:
  ZipfSampler(std::size_t n, double exponent) : cdf_(n) {
    double sum = 0;
    for (std::size_t r = 0; r < n; ++r) {
      sum += std::pow(static_cast<double>(r + 1), -exponent);
      cdf_[r] = sum;
    }
    for (auto& c : cdf_) c /= sum;
  }
  std::size_t sample(Random& rng) const {
    const double u = rng.uniform();
    const auto it = std::upper_bound(cdf_.begin(), cdf_.end(), u);
    return std::min<std::size_t>(static_cast<std::size_t>(it - cdf_.begin()), cdf_.size() - 1);
  }
  double probability(std::size_t r) const { return r == 0 ? cdf_[0] : cdf_[r] - cdf_[r - 1]; }

 private:
  std::vector<double> cdf_;
};

}  // namespace breakeven
