#include "model/learner/hoeffding_tree.h"

#include <algorithm>
#include <cmath>

#include "model/diagnostics.h"

namespace breakeven {

namespace {
constexpr std::uint32_t kLayoutVersion = 2;  // 2: adaptive fields (alternate, ADWIN state)
constexpr double kPi = 3.141592653589793;
constexpr std::size_t kNodeHeader =
    11 + 1 + Adwin::kHeaderValues + 1;  // doubles per node before the estimators
// Both error windows must hold this many samples before an alternate is judged (River's
// drift_window_threshold default).
constexpr double kSwitchMinWidth = 300;
constexpr double kSwitchDelta = 0.05;  // confidence of the switch test (MOA's fDelta)
constexpr std::size_t kGaussianFields = 5;

double entropy2(double a, double b) {
  const double n = a + b;
  if (n <= 0) return 0;
  double h = 0;
  for (double c : {a, b})
    if (c > 0) h -= c / n * std::log2(c / n);
  return h;
}
}  // namespace

void HoeffdingTree::Gaussian::add(double x) {
  if (n == 0) {
    min = max = x;
  } else {
    min = std::min(min, x);
    max = std::max(max, x);
  }
  n += 1;
  const double d = x - mean;
  mean += d / n;
  m2 += d * (x - mean);
}

double HoeffdingTree::Gaussian::fraction_below(double t) const {
  if (n == 0) return 0;
  const double sd = std::sqrt(variance());
  if (sd <= 0) return mean <= t ? 1.0 : 0.0;
  return 0.5 * std::erfc(-(t - mean) / (sd * std::sqrt(2.0)));
}

double HoeffdingTree::Gaussian::log_density(double x) const {
  // A floor on the variance keeps a feature seen with one value from dominating the product.
  const double var = std::max(variance(), 1e-9);
  const double d = x - mean;
  return -0.5 * std::log(2 * kPi * var) - d * d / (2 * var);
}

HoeffdingTree::HoeffdingTree(const LearnerConfig& c)
    : d_(c.feature_count),
      delta_(c.ht_delta),
      tau_(c.ht_tau),
      grace_(c.ht_grace_period),
      max_depth_(c.ht_max_depth),
      split_points_(c.ht_split_points),
      adaptive_(c.ht_adaptive),
      adwin_delta_(c.ht_adwin_delta) {
  if (grace_ < 1 || split_points_ < 1)
    throw RunError("hoeffding_tree: grace period and split points must be >= 1");
  Node root;
  root.stats.assign(d_ * 2, Gaussian{});
  root.error = Adwin(adwin_delta_);
  nodes_.push_back(std::move(root));
}

std::size_t HoeffdingTree::leaf_count() const {
  return static_cast<std::size_t>(
      std::count_if(nodes_.begin(), nodes_.end(), [](const Node& n) { return n.feature < 0; }));
}

int HoeffdingTree::depth() const {
  int d = 0;
  for (const auto& n : nodes_) d = std::max(d, n.depth);
  return d;
}

int HoeffdingTree::leaf_of(const double* x) const {
  int at = 0;
  while (nodes_[static_cast<std::size_t>(at)].feature >= 0) {
    const Node& n = nodes_[static_cast<std::size_t>(at)];
    at = x[n.feature] <= n.threshold ? n.left : n.right;
  }
  return at;
}

double HoeffdingTree::majority_probability(const Node& leaf) const {
  // Laplace-smoothed class frequency, so an empty leaf says 0.5.
  return (leaf.class_count[1] + 1) / (leaf.class_count[0] + leaf.class_count[1] + 2);
}

double HoeffdingTree::naive_bayes_probability(const Node& leaf, const double* x) const {
  double log_p[2];
  const double total = leaf.class_count[0] + leaf.class_count[1];
  for (int c = 0; c < 2; ++c) {
    log_p[c] = std::log((leaf.class_count[c] + 1) / (total + 2));
    for (std::size_t j = 0; j < d_; ++j) {
      const Gaussian& g = leaf.stats[j * 2 + static_cast<std::size_t>(c)];
      if (g.n > 1) log_p[c] += g.log_density(x[j]);
    }
  }
  const double z = log_p[0] - log_p[1];  // p1 = 1 / (1 + e^z)
  return z >= 0 ? std::exp(-z) / (1 + std::exp(-z)) : 1 / (1 + std::exp(z));
}

double HoeffdingTree::leaf_probability(const Node& leaf, const double* x) const {
  return leaf.nb_correct > leaf.mc_correct ? naive_bayes_probability(leaf, x) : majority_probability(leaf);
}

double HoeffdingTree::predict_one(const Batch& b, std::size_t i) const {
  require_dense(b, d_, "hoeffding_tree");
  const double* x = b.row(i);
  return leaf_probability(nodes_[static_cast<std::size_t>(leaf_of(x))], x);
}

std::size_t HoeffdingTree::alternate_count() const {
  return static_cast<std::size_t>(
      std::count_if(nodes_.begin(), nodes_.end(), [](const Node& n) { return n.alternate >= 0; }));
}

double HoeffdingTree::learn_one(const Batch& b, std::size_t i) {
  require_dense(b, d_, "hoeffding_tree");
  const double prediction = learn_subtree(0, b.row(i), b.label[i] >= 0.5 ? 1 : 0);
  if (needs_compact_) compact();
  return prediction;
}

double HoeffdingTree::learn_subtree(int root, const double* x, int y) {
  int at = root;
  while (nodes_[static_cast<std::size_t>(at)].feature >= 0) {
    const Node& n = nodes_[static_cast<std::size_t>(at)];
    at = x[n.feature] <= n.threshold ? n.left : n.right;
  }
  Node& leaf = nodes_[static_cast<std::size_t>(at)];
  const double p_mc = majority_probability(leaf);
  const double p_nb = naive_bayes_probability(leaf, x);
  const double prediction = leaf.nb_correct > leaf.mc_correct ? p_nb : p_mc;
  if ((p_mc >= 0.5) == (y == 1)) leaf.mc_correct += 1;
  if ((p_nb >= 0.5) == (y == 1)) leaf.nb_correct += 1;
  leaf.class_count[y] += 1;
  for (std::size_t j = 0; j < d_; ++j) leaf.stats[j * 2 + static_cast<std::size_t>(y)].add(x[j]);
  const double weight = leaf.class_count[0] + leaf.class_count[1];
  if (weight - leaf.weight_at_last_attempt >= grace_ && leaf.depth < max_depth_) {
    leaf.weight_at_last_attempt = weight;
    attempt_split(at);  // may grow nodes_: `leaf` is not used after this
  }
  if (adaptive_) adapt_path(root, at, x, y, (prediction >= 0.5) == (y == 1));
  return prediction;
}

void HoeffdingTree::adapt_path(int root, int leaf, const double* x, int y, bool correct) {
  // Walks the path the sample took, top down, as MOA's HAT does: error monitor, alternate creation
  // or judgement, then the alternate learns the sample too.
  int at = root;
  while (true) {
    const auto k = static_cast<std::size_t>(at);
    const double before = nodes_[k].error.mean();
    const bool changed = nodes_[k].error.update(correct ? 0.0 : 1.0);
    const bool internal = at != leaf && nodes_[k].feature >= 0;
    if (internal) {
      if (changed && nodes_[k].error.mean() > before && nodes_[k].alternate < 0) {
        Node alt;
        alt.depth = nodes_[k].depth;
        alt.stats.assign(d_ * 2, Gaussian{});
        alt.error = Adwin(adwin_delta_);
        nodes_[k].alternate = static_cast<int>(nodes_.size());
        nodes_.push_back(std::move(alt));
      } else if (nodes_[k].alternate >= 0) {
        const Adwin& alt_error = nodes_[static_cast<std::size_t>(nodes_[k].alternate)].error;
        const Adwin& own = nodes_[k].error;
        if (own.width() > kSwitchMinWidth && alt_error.width() > kSwitchMinWidth) {
          const double e_old = own.mean(), e_alt = alt_error.mean();
          const double bound = std::sqrt(2 * e_old * (1 - e_old) * std::log(2 / kSwitchDelta) *
                                         (1 / alt_error.width() + 1 / own.width()));
          if (bound < e_old - e_alt) {
            nodes_[k] = nodes_[static_cast<std::size_t>(nodes_[k].alternate)];  // the alternate takes over
            replacements_ += 1;
            needs_compact_ = true;
            return;  // the old path below this node is gone
          }
          if (bound < e_alt - e_old) {
            nodes_[k].alternate = -1;
            needs_compact_ = true;
          }
        }
      }
      if (nodes_[k].alternate >= 0) learn_subtree(nodes_[k].alternate, x, y);
    }
    if (at == leaf) return;
    const Node& n = nodes_[k];
    at = x[n.feature] <= n.threshold ? n.left : n.right;
  }
}

void HoeffdingTree::compact() {
  // Depth-first from the root; children and alternates get indices after their parent, which
  // load_image relies on to rule out cycles.
  std::vector<int> order, stack{0};
  std::vector<int> new_index(nodes_.size(), -1);
  while (!stack.empty()) {
    const int at = stack.back();
    stack.pop_back();
    new_index[static_cast<std::size_t>(at)] = static_cast<int>(order.size());
    order.push_back(at);
    const Node& n = nodes_[static_cast<std::size_t>(at)];
    if (n.alternate >= 0) stack.push_back(n.alternate);
    if (n.feature >= 0) {
      stack.push_back(n.right);
      stack.push_back(n.left);
    }
  }
  std::vector<Node> kept;
  kept.reserve(order.size());
  for (int old : order) {
    Node n = std::move(nodes_[static_cast<std::size_t>(old)]);
    if (n.feature >= 0) {
      n.left = new_index[static_cast<std::size_t>(n.left)];
      n.right = new_index[static_cast<std::size_t>(n.right)];
    }
    if (n.alternate >= 0) n.alternate = new_index[static_cast<std::size_t>(n.alternate)];
    kept.push_back(std::move(n));
  }
  nodes_ = std::move(kept);
  needs_compact_ = false;
}

void HoeffdingTree::attempt_split(int index) {
  Node& leaf = nodes_[static_cast<std::size_t>(index)];
  const double n0 = leaf.class_count[0], n1 = leaf.class_count[1], n = n0 + n1;
  if (n0 == 0 || n1 == 0) return;  // a pure leaf has nothing to gain
  const double parent_h = entropy2(n0, n1);
  double best = 0, second = 0, best_t = 0;  // merit 0 = not splitting
  int best_f = -1;
  double best_left[2] = {0, 0};
  for (std::size_t j = 0; j < d_; ++j) {
    const Gaussian& g0 = leaf.stats[j * 2];
    const Gaussian& g1 = leaf.stats[j * 2 + 1];
    const double lo = std::min(g0.n ? g0.min : g1.min, g1.n ? g1.min : g0.min);
    const double hi = std::max(g0.n ? g0.max : g1.max, g1.n ? g1.max : g0.max);
    if (!(hi > lo)) continue;
    double feature_best = 0, feature_t = 0, feature_left[2] = {0, 0};
    for (int s = 1; s <= split_points_; ++s) {
      const double t = lo + (hi - lo) * s / (split_points_ + 1);
      const double l0 = n0 * g0.fraction_below(t), l1 = n1 * g1.fraction_below(t);
      const double r0 = n0 - l0, r1 = n1 - l1;
      const double nl = l0 + l1, nr = r0 + r1;
      const double gain = parent_h - (nl / n) * entropy2(l0, l1) - (nr / n) * entropy2(r0, r1);
      if (gain > feature_best) {
        feature_best = gain;
        feature_t = t;
        feature_left[0] = l0;
        feature_left[1] = l1;
      }
    }
    if (feature_best > best) {
      second = best;
      best = feature_best;
      best_f = static_cast<int>(j);
      best_t = feature_t;
      best_left[0] = feature_left[0];
      best_left[1] = feature_left[1];
    } else if (feature_best > second) {
      second = feature_best;
    }
  }
  if (best_f < 0) return;
  const double range = 1.0;  // log2(number of classes) for information gain with two classes
  const double epsilon = std::sqrt(range * range * std::log(1 / delta_) / (2 * n));
  if (!(best - second > epsilon || epsilon < tau_)) return;
  Node left, right;
  left.depth = right.depth = leaf.depth + 1;
  // Children start from the split's estimated class counts so they predict sensibly at once.
  left.class_count[0] = best_left[0];
  left.class_count[1] = best_left[1];
  right.class_count[0] = n0 - best_left[0];
  right.class_count[1] = n1 - best_left[1];
  left.weight_at_last_attempt = left.class_count[0] + left.class_count[1];
  right.weight_at_last_attempt = right.class_count[0] + right.class_count[1];
  left.stats.assign(d_ * 2, Gaussian{});
  right.stats.assign(d_ * 2, Gaussian{});
  left.error = Adwin(adwin_delta_);
  right.error = Adwin(adwin_delta_);
  leaf.feature = best_f;
  leaf.threshold = best_t;
  leaf.stats.clear();
  leaf.stats.shrink_to_fit();
  leaf.left = static_cast<int>(nodes_.size());
  leaf.right = leaf.left + 1;
  nodes_.push_back(std::move(left));  // invalidates `leaf`
  nodes_.push_back(std::move(right));
}

ModelImage HoeffdingTree::image() const {
  ModelImage img;
  img.kind = "hoeffding_tree";
  img.kind_version = kLayoutVersion;
  std::vector<double> config = {static_cast<double>(d_),
                                delta_,
                                tau_,
                                static_cast<double>(grace_),
                                static_cast<double>(max_depth_),
                                static_cast<double>(split_points_),
                                adaptive_ ? 1.0 : 0.0,
                                adwin_delta_,
                                replacements_};
  img.tables.push_back(make_table("config", 8, config));
  // One fixed-width row per node; an internal node's estimator block is zero.
  const std::size_t width = kNodeHeader + d_ * 2 * kGaussianFields;
  std::vector<double> rows(nodes_.size() * width, 0.0);
  std::vector<double> buckets;  // every node's ADWIN buckets, in node order
  for (std::size_t k = 0; k < nodes_.size(); ++k) {
    const Node& n = nodes_[k];
    double* r = rows.data() + k * width;
    const double header[11] = {static_cast<double>(n.feature),
                               n.threshold,
                               static_cast<double>(n.left),
                               static_cast<double>(n.right),
                               static_cast<double>(n.depth),
                               n.class_count[0],
                               n.class_count[1],
                               n.weight_at_last_attempt,
                               n.mc_correct,
                               n.nb_correct,
                               static_cast<double>(n.stats.size())};
    std::copy(header, header + 11, r);
    r[11] = static_cast<double>(n.alternate);
    n.error.save_header(r + 12);
    r[12 + Adwin::kHeaderValues] = static_cast<double>(n.error.bucket_count());
    n.error.save_buckets(buckets);
    for (std::size_t g = 0; g < n.stats.size(); ++g) {
      const Gaussian& e = n.stats[g];
      double* f = r + kNodeHeader + g * kGaussianFields;
      f[0] = e.n;
      f[1] = e.mean;
      f[2] = e.m2;
      f[3] = e.min;
      f[4] = e.max;
    }
  }
  img.tables.push_back(make_table("nodes", static_cast<std::uint32_t>(width * sizeof(double)), rows));
  img.tables.push_back(make_table("adwin_buckets", 3 * sizeof(double), buckets));
  return img;
}

void HoeffdingTree::load_image(const ModelImage& img) {
  if (img.kind != "hoeffding_tree" || img.kind_version != kLayoutVersion)
    throw RunError("not a hoeffding_tree image of layout " + std::to_string(kLayoutVersion));
  const auto c = table_values<double>(img.table("config"));
  if (c.size() != 9) throw RunError("hoeffding_tree image: bad config table");
  d_ = static_cast<std::size_t>(checked_count(c[0], 1, 1e6, "hoeffding_tree feature count"));
  delta_ = c[1];
  tau_ = c[2];
  grace_ = static_cast<int>(checked_count(c[3], 1, 1e9, "grace period"));
  max_depth_ = static_cast<int>(checked_count(c[4], 0, 1e6, "max depth"));
  split_points_ = static_cast<int>(checked_count(c[5], 1, 1e6, "split points"));
  adaptive_ = c[6] != 0;
  adwin_delta_ = c[7];
  replacements_ = c[8];
  needs_compact_ = false;
  const auto buckets = table_values<double>(img.table("adwin_buckets"));
  std::size_t bucket_at = 0;  // next unread bucket triple
  const std::size_t width = kNodeHeader + d_ * 2 * kGaussianFields;
  const ImageTable& t = img.table("nodes");
  if (t.row_bytes != width * sizeof(double) || t.row_count() == 0)
    throw RunError("hoeffding_tree image: node rows do not match the feature count");
  const auto rows = table_values<double>(t);
  nodes_.assign(t.row_count(), Node{});
  for (std::size_t k = 0; k < nodes_.size(); ++k) {
    Node& n = nodes_[k];
    const double* r = rows.data() + k * width;
    n.feature = static_cast<int>(checked_count(r[0], -1, static_cast<double>(d_) - 1, "node feature"));
    n.threshold = r[1];
    n.left = static_cast<int>(checked_count(r[2], -1, 2e9, "node child"));
    n.right = static_cast<int>(checked_count(r[3], -1, 2e9, "node child"));
    n.depth = static_cast<int>(checked_count(r[4], 0, 1e6, "node depth"));
    n.class_count[0] = r[5];
    n.class_count[1] = r[6];
    n.weight_at_last_attempt = r[7];
    n.mc_correct = r[8];
    n.nb_correct = r[9];
    const auto stats =
        static_cast<std::size_t>(checked_count(r[10], 0, static_cast<double>(d_ * 2), "node estimators"));
    const auto count = static_cast<int>(nodes_.size());
    if ((n.feature >= 0 &&
         (n.left <= static_cast<int>(k) || n.right <= static_cast<int>(k) || n.left >= count ||
          n.right >= count || static_cast<std::size_t>(n.feature) >= d_)) ||
        (n.feature < 0 && stats != d_ * 2))
      throw RunError("hoeffding_tree image: node " + std::to_string(k) + " is corrupt");
    n.alternate = static_cast<int>(checked_count(r[11], -1, 2e9, "node alternate"));
    if (n.alternate >= 0 && (n.alternate <= static_cast<int>(k) || n.alternate >= count))
      throw RunError("hoeffding_tree image: node " + std::to_string(k) + " has a corrupt alternate");
    const auto n_buckets =
        static_cast<std::size_t>(checked_count(r[12 + Adwin::kHeaderValues], 0, 1e6, "ADWIN buckets"));
    if (n_buckets > (buckets.size() / 3) - bucket_at ||
        !n.error.load(r + 12, buckets.data() + 3 * bucket_at, n_buckets))
      throw RunError("hoeffding_tree image: node " + std::to_string(k) + " has a corrupt ADWIN state");
    bucket_at += n_buckets;
    n.stats.resize(stats);
    for (std::size_t g = 0; g < stats; ++g) {
      const double* f = r + kNodeHeader + g * kGaussianFields;
      n.stats[g] = Gaussian{f[0], f[1], f[2], f[3], f[4]};
    }
  }
  if (bucket_at != buckets.size() / 3) throw RunError("hoeffding_tree image: ADWIN buckets left over");
}

}  // namespace breakeven
