// The project's one random engine, so a seed gives the same numbers with every standard library
// (std:: engines' seeding and std:: distributions differ between implementations): splitmix64 to expand
// seeds (Steele, Lea, Flood 2014) and xoshiro256** (Blackman and Vigna 2018, https://prng.di.unimi.it/,
// public-domain algorithms, reimplemented here). The simulator (model/des/random.h), the learners and
// streams (model/learner/random.h) and the calibration tests build their draws on it.
#pragma once

#include <cstdint>

namespace breakeven {

// splitmix64: one 64-bit state; each call advances it and returns 64 well-mixed bits.
inline std::uint64_t splitmix64_next(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// xoshiro256** (period 2^256 - 1), its four state words filled from a splitmix64 state.
class Xoshiro256 {
 public:
  static constexpr int kWords = 4;

  void seed_from_splitmix(std::uint64_t splitmix_state) {
    for (auto& word : s_) word = splitmix64_next(splitmix_state);
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
  double uniform01() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

  // The raw state, so an owner can save and restore its stream exactly.
  std::uint64_t word(int i) const { return s_[i]; }
  void set_word(int i, std::uint64_t value) { s_[i] = value; }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[kWords] = {0, 0, 0, 0};
};

}  // namespace breakeven
