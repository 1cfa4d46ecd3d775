// Deltas between model versions: exact rebuild, size, and refusal of the wrong base.
#include <doctest/doctest.h>

#include "model/diagnostics.h"
#include "model/learner/biased_mf.h"
#include "model/learner/delta.h"
#include "model/stream/synthetic.h"

using namespace breakeven;

namespace {

RatingStreamParams small_ratings() {
  RatingStreamParams p;
  p.users = 5000;
  p.items = 2000;
  p.seed = 9;
  return p;
}

}  // namespace

TEST_CASE("base + delta rebuilds the trained model exactly, for every learner") {
  for (auto kind :
       {LearnerKind::biased_mf, LearnerKind::logistic, LearnerKind::hoeffding_tree, LearnerKind::mlp}) {
    CAPTURE(to_string(kind));
    LearnerConfig c;
    c.ht_grace_period = 50;
    std::unique_ptr<SampleStream> stream;
    if (kind == LearnerKind::biased_mf) {
      stream = std::make_unique<SyntheticRatingStream>(small_ratings());
    } else {
      stream = std::make_unique<SyntheticClickStream>(ClickStreamParams{});
    }
    auto model = make_learner(kind, c);
    Batch b;
    stream->next(b, 20000);
    model->learn_many(b, {});
    const ModelImage base = model->image();
    b.clear();
    stream->next(b, 1000);
    model->learn_many(b, {});
    const ModelImage current = model->image();
    DeltaStats stats;
    const auto delta = encode_delta(base, current, kDefaultDeltaZstdLevel, &stats);
    CHECK(stats.compressed_bytes == delta.size());
    const ModelImage rebuilt = apply_delta(base, delta);
    CHECK(encode_image(rebuilt) == encode_image(current));
    auto back = learner_from_image(rebuilt);
    CHECK(serialize(*back) == serialize(*model));
  }
}

TEST_CASE("a biased_mf delta ships only the rows a batch touched") {
  SyntheticRatingStream stream(small_ratings());
  LearnerConfig c;
  BiasedMf mf(c);
  Batch b;
  stream.next(b, 200000);
  mf.learn_many(b, {});
  const ModelImage base = mf.image();
  // A batch of 100 ratings touches at most 100 user rows and 100 item rows (plus the config row).
  b.clear();
  stream.next(b, 100);
  mf.learn_many(b, {});
  DeltaStats stats;
  const auto delta = encode_delta(base, mf.image(), kDefaultDeltaZstdLevel, &stats);
  CHECK(stats.rows_changed <= 2 * 100 + 1 + 2 * 100);  // rows, plus new ids, plus the config row
  CHECK(stats.rows_changed >= 2);
  const auto full = serialize(mf).size();
  MESSAGE("model " << full << " bytes, delta " << delta.size() << " bytes for 100 ratings, "
                   << stats.rows_changed << " rows");
  // Upper bound: 200 rows of 11 doubles = 17,600 bytes plus run headers, far below the 600 kB model.
  CHECK(delta.size() < 20000);
  CHECK(delta.size() * 20 < full);
  // No change: a delta of (almost) nothing that still rebuilds the model.
  const auto empty = encode_delta(mf.image(), mf.image(), kDefaultDeltaZstdLevel, &stats);
  CHECK(stats.rows_changed == 0);
  CHECK(encode_image(apply_delta(mf.image(), empty)) == serialize(mf));
}

TEST_CASE("a delta applied to the wrong base, or corrupt, is a RunError") {
  LearnerConfig c;
  auto mf = make_learner(LearnerKind::biased_mf, c);
  auto lr = make_learner(LearnerKind::logistic, c);
  CHECK_THROWS_WITH_AS(encode_delta(mf->image(), lr->image()),
                       "cannot make a delta between a 'biased_mf' and a 'logistic' model", RunError);
  const auto delta = encode_delta(mf->image(), mf->image());
  CHECK_THROWS_WITH_AS(apply_delta(lr->image(), delta),
                       "model delta is for a 'biased_mf' model, the base is 'logistic'", RunError);
  std::vector<std::uint8_t> garbage = {1, 2, 3, 4, 5, 6, 7, 8};
  CHECK_THROWS_AS(apply_delta(mf->image(), garbage), RunError);
  auto cut = delta;
  cut.resize(cut.size() / 2);
  CHECK_THROWS_AS(apply_delta(mf->image(), cut), RunError);
}
