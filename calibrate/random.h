// A small seeded random stream (SplitMix64) with its own uniform and normal draws, so synthetic probes
// and batches are the same on every machine and standard library (std:: distributions are not).
#pragma once

#include <cmath>
#include <cstdint>

#include "model/random.h"

namespace breakeven::calibrate {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}

  // Next 64 random bits: the splitmix64 sequence itself (model/random.h).
  std::uint64_t next() { return splitmix64_next(state_); }

  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  // Uniform integer in [0, n).
  std::uint64_t below(std::uint64_t n) { return next() % n; }

  // Standard normal by the Box-Muller transform (one of the pair is used; simple and exact enough).
  double normal() {
    double u1 = uniform();
    while (u1 <= 0) u1 = uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

 private:
  std::uint64_t state_;
};

}  // namespace breakeven::calibrate
