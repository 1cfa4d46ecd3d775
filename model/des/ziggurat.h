// Exponential variates by the ziggurat method (Marsaglia and Tsang 2000, "The Ziggurat Method for
// Generating Random Variables", J. Stat. Softw. 5(8)), with tables computed at compile time from IEEE
// arithmetic alone: no maths library at compile or run time, so the same 64-bit words give the same
// draws on every machine. One draw costs one 64-bit word, a table look-up, a multiply and a compare
// in 98.9 % of cases; the rest take a second word and, in the wedges, one exp.
#pragma once

#include <array>
#include <bit>
#include <cstdint>

namespace breakeven::des {

// e^x for x <= 0 from IEEE arithmetic alone: x = k ln 2 + r with |r| <= ln 2 / 2, e^r by its Taylor
// series to r^20 (the next term is below 2^-80), times 2^k built from its bits. Results below 2^-1022
// are returned as 0 (no draw needs them).
constexpr double portable_exp_nonpositive(double x) {
  constexpr double kInvLn2 = 1.44269504088896338700;
  constexpr double kLn2Hi = 6.93147180369123816490e-01;  // ln 2 split as in fdlibm's constants
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  if (x < -708) return 0;
  const int k = static_cast<int>(x * kInvLn2 - 0.5);  // round half down (x <= 0): k <= 0
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;
  double series = 1;
  for (int n = 20; n >= 1; --n) series = 1 + r / n * series;
  return series * std::bit_cast<double>(static_cast<std::uint64_t>(1023 + k) << 52);
}

// ln x for a normal x > 0 from IEEE arithmetic alone: x = m 2^e with m in [sqrt(1/2), sqrt(2)) read
// from its bits; ln m = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.1716, by its odd series to s^23
// (the next term is below 2^-60 relative); e ln 2 is added in two parts to keep its precision.
constexpr double portable_log_normal(double x) {
  const std::uint64_t bits = std::bit_cast<std::uint64_t>(x);
  int e = static_cast<int>(bits >> 52) - 1022;  // x = m 2^e with m in [0.5, 1)
  double m = std::bit_cast<double>((bits & 0x000FFFFFFFFFFFFFull) | 0x3FE0000000000000ull);
  if (m < 0.70710678118654752440) {
    m *= 2;
    --e;
  }
  const double s = (m - 1) / (m + 1);
  const double s2 = s * s;
  double series = 1.0 / 23;
  for (int k = 21; k >= 1; k -= 2) series = 1.0 / k + s2 * series;
  constexpr double kLn2Hi = 6.93147180369123816490e-01;
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  return e * kLn2Hi + (2 * s * series + e * kLn2Lo);
}

// The ziggurat under f(x) = e^-x (x >= 0) in 256 layers of equal area v. Layer 0 is the base: the
// rectangle [0, x[1] = r) x [0, f(r)) plus the tail beyond r, drawn as if it were a rectangle of width
// x[0] = v / f(r). Layer i >= 1 is [0, x[i]) x [f(x[i]), f(x[i+1])), with x[i+1] = f^-1(f(x[i]) + v / x[i])
// and x[256] = 0 at the peak f(0) = 1. The equal-area condition closes at the peak only for the right r:
// r is found by bisection (r = 7.69711747013104972 in Marsaglia and Tsang's paper), v = r f(r) + e^-r.
struct ZigguratTables {
  static constexpr int kLayers = 256;
  double r = 0, v = 0;
  std::array<double, kLayers + 1> x{};  // layer widths, decreasing; x[256] = 0
  std::array<double, kLayers + 1> f{};  // f(x[i]), increasing; f[256] = 1
  double closure = 0;                   // f(x[255]) + v / x[255] - 1: how well the top layer closes
};

// Builds the layers for base width `r`; closure > 0 means the layers reach the peak too early (r too
// small), < 0 that they end below it (r too large).
constexpr ZigguratTables ziggurat_layers(double r) {
  ZigguratTables t;
  t.r = r;
  const double fr = portable_exp_nonpositive(-r);
  t.v = r * fr + fr;  // the base rectangle plus the tail's area e^-r
  t.x[0] = t.v / fr;
  t.f[0] = 0;
  t.x[1] = r;
  t.f[1] = fr;
  for (int i = 1; i < ZigguratTables::kLayers - 1; ++i) {
    const double top = t.f[i] + t.v / t.x[i];
    if (top >= 1) {
      t.closure = 1;
      return t;
    }
    t.x[i + 1] = -portable_log_normal(top);
    t.f[i + 1] = portable_exp_nonpositive(-t.x[i + 1]);
  }
  const int last = ZigguratTables::kLayers - 1;
  t.closure = t.f[last] + t.v / t.x[last] - 1;
  t.x[ZigguratTables::kLayers] = 0;
  t.f[ZigguratTables::kLayers] = 1;
  return t;
}

// Bisection on r in [7, 8] until the interval stops shrinking in double precision.
constexpr ZigguratTables make_ziggurat_tables() {
  double lo = 7, hi = 8;
  for (int i = 0; i < 64; ++i) {
    const double mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    if (ziggurat_layers(mid).closure > 0) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return ziggurat_layers(hi);
}

inline constexpr ZigguratTables kExpZiggurat = make_ziggurat_tables();

// One Exp(1) draw from a source of 64-bit words (`next()` returns std::uint64_t). The low 8 bits pick a
// layer, the top 53 the position in it.
template <class NextWord>
double ziggurat_exponential(NextWord&& next) {
  const ZigguratTables& t = kExpZiggurat;
  double shift = 0;
  for (;;) {
    const std::uint64_t bits = next();
    const unsigned i = static_cast<unsigned>(bits & 0xFF);
    const double x = static_cast<double>(bits >> 11) * 0x1.0p-53 * t.x[i];
    if (x < t.x[i + 1]) return shift + x;  // under the curve whatever the height
    if (i == 0) {
      shift += t.r;  // the tail beyond r is r + Exp(1) (memorylessness)
      continue;
    }
    // The wedge: a height uniform in the layer, kept when it lies under e^-x.
    const double u = static_cast<double>(next() >> 11) * 0x1.0p-53;
    if (t.f[i] + u * (t.f[i + 1] - t.f[i]) < portable_exp_nonpositive(-x)) return shift + x;
  }
}

}  // namespace breakeven::des
