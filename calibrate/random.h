// A small seeded random stream (SplitMix64) with its own uniform and normal draws, so synthetic probes
// and batches are the same on every machine and standard library (std:: distributions are not).
#pragma once

#include <cmath>
#include <cstdint>

namespace breakeven::calibrate {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}

  // Next 64 random bits (Steele, Lea, Flood 2014: SplitMix64 constants).
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

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
