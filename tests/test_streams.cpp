// Synthetic streams (determinism, planted statistics) and the data-set readers on good and bad files.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "model/diagnostics.h"
#include "model/stream/readers.h"
#include "model/stream/synthetic.h"

using namespace breakeven;

namespace {

std::string write_file(const std::string& name, const std::string& text) {
  static int counter = 0;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("breakeven-stream-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

std::string first_message(const InputError& e) {
  return format_diagnostic(e.diagnostics().front());
}

}  // namespace

TEST_CASE("a synthetic stream repeats itself for a seed and changes with it") {
  auto a = make_synthetic_stream({"kind=ratings", "seed=5", "users=100", "items=50"});
  auto b = make_synthetic_stream({"kind=ratings", "seed=5", "users=100", "items=50"});
  auto c = make_synthetic_stream({"kind=ratings", "seed=6", "users=100", "items=50"});
  Batch ba, bb, bc;
  a->next(ba, 500);
  b->next(bb, 500);
  c->next(bc, 500);
  CHECK(ba.user == bb.user);
  CHECK(ba.label == bb.label);
  CHECK(ba.label != bc.label);
  CHECK(a->describe() ==
        "synthetic ratings: seed 5, 100 users (zipf 0.8), 50 items (zipf 1), k 10, noise_std 0.5, "
        "drift 0 every 10000");
}

TEST_CASE("planted ratings: residual against the planted rating has the stated noise variance") {
  RatingStreamParams p;
  p.seed = 3;
  p.users = 500;
  p.items = 400;
  p.noise_std = 0.7;
  SyntheticRatingStream s(p);
  Batch b;
  s.next(b, 100000);
  double sum = 0, sum_sq = 0;
  for (std::size_t i = 0; i < b.size(); ++i) {
    const double r = b.label[i] - s.planted_rating(b.user[i], b.item[i]);
    sum += r;
    sum_sq += r * r;
  }
  // Residual variance 0.49; standard error of the sample variance 0.49 sqrt(2 / 1e5) = 0.0022.
  CHECK(sum_sq / b.size() == doctest::Approx(0.49).epsilon(0.02));
  CHECK(std::fabs(sum / b.size()) < 0.01);
  // Power-law popularity: user 1 is the most frequent.
  std::size_t first = 0, second = 0;
  for (auto u : b.user) {
    first += u == 1;
    second += u == 2;
  }
  // P(1) / P(2) = 2^0.8 = 1.74 in expectation.
  CHECK(first > second);
}

TEST_CASE("click stream: the click rate matches the planted model's mean probability") {
  ClickStreamParams p;
  p.seed = 4;
  SyntheticClickStream s(p);
  Batch b;
  s.next(b, 50000);
  double clicks = 0, mean_p = 0;
  for (std::size_t i = 0; i < b.size(); ++i) {
    clicks += b.label[i];
    mean_p += s.probability(b.row(i));
  }
  // Bernoulli counts: standard error sqrt(0.25 / 5e4) = 0.0022.
  CHECK(std::fabs(clicks / 50000 - mean_p / 50000) < 0.01);
  CHECK(s.bayes_accuracy() > 0.5);
  CHECK(b.features.size() == 50000 * 13);
}

TEST_CASE("bad synthetic settings name the setting and suggest a key") {
  CHECK_THROWS_WITH_AS(make_synthetic_stream({"kind=ratings", "usres=10"}),
                       "--synthetic: 'usres=10': unknown key for kind=ratings (did you mean 'users'?)",
                       InputError);
  try {
    make_synthetic_stream({"kind=clicks", "drift=1.5"});
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(first_message(e) == "--synthetic: 'drift=1.5': drift must be below 1");
  }
  CHECK_THROWS_AS(make_synthetic_stream({"kind=movies"}), InputError);
  CHECK_THROWS_AS(make_synthetic_stream({"users"}), InputError);
  CHECK_THROWS_AS(make_synthetic_stream({"users=ten"}), InputError);
}

TEST_CASE("MovieLens reader streams ratings in chunks") {
  const auto path =
      write_file("ratings.csv",
                 "userId,movieId,rating,timestamp\r\n1,296,5.0,1147880044\r\n1,306,3.5,1147868817\n"
                 "162541,209171,4.5,1567124574\n");
  MovieLensReader r(path);
  Batch b;
  CHECK(r.next(b, 2) == 2);
  CHECK(r.next(b, 2) == 1);
  CHECK(r.next(b, 2) == 0);
  CHECK(b.user == std::vector<std::uint64_t>{1, 1, 162541});
  CHECK(b.item == std::vector<std::uint64_t>{296, 306, 209171});
  CHECK(b.label == std::vector<double>{5.0, 3.5, 4.5});
}

TEST_CASE("a malformed MovieLens line names file, line and column, and keeps the rows before it") {
  const auto path =
      write_file("ratings.csv", "userId,movieId,rating,timestamp\n1,296,5.0,1\n2,x7,4.0,2\n3,1,1.0,3\n");
  MovieLensReader r(path);
  Batch b;
  try {
    r.next(b, 10);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(first_message(e) == path + ":3:3: movieId 'x7' is not a whole number");
  }
  CHECK(b.size() == 1);
  CHECK(b.user.front() == 1);
}

TEST_CASE("MovieLens reader: wrong header, truncated last line, missing file") {
  CHECK_THROWS_WITH_AS(
      MovieLensReader(write_file("r.csv", "user,item\n1,2\n")),
      doctest::Contains(":1:1: expected the header userId,movieId,rating,timestamp, got 'user,item'"),
      InputError);
  CHECK_THROWS_WITH_AS(MovieLensReader(write_file("r.csv", "")), doctest::Contains("empty file"), InputError);
  // A file cut in the middle of a line: the partial line has too few fields.
  MovieLensReader cut(write_file("r.csv", "userId,movieId,rating,timestamp\n1,2,3.0,4\n5,6"));
  Batch b;
  CHECK_THROWS_WITH_AS(cut.next(b, 10), doctest::Contains(":3:1: expected 4 comma-separated fields"),
                       InputError);
  CHECK(b.size() == 1);
  CHECK_THROWS_WITH_AS(MovieLensReader("no-such-dir/ratings.csv"),
                       "no-such-dir/ratings.csv: cannot open the data file for reading", InputError);
}

TEST_CASE("a MovieLens file with a header and no rating is bad input, said when it is opened") {
  // It used to reach the learner as an empty stream and end as a failed run (exit 1).
  const auto path = write_file("r.csv", "userId,movieId,rating,timestamp\r\n\n");
  CHECK_THROWS_WITH_AS(MovieLensReader{path},
                       (path + ":1:1: no ratings after the header userId,movieId,rating,timestamp").c_str(),
                       InputError);
  // After a blank line the first rating is still read from the start.
  MovieLensReader r(write_file("r.csv", "userId,movieId,rating,timestamp\n\n7,8,2.5,9\n"));
  Batch b;
  CHECK(r.next(b, 5) == 1);
  CHECK(b.user == std::vector<std::uint64_t>{7});
  CHECK(r.line() == 3);
}

TEST_CASE("Criteo reader: label, 13 integers with missing values, categoricals ignored, log transform") {
  std::string line1 = "1\t0\t3\t\t7";
  for (int j = 4; j < 13; ++j) line1 += "\t1";
  line1 += "\t68fd1e64\t80e26c9b\n";
  std::string line2 = "0";
  for (int j = 0; j < 13; ++j) line2 += "\t-2";
  const auto path = write_file("train.txt", line1 + line2 + "\n");
  CriteoReader r(path);
  Batch b;
  CHECK(r.next(b, 5) == 2);
  CHECK(b.label == std::vector<double>{1, 0});
  CHECK(b.feature_count == 13);
  CHECK(b.row(0)[0] == 0.0);              // log(1 + 0)
  CHECK(b.row(0)[1] == std::log1p(3.0));  // log(1 + 3)
  CHECK(b.row(0)[2] == 0.0);              // missing
  CHECK(b.row(0)[3] == std::log1p(7.0));
  CHECK(b.row(1)[0] == 0.0);  // negative counts clip at 0 before the log
  CriteoReader raw(path, false);
  Batch c;
  raw.next(c, 5);
  CHECK(c.row(1)[12] == -2.0);
}

TEST_CASE("a malformed Criteo line names file, line and column, and keeps the rows before it") {
  std::string good = "0";
  for (int j = 0; j < 13; ++j) good += "\t1";
  std::string bad = "1\t1\t2\t3.5";
  for (int j = 3; j < 13; ++j) bad += "\t1";
  const auto path = write_file("train.txt", good + "\n" + good + "\n" + bad + "\n");
  CriteoReader r(path);
  Batch b;
  try {
    r.next(b, 10);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(first_message(e) ==
          path + ":3:7: integer feature I3 '3.5' is not a whole number (leave it empty when missing)");
  }
  CHECK(b.size() == 2);
  const auto short_path = write_file("train.txt", "1\t2\t3\n");
  CriteoReader s(short_path);
  CHECK_THROWS_WITH_AS(
      s.next(b, 1), doctest::Contains(":1:1: expected a label and 13 tab-separated integer features, got 3"),
      InputError);
  const auto label_path = write_file("train.txt", "2" + good.substr(1) + "\n");
  CriteoReader l(label_path);
  CHECK_THROWS_WITH_AS(l.next(b, 1), doctest::Contains(":1:1: label '2' is not 0 or 1"), InputError);
}
