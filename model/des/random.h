// Random numbers the simulator owns, so that output is the same on every standard library:
// xoshiro256** seeded through splitmix64 (Blackman and Vigna, https://prng.di.unimi.it/, public-domain
// algorithms, reimplemented here), and distributions by inversion.
#pragma once

#include <cmath>
#include <cstdint>

namespace breakeven::des {

// Natural logarithm for x > 0 from IEEE arithmetic alone, so that random draws do not depend on the
// maths library's last bit (libm's log may differ between versions and machines). x = m 2^e with m in
// [sqrt(1/2), sqrt(2)); log m = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.1716, by its odd series to
// s^23 (the next term is below 2^-60 relative); e ln 2 is added in two parts to keep its precision.
inline double portable_log(double x) {
  int e = 0;
  double m = std::frexp(x, &e);  // x = m 2^e, m in [0.5, 1): exact
  if (m < 0.70710678118654752440) {
    m *= 2;
    --e;
  }
  const double s = (m - 1) / (m + 1);
  const double s2 = s * s;
  double series = 1.0 / 23;
  for (int k = 21; k >= 1; k -= 2) series = 1.0 / k + s2 * series;
  constexpr double kLn2Hi = 6.93147180369123816490e-01;  // ln 2 split as in fdlibm's e_log.c constants
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  return e * kLn2Hi + (2 * s * series + e * kLn2Lo);
}

// Cosine from IEEE arithmetic alone (for the daily arrival cycle), reduced to [-pi, pi] and summed by
// its Taylor series to x^30 (error below 1e-16 on that range).
inline double portable_cos(double x) {
  constexpr double kTwoPi = 6.28318530717958647692;
  x -= kTwoPi * std::nearbyint(x / kTwoPi);
  const double x2 = x * x;
  double sum = 1;
  for (int k = 30; k >= 2; k -= 2) sum = 1 - x2 / (k * (k - 1)) * sum;
  return sum;
}

// splitmix64: one 64-bit state; used to expand seeds and derive independent streams.
inline std::uint64_t splitmix64_next(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Which entity a stream belongs to; each gets its own stream from the scenario seed.
enum class StreamId : std::uint64_t {
  arrivals = 1,
  arrival_modulation = 2,
  faas_service = 3,
  faas_cache = 4,
  faas_keep_alive = 5,
  iaas_service = 6,
  jitter = 7,
  faas_forced_cold = 8,
};

// One random stream (xoshiro256**, period 2^256 - 1).
class RandomStream {
 public:
  // The stream of entity `id` under scenario seed `seed`: independent seeds for different ids.
  RandomStream(std::uint64_t seed, StreamId id) {
    std::uint64_t sm = seed ^ (0xD1B54A32D192ED03ull * (static_cast<std::uint64_t>(id) + 1));
    for (auto& word : s_) word = splitmix64_next(sm);
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

  // Uniform in (0, 1]: safe to take the logarithm of.
  double uniform_open0() { return static_cast<double>((next_u64() >> 11) + 1) * 0x1.0p-53; }

  // Exponential with the given mean, by inversion: -mean ln U, U in (0, 1].
  double exponential(double mean) { return -mean * portable_log(uniform_open0()); }

  // Uniform in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

}  // namespace breakeven::des
