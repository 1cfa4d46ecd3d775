#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "model/checked_cast.h"

using namespace breakeven;

namespace {
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("a value inside the type's range converts as static_cast does, truncating toward zero") {
  CHECK(checked_cast<int>(3.9) == 3);
  CHECK(checked_cast<int>(-3.9) == -3);
  CHECK(checked_cast<std::int64_t>(1e15) == 1000000000000000);
  CHECK(checked_round<std::int64_t>(2.5) == 3);  // halves away from zero, as std::round
  CHECK(checked_round<std::int64_t>(-2.5) == -3);
}

TEST_CASE("NaN, infinities and values beyond the type are refused instead of wrapping") {
  CHECK_FALSE(checked_cast<int>(kNan));
  CHECK_FALSE(checked_cast<int>(kInf));
  CHECK_FALSE(checked_cast<int>(-kInf));
  CHECK_FALSE(checked_cast<int>(1e20));              // catalog limits: 1e20 MB used to become INT_MIN
  CHECK_FALSE(checked_cast<std::int64_t>(1.5e306));  // the simulator's clock: seconds x 1e6 beyond 2^63
  CHECK_FALSE(checked_cast<unsigned>(-1.0));         // a negative count must not wrap to 4294967295
  CHECK_FALSE(checked_cast<int>(4294967296.0));      // 2^32 would wrap to 0 in a 32-bit int
}

TEST_CASE("the bounds of the type itself are exact: 2^31 - 1 fits an int, 2^31 does not") {
  CHECK(checked_cast<int>(2147483647.0) == 2147483647);
  CHECK_FALSE(checked_cast<int>(2147483648.0));
  CHECK(checked_cast<int>(-2147483648.0) == std::numeric_limits<int>::min());
  CHECK_FALSE(checked_cast<int>(-2147483649.0));
  // 2^63 is the first double above INT64_MAX; the largest double below it, 2^63 - 1024, fits.
  CHECK_FALSE(checked_cast<std::int64_t>(std::ldexp(1.0, 63)));
  CHECK(checked_cast<std::int64_t>(std::ldexp(1.0, 63) - 1024) == std::int64_t{9223372036854774784});
  CHECK(checked_cast<std::uint64_t>(std::ldexp(1.0, 63)) == std::uint64_t{1} << 63);
}

TEST_CASE("a caller's own range narrows the type's") {
  CHECK(checked_cast<int>(64.0, 1, 64) == 64);
  CHECK_FALSE(checked_cast<int>(65.0, 1, 64));
  CHECK_FALSE(checked_cast<int>(0.0, 1, 64));
}

TEST_CASE("the throwing form names the place, the key and the allowed range") {
  const SourcePlace place{"platform.yaml", 4, 18};
  try {
    (void)checked_cast_or_throw<int>(1e20, place, "lambda_limits.memory_mb_max", 1, 1048576);
    FAIL("no error");
  } catch (const InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    const Diagnostic& d = e.diagnostics()[0];
    CHECK(d.place.file == "platform.yaml");
    CHECK(d.place.line == 4);
    CHECK(d.place.column == 18);
    CHECK(d.key == "lambda_limits.memory_mb_max");
    CHECK(d.message == "1e+20 is out of range: expected a whole number from 1 to 1048576");
  }
  try {
    (void)checked_cast_or_throw<int>(kNan, place, "k", 1, 64);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.diagnostics()[0].message == "nan is not a finite number: expected a whole number from 1 to 64");
  }
}
