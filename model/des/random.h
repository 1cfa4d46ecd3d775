// The simulator's random streams: the project's engine (model/random.h), one stream per entity, and
// distributions from IEEE arithmetic alone (the exponential by a ziggurat, model/des/ziggurat.h), so
// output is the same on every machine.
#pragma once

#include <cmath>
#include <cstdint>

#include "model/des/ziggurat.h"
#include "model/random.h"

namespace breakeven::des {

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

// Seeds of the streams are expanded by the project's splitmix64.
using breakeven::splitmix64_next;

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
    engine_.seed_from_splitmix(seed ^ (0xD1B54A32D192ED03ull * (static_cast<std::uint64_t>(id) + 1)));
  }

  std::uint64_t next_u64() { return engine_.next_u64(); }

  // Uniform in [0, 1) with 53 random bits.
  double uniform01() { return engine_.uniform01(); }

  // Uniform in (0, 1]: safe to take the logarithm of.
  double uniform_open0() { return static_cast<double>((next_u64() >> 11) + 1) * 0x1.0p-53; }

  // Exponential with the given mean: mean x Exp(1), Exp(1) by the ziggurat.
  double exponential(double mean) {
    return mean * ziggurat_exponential([this] { return next_u64(); });
  }

  // Uniform in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }

 private:
  Xoshiro256 engine_;
};

}  // namespace breakeven::des
