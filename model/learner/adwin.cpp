#include "model/learner/adwin.h"

#include <cmath>

namespace breakeven {

namespace {
double level_size(std::size_t level) {
  return std::ldexp(1.0, static_cast<int>(level));
}
}  // namespace

std::size_t Adwin::bucket_count() const {
  std::size_t n = 0;
  for (const auto& l : levels_) n += l.size();
  return n;
}

bool Adwin::update(double x) {
  if (width_ > 0) {
    const double mean_before = total_ / width_;
    variance_ += width_ * (x - mean_before) * (x - mean_before) / (width_ + 1);
  }
  width_ += 1;
  total_ += x;
  if (levels_.empty()) levels_.emplace_back();
  levels_[0].push_back(Bucket{x, 0});
  compress();
  ++ticks_;
  if (ticks_ % kCheckEvery == 0 && width_ > 2 * kMinSubWindow) return detect();
  return false;
}

void Adwin::compress() {
  for (std::size_t i = 0; i < levels_.size(); ++i) {
    if (levels_[i].size() <= kMaxBucketsPerLevel) break;
    if (i + 1 == levels_.size()) levels_.emplace_back();
    const Bucket a = levels_[i][0], b = levels_[i][1];
    levels_[i].erase(levels_[i].begin(), levels_[i].begin() + 2);
    // Merging two buckets of n values each: the exact combined sum of squared deviations.
    const double n = level_size(i);
    const double diff = a.total / n - b.total / n;
    levels_[i + 1].push_back(
        Bucket{a.total + b.total, a.variance + b.variance + n * n * diff * diff / (2 * n)});
  }
}

void Adwin::drop_oldest() {
  while (!levels_.empty() && levels_.back().empty()) levels_.pop_back();
  if (levels_.empty()) return;
  const std::size_t level = levels_.size() - 1;
  const Bucket b = levels_[level].front();
  levels_[level].erase(levels_[level].begin());
  const double n = level_size(level);
  width_ -= n;
  total_ -= b.total;
  if (width_ > 0) {
    const double d = b.total / n - total_ / width_;
    variance_ -= b.variance + n * width_ * d * d / (n + width_);
  } else {
    variance_ = 0;
  }
  if (variance_ < 0) variance_ = 0;
  while (!levels_.empty() && levels_.back().empty()) levels_.pop_back();
}

bool Adwin::detect() {
  bool changed = false;
  for (bool cut = true; cut && width_ > 2 * kMinSubWindow;) {
    cut = false;
    const double dd = std::log(2 * std::log(width_) / delta_);
    const double v = variance_ / width_;
    double n0 = 0, u0 = 0;
    // Split points from the oldest bucket to the newest: W0 = the older part, W1 = the rest.
    for (std::size_t li = levels_.size(); li-- > 0 && !cut;) {
      const double size = level_size(li);
      for (std::size_t j = 0; j < levels_[li].size(); ++j) {
        n0 += size;
        u0 += levels_[li][j].total;
        const double n1 = width_ - n0;
        if (n1 < kMinSubWindow) break;
        if (n0 < kMinSubWindow) continue;
        const double m = 1 / (n0 - kMinSubWindow + 1) + 1 / (n1 - kMinSubWindow + 1);
        const double eps = std::sqrt(2 * m * v * dd) + 2.0 / 3.0 * dd * m;
        if (std::fabs(u0 / n0 - (total_ - u0) / n1) > eps) {
          drop_oldest();
          cut = changed = true;
          break;
        }
      }
    }
  }
  return changed;
}

void Adwin::save_header(double* out) const {
  out[0] = delta_;
  out[1] = total_;
  out[2] = variance_;
  out[3] = width_;
  out[4] = static_cast<double>(ticks_);
}

void Adwin::save_buckets(std::vector<double>& out) const {
  for (std::size_t li = 0; li < levels_.size(); ++li)
    for (const auto& b : levels_[li]) {
      out.push_back(static_cast<double>(li));
      out.push_back(b.total);
      out.push_back(b.variance);
    }
}

bool Adwin::load(const double* h, const double* buckets, std::size_t count) {
  if (!(h[0] > 0 && h[0] < 1) || !(h[3] >= 0) || !(h[4] >= 0) || h[4] > 9e15) return false;
  delta_ = h[0];
  total_ = h[1];
  variance_ = h[2];
  width_ = h[3];
  ticks_ = static_cast<std::uint64_t>(h[4]);
  levels_.clear();
  double width = 0;
  for (std::size_t k = 0; k < count; ++k) {
    const double level = buckets[3 * k];
    if (!(level >= 0 && level < 64) || level != std::floor(level)) return false;
    const auto li = static_cast<std::size_t>(level);
    if (li >= levels_.size()) levels_.resize(li + 1);
    if (levels_[li].size() >= kMaxBucketsPerLevel + 1) return false;
    levels_[li].push_back(Bucket{buckets[3 * k + 1], buckets[3 * k + 2]});
    width += level_size(li);
  }
  return width == width_;
}

}  // namespace breakeven
