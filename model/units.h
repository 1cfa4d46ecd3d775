// Unit conventions and conversions shared by the whole model.
//
// Quantities carry their unit in their name (interval_s, memory_mb, price_usd_per_gb_s). Storage sizes
// use decimal megabytes (1 MB = 10^6 bytes), as S3 and network bandwidth figures do; Lambda memory
// uses the binary gigabyte AWS bills by (GB-s = memory_mb / 1024 x seconds), as in seed 004 Table 5.1.
#pragma once

#include <cmath>
#include <cstdint>

namespace breakeven {

inline constexpr double kBytesPerMb = 1e6;        // decimal MB for data sizes and bandwidth
inline constexpr double kLambdaMbPerGb = 1024.0;  // AWS bills Lambda memory in GB of 1024 MB
inline constexpr double kSecondsPerHour = 3600.0;
inline constexpr double kHoursPerMonth = 730.0;  // AWS pricing pages' convention for a month
inline constexpr double kSecondsPerDay = 86400.0;
inline constexpr double kBytesPerMib = 1048576.0;             // Lambda memory sizes are in MB of 2^20 bytes
inline constexpr double kBytesPerGib = 1073741824.0;          // EC2 memory is given in GiB
inline constexpr double kMonthOfDaysS = 30 * kSecondsPerDay;  // the longest interval between batches
// The longest simulated window or horizon: 87600 h (10 years); times stay far inside 64-bit microseconds.
inline constexpr double kMaxSimulatedHours = 87600.0;
inline constexpr double kMaxSimulatedS = kMaxSimulatedHours * kSecondsPerHour;

// Rounds a duration to whole microseconds; all billing arithmetic starts from this integer so that
// rounding at the 1 ms edge does not depend on floating-point noise (0.1 + 0.2 s bills 300 ms).
inline std::int64_t to_whole_us(double duration_s) {
  return std::llround(duration_s * 1e6);
}

// Milliseconds billed for a duration, rounded up to a whole multiple of granularity_ms.
inline std::int64_t billed_ms(double duration_s, std::int64_t granularity_ms = 1) {
  const std::int64_t us = to_whole_us(duration_s);
  if (us <= 0) return 0;
  const std::int64_t unit_us = granularity_ms * 1000;
  return ((us + unit_us - 1) / unit_us) * granularity_ms;
}

// Seconds to move `bytes` over a channel with a fixed latency and a bandwidth in MB/s.
inline double transfer_s(double bytes, double bandwidth_mb_s, double latency_s) {
  return latency_s + bytes / (bandwidth_mb_s * kBytesPerMb);
}

}  // namespace breakeven
