// Percentiles in bounded memory: a histogram whose buckets are 1/128 of a power of two wide (the top
// 7 mantissa bits of the double), so every bucket spans a relative width of at most 2^-7 and the
// bucket midpoint reported is within 0.4% (2^-8) of every value in it. Values from 2^-30 s (about
// 1 ns) to 2^33 s (about 272 years) are resolved; smaller values count as 0 and larger as the maximum.
// Memory: 63 x 128 counters whatever the number of values.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

namespace breakeven::des {

class LogHistogram {
 public:
  static constexpr int kMantissaBits = 7;
  static constexpr int kMinExponent = -30;
  static constexpr int kMaxExponent = 33;
  static constexpr double kRelativeError = 1.0 / 256;  // half a bucket's relative width

  LogHistogram() : counts_(static_cast<std::size_t>(kBuckets) + 1, 0) {}

  void add(double x) {
    ++n_;
    sum_ += x;
    if (x > max_) max_ = x;
    if (n_ == 1 || x < min_) min_ = x;
    counts_[bucket_of(x)]++;
  }

  std::uint64_t count() const { return n_; }
  double mean() const { return n_ ? sum_ / static_cast<double>(n_) : 0; }
  double max() const { return max_; }
  double min() const { return n_ ? min_ : 0; }

  // The q-quantile (0 < q <= 1) as the midpoint of the bucket holding the ceil(q n)-th smallest value,
  // clamped to the exact minimum and maximum: a bucket midpoint may lie outside the values actually
  // seen, and a percentile above the maximum (or below the minimum) is never right. When every value
  // is equal (fixed-interval runs) this makes every percentile exact.
  double quantile(double q) const {
    if (n_ == 0) return 0;
    std::uint64_t rank = static_cast<std::uint64_t>(q * static_cast<double>(n_));
    if (static_cast<double>(rank) < q * static_cast<double>(n_)) ++rank;
    if (rank == 0) rank = 1;
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      seen += counts_[i];
      if (seen >= rank) return clamp_to_seen(i == 0 ? 0 : midpoint(static_cast<int>(i)));
    }
    return max_;
  }

 private:
  static constexpr int kBuckets = (kMaxExponent - kMinExponent) << kMantissaBits;

  double clamp_to_seen(double x) const {
    if (x < min_) return min_;
    if (x > max_) return max_;
    return x;
  }

  // Bucket 0 holds values below 2^kMinExponent (and 0); buckets 1..kBuckets the rest, clamped.
  static std::size_t bucket_of(double x) {
    if (!(x >= 0x1.0p-30)) return 0;
    std::uint64_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    // For positive doubles the bit pattern is monotone: exponent then mantissa.
    const std::int64_t key = static_cast<std::int64_t>(bits >> (52 - kMantissaBits));
    const std::int64_t base = static_cast<std::int64_t>(1023 + kMinExponent) << kMantissaBits;
    std::int64_t i = key - base + 1;
    if (i > kBuckets) i = kBuckets;
    return static_cast<std::size_t>(i);
  }

  static double midpoint(int bucket) {
    const std::int64_t key = (static_cast<std::int64_t>(1023 + kMinExponent) << kMantissaBits) + bucket - 1;
    const std::uint64_t lo_bits = static_cast<std::uint64_t>(key) << (52 - kMantissaBits);
    const std::uint64_t hi_bits = static_cast<std::uint64_t>(key + 1) << (52 - kMantissaBits);
    double lo, hi;
    std::memcpy(&lo, &lo_bits, sizeof lo);
    std::memcpy(&hi, &hi_bits, sizeof hi);
    return 0.5 * (lo + hi);
  }

  std::vector<std::uint64_t> counts_;
  std::uint64_t n_ = 0;
  double sum_ = 0;
  double max_ = 0;
  double min_ = 0;
};

// Time-weighted mean and maximum of a level that changes at events (queue length, instances).
class TimeWeighted {
 public:
  void set(std::int64_t now_us, double level) {
    area_ += level_ * static_cast<double>(now_us - last_us_);
    last_us_ = now_us;
    level_ = level;
    if (level > max_) max_ = level;
  }
  // Mean over [0, end_us]; the level is held from its last change to end_us.
  double mean(std::int64_t end_us) const {
    if (end_us <= 0) return level_;
    const double area = area_ + level_ * static_cast<double>(end_us - last_us_);
    return area / static_cast<double>(end_us);
  }
  double max() const { return max_; }
  double level() const { return level_; }

 private:
  double area_ = 0;
  std::int64_t last_us_ = 0;
  double level_ = 0;
  double max_ = 0;
};

}  // namespace breakeven::des
