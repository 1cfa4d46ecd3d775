// Feature means and variances learned online (Welford 1962), used to standardise dense inputs.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace breakeven {

class RunningStandardizer {
 public:
  explicit RunningStandardizer(std::size_t d = 0) : mean_(d, 0.0), m2_(d, 0.0) {}
  void observe(const double* x) {
    count_ += 1;
    for (std::size_t j = 0; j < mean_.size(); ++j) {
      const double delta = x[j] - mean_[j];
      mean_[j] += delta / count_;
      m2_[j] += delta * (x[j] - mean_[j]);
    }
  }
  // out = (x - mean) / std; a feature with no spread yet maps to x - mean.
  void apply(const double* x, double* out) const {
    for (std::size_t j = 0; j < mean_.size(); ++j) {
      const double var = count_ > 1 ? m2_[j] / count_ : 0.0;
      out[j] = var > 0 ? (x[j] - mean_[j]) / std::sqrt(var) : x[j] - mean_[j];
    }
  }
  // State as doubles: count, means, m2s.
  std::vector<double> state() const {
    std::vector<double> s{count_};
    s.insert(s.end(), mean_.begin(), mean_.end());
    s.insert(s.end(), m2_.begin(), m2_.end());
    return s;
  }
  bool load_state(const std::vector<double>& s, std::size_t d) {
    if (s.size() != 1 + 2 * d) return false;
    count_ = s[0];
    mean_.assign(s.begin() + 1, s.begin() + 1 + static_cast<std::ptrdiff_t>(d));
    m2_.assign(s.begin() + 1 + static_cast<std::ptrdiff_t>(d), s.end());
    return true;
  }

 private:
  double count_ = 0;
  std::vector<double> mean_, m2_;
};

}  // namespace breakeven
