#include "model/learner/biased_mf.h"

#include <algorithm>

#include "model/diagnostics.h"

namespace breakeven {

namespace {
constexpr std::uint32_t kLayoutVersion = 1;
constexpr std::size_t kPrefetchAhead = 8;  // samples; covers ~memory latency at a few ns per update
// learn_many's pipeline: id-index entries 2 x, rows 1 x this many samples ahead (a power of two: the
// looked-up rows wait in a ring of twice that size).
constexpr std::size_t kRowAhead = 8;
constexpr std::size_t kIndexAhead = 2 * kRowAhead;
constexpr std::size_t kRing = 2 * kRowAhead;
}  // namespace

BiasedMf::BiasedMf(const LearnerConfig& c)
    : k_(c.factors),
      stride_(static_cast<std::size_t>(c.factors) + 1),
      lr_(c.mf_learning_rate),
      l2_(c.mf_l2),
      init_std_(c.mf_init_std),
      seed_(c.seed),
      rng_(c.seed) {
  if (k_ < 1 || k_ > 1024) throw RunError("biased_mf: factors must be between 1 and 1024");
}

void BiasedMf::reserve(std::size_t users, std::size_t items) {
  user_params_.reserve(users * stride_);
  item_params_.reserve(items * stride_);
}

double* BiasedMf::add_row(std::vector<double>& params) {
  const std::size_t at = params.size();
  params.resize(at + stride_);
  double* row = params.data() + at;
  row[0] = 0;
  for (int f = 1; f <= k_; ++f) row[f] = rng_.normal() * init_std_;
  return row;
}

double BiasedMf::predict(std::uint64_t user, std::uint64_t item) const {
  const auto u = users_.find(user);
  const auto i = items_.find(item);
  double p = mean_;
  if (u != IdIndex::kAbsent) p += user_params_[u * stride_];
  if (i != IdIndex::kAbsent) p += item_params_[i * stride_];
  if (u != IdIndex::kAbsent && i != IdIndex::kAbsent) {
    const double* pu = user_params_.data() + u * stride_;
    const double* qi = item_params_.data() + i * stride_;
    double dot = 0;
    for (int f = 1; f <= k_; ++f) dot += pu[f] * qi[f];
    p += dot;
  }
  return p;
}

double BiasedMf::predict_one(const Batch& b, std::size_t i) const {
  require_ratings(b);
  return predict(b.user[i], b.item[i]);
}

void BiasedMf::predict_many(const Batch& b, std::span<double> out) const {
  require_ratings(b);
  require_output(out, b.size(), false);
  const std::size_t n = b.size();
  for (std::size_t s = 0; s < n; ++s) {
    if (s + kPrefetchAhead < n) {
      const auto u = users_.find(b.user[s + kPrefetchAhead]);
      const auto it = items_.find(b.item[s + kPrefetchAhead]);
      if (u != IdIndex::kAbsent)
        __builtin_prefetch(user_params_.data() + static_cast<std::size_t>(u) * stride_);
      if (it != IdIndex::kAbsent)
        __builtin_prefetch(item_params_.data() + static_cast<std::size_t>(it) * stride_);
    }
    out[s] = predict(b.user[s], b.item[s]);
  }
}

inline std::int32_t BiasedMf::user_row(std::uint64_t user) {
  bool added = false;
  const auto u = users_.insert(user, added);
  if (added) add_row(user_params_);
  return u;
}

inline std::int32_t BiasedMf::item_row(std::uint64_t item) {
  bool added = false;
  const auto i = items_.insert(item, added);
  if (added) add_row(item_params_);
  return i;
}

inline double BiasedMf::step(double* pu, double* qi, double rating) {
  double dot = 0;
  for (int f = 1; f <= k_; ++f) dot += pu[f] * qi[f];
  const double prediction = mean_ + pu[0] + qi[0] + dot;
  const double err = rating - prediction;
  // The running mean moves after the error is taken. River's BiasedMF updates its mean first; the
  // difference is one rating's weight in the mean, which fades as 1 / n.
  seen_ += 1;
  mean_ += (rating - mean_) / seen_;
  pu[0] += lr_ * (err - l2_ * pu[0]);
  qi[0] += lr_ * (err - l2_ * qi[0]);
  for (int f = 1; f <= k_; ++f) {
    const double p = pu[f], q = qi[f];
    pu[f] = p + lr_ * (err * q - l2_ * p);
    qi[f] = q + lr_ * (err * p - l2_ * q);
  }
  return prediction;
}

double BiasedMf::update(std::uint64_t user, std::uint64_t item, double rating) {
  const auto u = user_row(user);
  const auto i = item_row(item);
  return step(user_params_.data() + static_cast<std::size_t>(u) * stride_,
              item_params_.data() + static_cast<std::size_t>(i) * stride_, rating);
}

inline void BiasedMf::prefetch_row(const std::vector<double>& params, std::int32_t row) const {
  // A row of k + 1 doubles: its first and last bytes (both lines of a row up to 64 bytes across a line
  // boundary; more prefetches per sample would exceed the core's outstanding misses when ids are uniform).
  const char* first = reinterpret_cast<const char*>(params.data() + static_cast<std::size_t>(row) * stride_);
  __builtin_prefetch(first, 1);
  __builtin_prefetch(first + stride_ * sizeof(double) - 1, 1);
}

double BiasedMf::learn_one(const Batch& b, std::size_t i) {
  require_ratings(b);
  return update(b.user[i], b.item[i], b.label[i]);
}

void BiasedMf::learn_many(const Batch& b, std::span<double> predictions_before) {
  require_ratings(b);
  require_output(predictions_before, b.size(), true);
  const std::size_t n = b.size();
  const bool keep = !predictions_before.empty();
  // Rows looked up ahead; kAbsent for an id not yet known then (its row is added at its update, or
  // was added meanwhile by an earlier sample: user_row/item_row find it either way). Rows are never
  // removed, so a row number found ahead stays right.
  std::int32_t ahead_user[kRing], ahead_item[kRing];
  const auto look_up = [&](std::size_t s) {
    const auto u = users_.find(b.user[s]);
    const auto i = items_.find(b.item[s]);
    ahead_user[s % kRing] = u;
    ahead_item[s % kRing] = i;
    if (u != IdIndex::kAbsent) prefetch_row(user_params_, u);
    if (i != IdIndex::kAbsent) prefetch_row(item_params_, i);
  };
  for (std::size_t s = 0; s < std::min(n, kIndexAhead); ++s) {
    users_.prefetch(b.user[s]);
    items_.prefetch(b.item[s]);
  }
  for (std::size_t s = 0; s < std::min(n, kRowAhead); ++s) look_up(s);
  for (std::size_t s = 0; s < n; ++s) {
    if (s + kIndexAhead < n) {
      users_.prefetch(b.user[s + kIndexAhead]);
      items_.prefetch(b.item[s + kIndexAhead]);
    }
    if (s + kRowAhead < n) look_up(s + kRowAhead);
    std::int32_t u = ahead_user[s % kRing], i = ahead_item[s % kRing];
    if (u == IdIndex::kAbsent || i == IdIndex::kAbsent) {
      u = user_row(b.user[s]);  // in update()'s order: the user's row first
      i = item_row(b.item[s]);
    }
    const double p = step(user_params_.data() + static_cast<std::size_t>(u) * stride_,
                          item_params_.data() + static_cast<std::size_t>(i) * stride_, b.label[s]);
    if (keep) predictions_before[s] = p;
  }
}

ModelImage BiasedMf::image() const {
  ModelImage img;
  img.kind = "biased_mf";
  img.kind_version = kLayoutVersion;
  std::uint64_t rng_state[Random::kStateWords];
  rng_.save_state(rng_state);
  std::vector<double> config = {static_cast<double>(k_), lr_, l2_, init_std_, mean_, seen_};
  std::vector<std::uint64_t> state = {seed_};
  state.insert(state.end(), rng_state, rng_state + Random::kStateWords);
  img.tables.push_back(make_table("config", 8, config));
  img.tables.push_back(make_table("state", 8, state));
  const auto row_bytes = static_cast<std::uint32_t>(stride_ * sizeof(double));
  img.tables.push_back(make_table("user_ids", 8, users_.ids()));
  img.tables.push_back(make_table("user_rows", row_bytes, user_params_));
  img.tables.push_back(make_table("item_ids", 8, items_.ids()));
  img.tables.push_back(make_table("item_rows", row_bytes, item_params_));
  return img;
}

void BiasedMf::load_image(const ModelImage& img) {
  if (img.kind != "biased_mf" || img.kind_version != kLayoutVersion)
    throw RunError("not a biased_mf image of layout " + std::to_string(kLayoutVersion) + " (got '" +
                   img.kind + "' layout " + std::to_string(img.kind_version) + ")");
  const auto config = table_values<double>(img.table("config"));
  const auto state = table_values<std::uint64_t>(img.table("state"));
  if (config.size() != 6 || state.size() != 1 + Random::kStateWords)
    throw RunError("biased_mf image: config or state table has the wrong size");
  k_ = static_cast<int>(checked_count(config[0], 1, 1024, "biased_mf factors"));
  stride_ = static_cast<std::size_t>(k_) + 1;
  lr_ = config[1];
  l2_ = config[2];
  init_std_ = config[3];
  mean_ = config[4];
  seen_ = config[5];
  seed_ = state[0];
  rng_.load_state(state.data() + 1);
  users_.assign(table_values<std::uint64_t>(img.table("user_ids")));
  items_.assign(table_values<std::uint64_t>(img.table("item_ids")));
  user_params_ = table_values<double>(img.table("user_rows"));
  item_params_ = table_values<double>(img.table("item_rows"));
  if (user_params_.size() != users_.size() * stride_ || item_params_.size() != items_.size() * stride_)
    throw RunError("biased_mf image: id and row tables disagree");
}

}  // namespace breakeven
