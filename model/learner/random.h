// A small seeded random generator with its own distribution code, so a seed gives the same numbers with
// every standard library (std::normal_distribution and friends differ between implementations).
#pragma once

#include <cmath>
#include <cstdint>

namespace breakeven {

// SplitMix64 (Steele, Lea, Flood 2014): expands one 64-bit seed into well-mixed state words.
inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// xoshiro256** (Blackman and Vigna 2018) with uniform, normal and Bernoulli draws.
class Random {
 public:
  explicit Random(std::uint64_t seed = 0) { reseed(seed); }

  void reseed(std::uint64_t seed) {
    std::uint64_t sm = seed;
    for (auto& w : s_) w = splitmix64(sm);
    has_spare_ = false;
    spare_ = 0;
  }

  std::uint64_t next_u64() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

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
    for (int i = 0; i < 4; ++i) out[i] = s_[i];
    out[4] = has_spare_ ? 1 : 0;
    std::uint64_t bits;
    static_assert(sizeof(bits) == sizeof(spare_));
    __builtin_memcpy(&bits, &spare_, sizeof(bits));
    out[5] = bits;
  }
  void load_state(const std::uint64_t in[kStateWords]) {
    for (int i = 0; i < 4; ++i) s_[i] = in[i];
    has_spare_ = in[4] != 0;
    __builtin_memcpy(&spare_, &in[5], sizeof(spare_));
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4] = {0, 0, 0, 0};
  bool has_spare_ = false;
  double spare_ = 0;
};

}  // namespace breakeven
