// The simulator's building blocks: the event kernel, the random streams, the percentile histogram,
// keep-alive quantiles and the trace readers.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "model/des/histogram.h"
#include "model/des/keep_alive.h"
#include "model/des/kernel.h"
#include "model/des/random.h"
#include "model/des/trace.h"
#include "model/diagnostics.h"

using namespace breakeven;
using namespace breakeven::des;

namespace {

// Records the order in which its events ran.
struct Recorder : EventHandler {
  Simulator* sim = nullptr;
  std::vector<std::pair<TimeUs, std::int64_t>> seen;
  void on_event(int, std::int64_t arg) override { seen.emplace_back(sim->now(), arg); }
};

std::string write_temp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("breakeven-test-" + name);
  std::ofstream(path) << text;
  return path.string();
}

}  // namespace

TEST_CASE("equal-time events run in schedule order, earlier times first") {
  Simulator sim;
  Recorder r;
  r.sim = &sim;
  sim.schedule_at(20, &r, 0, 1);
  sim.schedule_at(10, &r, 0, 2);
  sim.schedule_at(20, &r, 0, 3);
  sim.schedule_at(10, &r, 0, 4);
  sim.run_all();
  const std::vector<std::pair<TimeUs, std::int64_t>> expected = {{10, 2}, {10, 4}, {20, 1}, {20, 3}};
  CHECK(r.seen == expected);
}

// Schedules follow-up events while it runs: kinds 0 and 2 at fixed delays (their lanes stay in order),
// kinds 1 and 3 at random delays (mostly to the heap), kind 7 (never a lane), some cancelled.
struct Churner : EventHandler {
  Simulator* sim = nullptr;
  std::uint64_t x = 88172645463325252ull;
  std::vector<std::pair<TimeUs, EventId>> seen;  // (time, sequence) of each event run
  std::vector<EventId> cancelled;
  int budget = 200000;
  std::uint64_t next() {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  }
  void on_event(int, std::int64_t arg) override {
    seen.emplace_back(sim->now(), static_cast<EventId>(arg));
    for (int n = 1 + static_cast<int>(next() % 2); n > 0 && budget > 0; --n, --budget) {
      const int kind = std::array<int, 5>{0, 1, 2, 3, 7}[next() % 5];
      const TimeUs delay = kind == 0 ? 1000 : kind == 2 ? 50 : static_cast<TimeUs>(next() % 3000);
      const EventId id = sim->schedule_in(delay, this, kind, 0);
      // The handler learns its own id through arg: schedule again with it (the first copy cancelled).
      sim->cancel(id);
      cancelled.push_back(id);
      if (next() % 10 != 0) sim->schedule_in(delay, this, kind, static_cast<std::int64_t>(id + 1));
    }
  }
};

TEST_CASE("events kept in lanes and in the heap still run in (time, sequence) order") {
  // Every event scheduled during the run has a time >= now and a larger sequence than all before it,
  // so a correct queue runs them in increasing (time, sequence): the recorded order must be sorted.
  Simulator sim;
  Churner c;
  c.sim = &sim;
  for (int i = 0; i < 64; ++i) {
    const EventId id = sim.schedule_at(i % 7, &c, i % 4, 0);
    sim.cancel(id);
    sim.schedule_at(i % 7, &c, i % 4, static_cast<std::int64_t>(id + 1));
  }
  sim.run_all();
  CHECK(c.seen.size() > 100000);
  CHECK(std::is_sorted(c.seen.begin(), c.seen.end()));
  CHECK(sim.pending() == 0);
}

TEST_CASE("a cancelled event does not run, and run_until stops at its time with the clock there") {
  Simulator sim;
  Recorder r;
  r.sim = &sim;
  const EventId a = sim.schedule_at(5, &r, 0, 1);
  sim.schedule_at(7, &r, 0, 2);
  sim.schedule_at(30, &r, 0, 3);
  sim.cancel(a);
  sim.run_until(10);
  REQUIRE(r.seen.size() == 1);
  CHECK(r.seen[0].second == 2);
  CHECK(sim.now() == 10);
  CHECK(sim.pending() == 1);
  sim.run_until(100);
  CHECK(r.seen.size() == 2);
  CHECK(sim.now() == 100);
}

TEST_CASE("two simulators in one process do not share a clock") {
  Simulator a, b;
  Recorder ra, rb;
  ra.sim = &a;
  rb.sim = &b;
  a.schedule_at(100, &ra, 0);
  b.schedule_at(3, &rb, 0);
  a.run_all();
  CHECK(a.now() == 100);
  CHECK(b.now() == 0);
}

TEST_CASE("an event in the past is refused") {
  Simulator sim;
  Recorder r;
  r.sim = &sim;
  sim.schedule_at(10, &r, 0);
  sim.run_all();
  CHECK_THROWS(sim.schedule_at(5, &r, 0));
}

TEST_CASE("seconds convert to whole microseconds, and a duration beyond the clock falls after every window") {
  CHECK(to_us(1.5) == 1500000);
  CHECK(to_us(0.0000004) == 0);  // 0.4 us rounds down
  CHECK(to_us(0.0000005) == 1);  // 0.5 us rounds away from zero
  CHECK(to_us(-0.0000015) == -2);
  // 1.5e306 s is 1.5e312 us: a cast to int64 was undefined. It saturates at 2^60 us (36,500 years),
  // after the longest window (87,600 h = 3.15e14 us), and a time inside a window plus it does not overflow.
  CHECK(to_us(1.5e306) == kBeyondAnyWindowUs);
  CHECK(to_us(-1.5e306) == -kBeyondAnyWindowUs);
  CHECK(to_us(std::numeric_limits<double>::infinity()) == kBeyondAnyWindowUs);
  CHECK(kBeyondAnyWindowUs > to_us(87600.0 * 3600.0));
  CHECK(to_us(87600.0 * 3600.0) + kBeyondAnyWindowUs > 0);
  CHECK_THROWS_AS(to_us(std::nan("")), RunError);
}

TEST_CASE("an event scheduled beyond the window does not run before it") {
  Simulator sim;
  Recorder r;
  r.sim = &sim;
  sim.schedule_in(to_us(1.5e306), &r, 0, 1);
  sim.schedule_in(to_us(2.0), &r, 0, 2);
  sim.run_until(to_us(3600.0));
  REQUIRE(r.seen.size() == 1);
  CHECK(r.seen[0].second == 2);
}

TEST_CASE("splitmix64 gives the published first outputs for seed 0") {
  // Reference values of Vigna's splitmix64.c with x = 0 (first three outputs).
  std::uint64_t state = 0;
  CHECK(splitmix64_next(state) == 0xE220A8397B1DCDAFull);
  CHECK(splitmix64_next(state) == 0x6E789E6AA1B965F4ull);
  CHECK(splitmix64_next(state) == 0x06C45D188009454Full);
}

TEST_CASE("streams are reproducible per seed and entity, and differ across entities") {
  RandomStream a(42, StreamId::arrivals), b(42, StreamId::arrivals), c(42, StreamId::faas_service),
      d(43, StreamId::arrivals);
  const std::uint64_t xa = a.next_u64();
  CHECK(xa == b.next_u64());
  CHECK(xa != c.next_u64());
  CHECK(xa != d.next_u64());
}

TEST_CASE("the portable log, exp and cosine agree with the maths library to a few units in the last place") {
  // They exist so that draws do not depend on libm's last bit; they must still be accurate.
  RandomStream rng(3, StreamId::arrivals);
  for (int i = 0; i < 100000; ++i) {
    const double u = rng.uniform_open0();
    const double x = i % 2 ? u : std::ldexp(u, static_cast<int>(rng.next_u64() % 200) - 100);
    CHECK(std::abs(portable_log_normal(x) - std::log(x)) <= 4e-16 * std::max(1.0, std::abs(std::log(x))));
    const double y = -u * 700;
    CHECK(std::abs(portable_exp_nonpositive(y) / std::exp(y) - 1) <= 4e-16);
    const double phase = (u - 0.5) * 2000;
    CHECK(std::abs(portable_cos(phase) - std::cos(phase)) <= 1e-13);  // reduction of |x| <= 1000 rad
  }
  CHECK(portable_log_normal(1.0) == 0.0);
  CHECK(portable_log_normal(2.0) == doctest::Approx(0.69314718055994530942).epsilon(1e-16));
  CHECK(portable_exp_nonpositive(0.0) == 1.0);
}

TEST_CASE("the ziggurat's layers close at the peak with Marsaglia and Tsang's base width") {
  // Their paper gives r = 7.69711747013104972 and v = 0.0039496598225815571993 for 256 layers.
  const ZigguratTables& t = kExpZiggurat;
  CHECK(t.r == doctest::Approx(7.69711747013104972).epsilon(1e-14));
  CHECK(t.v == doctest::Approx(0.0039496598225815571993).epsilon(1e-14));
  CHECK(std::abs(t.closure) < 1e-12);
  for (int i = 1; i < ZigguratTables::kLayers; ++i) {
    CHECK(t.x[i + 1] < t.x[i]);
    // Every layer has area v: width times its height, f(x[i+1]) - f(x[i]).
    CHECK(t.x[i] * (t.f[i + 1] - t.f[i]) == doctest::Approx(t.v).epsilon(1e-9));
  }
}

TEST_CASE("exponential draws have the mean, variance, tails and distribution of Exp(mean)") {
  // Exp(mean 2): mean 2, variance 4. With n = 2,000,000 the sample mean's standard error is
  // 2 / sqrt(n) = 0.0014; the variance's is 4 sqrt(8 / n) = 0.008 (fourth central moment 9 mean^4).
  RandomStream rng(7, StreamId::arrivals);
  const int n = 2000000;
  std::vector<double> draws(n);
  double sum = 0, sum_sq = 0;
  int beyond_r = 0, beyond_20 = 0, below_002 = 0;
  for (double& x : draws) {
    x = rng.exponential(2.0);
    sum += x;
    sum_sq += x * x;
    beyond_r += x > 2 * kExpZiggurat.r;  // the tail layer
    beyond_20 += x > 20;
    below_002 += x < 0.02;  // the top layers' wedges
  }
  const double mean = sum / n;
  CHECK(std::abs(mean - 2.0) < 5 * 0.0014);
  CHECK(std::abs(sum_sq / n - mean * mean - 4.0) < 5 * 0.008);
  // Tail counts against n P(X > t) = n e^(-t / 2), within 5 binomial standard deviations.
  const auto tail_ok = [&](int count, double p) {
    return std::abs(count - n * p) < 5 * std::sqrt(n * p * (1 - p));
  };
  CHECK(tail_ok(beyond_r, std::exp(-kExpZiggurat.r)));  // 4.5e-4
  CHECK(tail_ok(beyond_20, std::exp(-10.0)));           // 4.5e-5: 91 expected
  CHECK(tail_ok(below_002, 1 - std::exp(-0.01)));
  // Kolmogorov-Smirnov against F(x) = 1 - e^(-x / 2): the 0.1 % critical value is 1.949 / sqrt(n).
  std::sort(draws.begin(), draws.end());
  double d = 0;
  for (int i = 0; i < n; ++i) {
    const double f = 1 - std::exp(-draws[i] / 2);
    d = std::max({d, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
  }
  CHECK(d < 1.949 / std::sqrt(static_cast<double>(n)));
  // Chi-square over 1,000 equiprobable cells (boundaries -2 ln(1 - j / 1000)): 999 degrees of freedom,
  // 0.1 % critical value 1143.9.
  std::vector<int> cells(1000, 0);
  for (const double x : draws) {
    const int j = static_cast<int>((1 - std::exp(-x / 2)) * 1000);
    ++cells[std::min(j, 999)];
  }
  double chi2 = 0;
  for (const int c : cells) chi2 += (c - n / 1000.0) * (c - n / 1000.0) / (n / 1000.0);
  CHECK(chi2 < 1143.9);
}

TEST_CASE("exponential draws are the same bytes for a seed on every machine") {
  // The first draws of seed 7's arrival stream, recorded when the ziggurat was introduced: they depend
  // only on xoshiro256** and IEEE arithmetic, so a different value means the stream changed.
  RandomStream rng(7, StreamId::arrivals);
  std::uint64_t hash = 0xcbf29ce484222325ull;  // FNV-1a over the draws' bits
  for (int i = 0; i < 100000; ++i) {
    const double x = rng.exponential(1.0);
    std::uint64_t bits = 0;
    std::memcpy(&bits, &x, sizeof bits);
    hash = (hash ^ bits) * 0x100000001b3ull;
  }
  CHECK(hash == 0x0D4E5EDE5CA603DAull);
}

TEST_CASE("histogram percentiles are within the stated 0.4% of the exact order statistics") {
  // Values 1..100000 ms: the exact p50 is 50 s, p95 95 s, p99 99 s.
  LogHistogram h;
  for (int i = 1; i <= 100000; ++i) h.add(i * 1e-3);
  CHECK(h.count() == 100000);
  CHECK(h.mean() == doctest::Approx(50.0005));
  CHECK(h.max() == 100.0);
  CHECK(std::abs(h.quantile(0.50) / 50.0 - 1) <= LogHistogram::kRelativeError);
  CHECK(std::abs(h.quantile(0.95) / 95.0 - 1) <= LogHistogram::kRelativeError);
  CHECK(std::abs(h.quantile(0.99) / 99.0 - 1) <= LogHistogram::kRelativeError);
}

TEST_CASE("histogram percentiles never leave the exact minimum and maximum") {
  // 6.356230769 s lies in the bucket [6.34375, 6.375) (width 4/128 between 4 and 8), whose midpoint
  // 6.359375 is above it: with every value equal, every percentile must be that value exactly.
  LogHistogram same;
  for (int i = 0; i < 3; ++i) same.add(6.356230769);
  CHECK(same.quantile(0.50) == 6.356230769);
  CHECK(same.quantile(0.99) == 6.356230769);
  CHECK(same.min() == 6.356230769);
  // 1.006 and 1.007 lie in [1, 1.0078125), midpoint 1.00390625, below both: p50 is the minimum.
  LogHistogram low;
  low.add(1.007);
  low.add(1.006);
  CHECK(low.quantile(0.50) == 1.006);
  CHECK(low.quantile(1.0) == 1.006);  // same bucket: clamped to [1.006, 1.007]
  // 1.0005 and 1.001 lie in the same bucket, midpoint above both: p99 is the maximum.
  LogHistogram high;
  high.add(1.0005);
  high.add(1.001);
  CHECK(high.quantile(0.99) == 1.001);
}

TEST_CASE("a time-weighted level averages over time, not over changes") {
  // Level 0 on [0, 10), 4 on [10, 20), 1 on [20, 40]: area 40 + 20 = 60 over 40 = 1.5.
  TimeWeighted q;
  q.set(10, 4);
  q.set(20, 1);
  CHECK(q.mean(40) == doctest::Approx(1.5));
  CHECK(q.max() == 4);
}

TEST_CASE("keep-alive quantiles interpolate linearly and bad lists say why") {
  std::string error;
  const auto q = parse_keep_alive_quantiles("300, 420,600", &error);
  REQUIRE(q.size() == 3);
  CHECK(sample_quantiles(q, 0.0) == 300);
  CHECK(sample_quantiles(q, 0.25) == doctest::Approx(360));  // halfway between 300 and 420
  CHECK(sample_quantiles(q, 0.75) == doctest::Approx(510));  // halfway between 420 and 600
  CHECK(parse_keep_alive_quantiles("600,300", &error).empty());
  CHECK(error.find("must not decrease") != std::string::npos);
  CHECK(parse_keep_alive_quantiles("300,abc", &error).empty());
  CHECK(error == "'abc' is not a number of seconds >= 0");
}

TEST_CASE("a minute's count is spread evenly, centred in equal slots") {
  std::vector<TimeUs> out;
  spread_minute(2, 4, out);  // minute 2 starts at 120 s; slots of 15 s, centres at 7.5, 22.5, 37.5, 52.5
  const std::vector<TimeUs> expected = {127500000, 142500000, 157500000, 172500000};
  CHECK(out == expected);
}

TEST_CASE("the Azure 2019 reader replays the function chosen by hash") {
  const std::string path = write_temp("az2019.csv",
                                      "HashOwner,HashApp,HashFunction,Trigger,1,2,3\n"
                                      "o1,a1,f1,http,1,0,0\n"
                                      "o2,a2,f2,timer,0,2,1\n");
  const Trace first = load_trace(path, TraceFormat::azure2019, "");
  CHECK(first.function == "f1");
  CHECK(first.arrivals_us == std::vector<TimeUs>{30000000});
  const Trace f2 = load_trace(path, TraceFormat::azure2019, "f2");
  // Minute 1 (60..120 s): two arrivals at 75 s and 105 s; minute 2: one at 150 s.
  CHECK(f2.arrivals_us == std::vector<TimeUs>{75000000, 105000000, 150000000});
  CHECK_THROWS_AS(load_trace(path, TraceFormat::azure2019, "nope"), InputError);
}

TEST_CASE("the Azure 2021 reader takes arrival = end - duration, sorted") {
  const std::string path = write_temp("az2021.csv",
                                      "app,func,end_timestamp,duration\n"
                                      "a,f,10.5,0.5\n"
                                      "a,g,3.0,1.0\n"
                                      "a,f,4.25,0.25\n");
  const Trace all = load_trace(path, TraceFormat::azure2021, "");
  CHECK(all.arrivals_us == std::vector<TimeUs>{2000000, 4000000, 10000000});
  const Trace f = load_trace(path, TraceFormat::azure2021, "f");
  CHECK(f.arrivals_us == std::vector<TimeUs>{4000000, 10000000});
}

TEST_CASE("a timestamps file with a bad line names the file and the line") {
  const std::string path = write_temp("ts.csv", "time_s\n1.5\n2\nlater\n");
  try {
    load_trace(path, TraceFormat::timestamps, "");
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].place.line == 4);
    CHECK(e.diagnostics()[0].message == "expected an arrival time in seconds, got 'later'");
  }
}

namespace {
// The single diagnostic of the InputError `load_trace` throws, or a failed check.
Diagnostic trace_error(const std::string& path, TraceFormat format) {
  try {
    load_trace(path, format, "");
  } catch (const InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    return e.diagnostics()[0];
  }
  FAIL("expected an InputError");
  return {};
}
}  // namespace

TEST_CASE("trace times beyond 87600 h and per-minute counts above 10^6 are input errors with file:line") {
  // 1e300 s would overflow the microsecond clock; 87600 h = 315360000 s is the longest window.
  std::string path = write_temp("ts-huge.csv", "time_s\n1.5\n1e300\n");
  Diagnostic d = trace_error(path, TraceFormat::timestamps);
  CHECK(d.place.file == path);
  CHECK(d.place.line == 3);
  CHECK(d.message.find("1e300 s is beyond 87600 h") != std::string::npos);
  // Exactly 87600 h is accepted.
  path = write_temp("ts-edge.csv", "315360000\n");
  CHECK(load_trace(path, TraceFormat::timestamps, "").arrivals_us == std::vector<TimeUs>{315360000000000});

  path =
      write_temp("az2019-huge.csv", "HashOwner,HashApp,HashFunction,Trigger,1,2\no,a,f,http,3,1000000000\n");
  d = trace_error(path, TraceFormat::azure2019);
  CHECK(d.place.line == 2);
  CHECK(d.message.find("column 6: 1000000000 invocations in one minute is above the limit") !=
        std::string::npos);
  // 10^6 in a minute is the limit itself, accepted: 3 + 10^6 arrivals.
  path = write_temp("az2019-edge.csv", "HashOwner,HashApp,HashFunction,Trigger,1,2\no,a,f,http,3,1000000\n");
  CHECK(load_trace(path, TraceFormat::azure2019, "").arrivals_us.size() == 1000003);

  path = write_temp("az2021-huge.csv", "app,func,end_timestamp,duration\na,f,1.0,0.5\na,f,1e300,1\n");
  d = trace_error(path, TraceFormat::azure2021);
  CHECK(d.place.line == 3);
  CHECK(d.message.find("end_timestamp 1e300 s is beyond 87600 h") != std::string::npos);
}

TEST_CASE("a UTF-8 byte order mark before the first timestamp does not turn it into a header") {
  // The first line "\xEF\xBB\xBF0.5" used to fail to parse and be skipped as a header: 2 arrivals, not 3.
  const std::string path = write_temp("ts-bom.csv",
                                      "\xEF\xBB\xBF"
                                      "0.5\n1\n2\n");
  const Trace t = load_trace(path, TraceFormat::timestamps, "");
  CHECK(t.arrivals_us == std::vector<TimeUs>{500000, 1000000, 2000000});
  // With a header after the mark, the header is still recognised as one.
  const Trace h =
      load_trace(write_temp("ts-bom-header.csv", "\xEF\xBB\xBFtime_s\n3\n"), TraceFormat::timestamps, "");
  CHECK(h.arrivals_us == std::vector<TimeUs>{3000000});
}

TEST_CASE("arrival lines are counted before they are read, so an oversized trace costs no memory") {
  // Lines 1..6: a header, a comment, a blank line, then three times. With a limit of 2 counted lines
  // (the header and one arrival) the count passes it at line 5, the second time.
  std::istringstream text("time_s\n# note\n\n1\n2\n3\n");
  CHECK(line_past_limit(text, 2) == 5);
  std::istringstream same("time_s\n# note\n\n1\n2\n3\n");
  CHECK(line_past_limit(same, 4) == 0);
  std::istringstream crlf("1\r\n\r\n2\r\n");  // a blank CRLF line is not counted
  CHECK(line_past_limit(crlf, 1) == 3);
}
