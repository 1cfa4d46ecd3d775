// A small seeded random generator with its own distribution code, so a seed gives the same numbers with
// every standard library (std::normal_distribution and friends differ between implementations).
#pragma once

#include <cmath>
#include <cstdint>

#include "model/random.h"

namespace breakeven {

// The project's engine (model/random.h) with uniform, normal and Bernoulli draws.
class Random {
 public:
  explicit Random(std::uint64_t seed = 0) { reseed(seed); }

  void reseed(std::uint64_t seed) {
    engine_.seed_from_splitmix(seed);
    has_spare_ = false;
    spare_ = 0;
  }

  std::uint64_t next_u64() { return engine_.next_u64(); }

  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return engine_.uniform01(); }

  // Uniform in (0, 1]: safe to take the logarithm of.
  double uniform_open_zero() { return 1.0 - uniform(); }

  // Standard normal by the Box-Muller transform; the second value of each pair is kept for the next call.
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double r = std::sqrt(-2.0 * std::log(uniform_open_zero()));
    const double theta = 6.283185307179586 * uniform();
    spare_ = r * std::sin(theta);
    has_spare_ = true;
    return r * std::cos(theta);
  }

  double normal(double mean, double stddev) { return mean + stddev * normal(); }

  bool bernoulli(double p) { return uniform() < p; }

  // The full state, so a model that owns a generator can be saved and restored exactly.
  static constexpr int kStateWords = 6;
  void save_state(std::uint64_t out[kStateWords]) const {
    for (int i = 0; i < Xoshiro256::kWords; ++i) out[i] = engine_.word(i);
    out[4] = has_spare_ ? 1 : 0;
    std::uint64_t bits;
    static_assert(sizeof(bits) == sizeof(spare_));
    __builtin_memcpy(&bits, &spare_, sizeof(bits));
    out[5] = bits;
  }
  void load_state(const std::uint64_t in[kStateWords]) {
    for (int i = 0; i < Xoshiro256::kWords; ++i) engine_.set_word(i, in[i]);
    has_spare_ = in[4] != 0;
    __builtin_memcpy(&spare_, &in[5], sizeof(spare_));
  }

 private:
  Xoshiro256 engine_;
  bool has_spare_ = false;
  double spare_ = 0;
};

}  // namespace breakeven
