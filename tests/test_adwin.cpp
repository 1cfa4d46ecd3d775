// ADWIN: exact window statistics, no alarm on a stationary stream, a quick alarm on a step change.
#include <doctest/doctest.h>

#include <cmath>

#include "model/learner/adwin.h"
#include "model/learner/random.h"

using namespace breakeven;

TEST_CASE("ADWIN keeps the exact mean and variance of its window while it merges buckets") {
  Adwin a;
  // 1, 2, ..., 20: mean 10.5, population variance (n^2 - 1) / 12 = 33.25 for 20 consecutive integers.
  for (int i = 1; i <= 20; ++i) a.update(i);
  CHECK(a.width() == 20);
  CHECK(a.mean() == doctest::Approx(10.5));
  CHECK(a.variance() == doctest::Approx(33.25));
  CHECK(a.bucket_count() < 20);  // merged into buckets of 2, 4, ...
}

TEST_CASE("ADWIN stays quiet on a stationary stream and cuts soon after a step") {
  Adwin a;
  Random rng(5);
  int alarms = 0;
  for (int i = 0; i < 20000; ++i) alarms += a.update(rng.bernoulli(0.2) ? 1 : 0);
  // delta = 0.002 bounds the false-alarm probability per check; over 20,000 values a few are possible.
  CHECK(alarms <= 1);
  CHECK(a.width() > 15000);
  int first_alarm = -1;
  for (int i = 0; i < 5000; ++i)
    if (a.update(rng.bernoulli(0.6) ? 1 : 0) && first_alarm < 0) first_alarm = i;
  MESSAGE("ADWIN alarm " << first_alarm << " values after a 0.2 -> 0.6 step; window " << a.width()
                         << ", mean " << a.mean());
  CHECK(first_alarm >= 0);
  CHECK(first_alarm < 300);
  CHECK(a.mean() == doctest::Approx(0.6).epsilon(0.1));  // the old values are gone
  CHECK(a.width() < 5000 + 200);
}

TEST_CASE("ADWIN state round-trips through its saved doubles") {
  Adwin a;
  Random rng(6);
  for (int i = 0; i < 3000; ++i) a.update(rng.uniform());
  double header[Adwin::kHeaderValues];
  a.save_header(header);
  std::vector<double> buckets;
  a.save_buckets(buckets);
  Adwin b;
  REQUIRE(b.load(header, buckets.data(), buckets.size() / 3));
  for (int i = 0; i < 3000; ++i) {
    const double x = rng.uniform() + (i > 1000 ? 0.5 : 0);
    CHECK_EQ(a.update(x), b.update(x));
  }
  CHECK(a.mean() == b.mean());
  CHECK(a.width() == b.width());
  buckets[0] = 99;  // a level that does not exist
  CHECK_FALSE(b.load(header, buckets.data(), buckets.size() / 3));
}
