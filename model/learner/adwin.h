// ADWIN, adaptive windowing (Bifet and Gavalda 2007, "Learning from time-changing data with adaptive
// windowing", ADWIN2): keeps a window of recent values in an exponential histogram of buckets and drops
// its oldest part whenever two sub-windows have means that differ by more than the bound
// eps = sqrt(2 m v ln(2 ln(n) / delta)) + (2/3) m ln(2 ln(n) / delta), m = 1/(n0 - 4) + 1/(n1 - 4)
// (the variance-aware form of MOA's ADWIN, v the window variance). Used by the adaptive Hoeffding tree
// to notice that a subtree's error rate went up.
#pragma once

#include <cstdint>
#include <vector>

namespace breakeven {

class Adwin {
 public:
  Adwin() = default;
  explicit Adwin(double delta) : delta_(delta) {}
  // Adds a value; returns true when a change was detected (the window dropped its oldest part).
  bool update(double x);
  double mean() const { return width_ > 0 ? total_ / width_ : 0; }
  double width() const { return width_; }
  double variance() const { return width_ > 0 ? variance_ / width_ : 0; }  // population variance
  std::size_t bucket_count() const;

  // State as doubles, for model images: header (delta, total, variance sum, width, ticks), then
  // per bucket (level, total, variance sum), oldest level last.
  static constexpr std::size_t kHeaderValues = 5;
  void save_header(double* out) const;
  void save_buckets(std::vector<double>& out) const;  // appends 3 values per bucket
  // Restores from a header and `buckets` triples; returns false when they are inconsistent.
  bool load(const double* header, const double* buckets, std::size_t bucket_count);

 private:
  struct Bucket {
    double total = 0, variance = 0;  // sum of the values, sum of squared deviations from their mean
  };
  static constexpr std::size_t kMaxBucketsPerLevel = 5;  // M in the paper; MOA's default
  static constexpr std::uint64_t kCheckEvery = 32;       // MOA checks for a cut every 32 values
  static constexpr double kMinSubWindow = 5;             // MOA's mintMinWinLength
  void compress();
  bool detect();
  void drop_oldest();

  double delta_ = 0.002;  // MOA's and River's default
  double total_ = 0, variance_ = 0, width_ = 0;
  std::uint64_t ticks_ = 0;
  std::vector<std::vector<Bucket>> levels_;  // level i holds buckets of 2^i values, oldest first
};

}  // namespace breakeven
