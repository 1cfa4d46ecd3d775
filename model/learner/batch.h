// A chunk of samples in one layout for every learner: (user, item, rating) triples for matrix
// factorisation, dense feature rows with a label for the others.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace breakeven {

struct Batch {
  std::size_t feature_count = 0;    // dense features per sample (0 for rating samples)
  std::vector<std::uint64_t> user;  // rating samples: user id (empty for dense samples)
  std::vector<std::uint64_t> item;  // rating samples: item id
  std::vector<double> features;     // dense samples: row-major, size() x feature_count
  std::vector<double> label;        // rating, regression target or class (0/1); one per sample

  std::size_t size() const { return label.size(); }
  const double* row(std::size_t i) const { return features.data() + i * feature_count; }
  void clear() {
    user.clear();
    item.clear();
    features.clear();
    label.clear();
  }
  // Copies sample i of `from` to the end of this batch (same layout assumed).
  void push_from(const Batch& from, std::size_t i) {
    feature_count = from.feature_count;
    if (!from.user.empty()) {
      user.push_back(from.user[i]);
      item.push_back(from.item[i]);
    }
    features.insert(features.end(), from.row(i), from.row(i) + from.feature_count);
    label.push_back(from.label[i]);
  }
};

}  // namespace breakeven
