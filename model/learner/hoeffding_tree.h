// Hoeffding tree classifier for two classes on dense numeric features (Domingos and Hulten 2000, VFDT):
// each leaf keeps per-class Gaussian estimators of every feature; every grace_period samples it scores
// candidate thresholds by information gain and splits when the best beats the second best by more than
// the Hoeffding bound epsilon = sqrt(R^2 ln(1/delta) / (2n)), or when epsilon < tau (a tie). Leaves
// predict with naive Bayes when it has been more accurate there than the majority class (River's "nba").
//
// Adaptive variant (ht_adaptive; Bifet and Gavalda 2009, Hoeffding Adaptive Tree, as in MOA and River):
// every node watches its subtree's 0/1 error with ADWIN. When the error rises at an internal node, an
// alternate subtree starts growing there from the samples that reach the node; once both error windows
// hold more than 300 samples, the alternate replaces the subtree if its error is lower by more than
// sqrt(2 e (1 - e) ln(2 / 0.05) (1/n_alt + 1/n_node)), or is dropped if higher by as much.
#pragma once

#include "model/learner/adwin.h"
#include "model/learner/learner.h"

namespace breakeven {

class HoeffdingTree final : public Learner {
 public:
  explicit HoeffdingTree(const LearnerConfig& config);
  LearnerKind kind() const override { return LearnerKind::hoeffding_tree; }
  Task task() const override { return Task::classification; }
  double learn_one(const Batch& batch, std::size_t i) override;
  double predict_one(const Batch& batch, std::size_t i) const override;
  ModelImage image() const override;
  void load_image(const ModelImage& image) override;
  std::unique_ptr<Learner> clone() const override { return std::make_unique<HoeffdingTree>(*this); }

  std::size_t node_count() const { return nodes_.size(); }
  std::size_t alternate_count() const;                   // alternate subtrees growing now
  double replacements() const { return replacements_; }  // subtrees replaced by their alternate so far
  std::size_t leaf_count() const;
  int depth() const;

 private:
  // Count, mean and M2 (Welford) of one feature within one class, with the range seen.
  struct Gaussian {
    double n = 0, mean = 0, m2 = 0, min = 0, max = 0;
    void add(double x);
    double variance() const { return n > 1 ? m2 / (n - 1) : 0; }
    double fraction_below(double t) const;  // P(x <= t) under the fitted normal
    double log_density(double x) const;
  };
  struct Node {
    int feature = -1;  // -1: leaf
    double threshold = 0;
    int left = -1, right = -1, depth = 0;
    double class_count[2] = {0, 0};
    double weight_at_last_attempt = 0;
    double mc_correct = 0, nb_correct = 0;  // which leaf predictor has been more accurate
    std::vector<Gaussian> stats;            // leaf only: feature_count x 2 (class-major per feature)
    int alternate = -1;                     // adaptive: root of the alternate subtree, or -1
    Adwin error;                            // adaptive: 0/1 error of this subtree's predictions
  };
  int leaf_of(const double* x) const;
  double majority_probability(const Node& leaf) const;
  double naive_bayes_probability(const Node& leaf, const double* x) const;
  double leaf_probability(const Node& leaf, const double* x) const;
  void attempt_split(int leaf);
  // Learns x at the leaf of the subtree rooted at `root` (and, when adaptive, updates the error monitors
  // and alternates on the way); returns the subtree's prediction made before learning.
  double learn_subtree(int root, const double* x, int y);
  void adapt_path(int root, int leaf, const double* x, int y, bool correct);
  void compact();  // drops nodes no longer reachable after a replacement or a pruned alternate

  std::size_t d_;
  double delta_, tau_;
  int grace_, max_depth_, split_points_;
  bool adaptive_;
  double adwin_delta_;
  double replacements_ = 0;
  bool needs_compact_ = false;
  std::vector<Node> nodes_;
};

}  // namespace breakeven
