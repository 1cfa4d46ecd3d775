// Numbers for people (cli/number_format): fixed notation, never an exponent in the usual ranges, and
// commas between thousands. The expected texts are written out by hand.
#include <doctest/doctest.h>

#include "cli/number_format.h"

using namespace breakeven::cli;

TEST_CASE("money below a cent keeps three significant digits in fixed notation") {
  CHECK(usd(0.0000217) == "$0.0000217");
  CHECK(usd(0.0000172) == "$0.0000172");
  CHECK(usd(0.001982) == "$0.00198");
  CHECK(usd(0) == "$0.0000");
  CHECK(usd(0.0233) == "$0.0233");
  CHECK(usd(9.5075) == "$9.5075");
  CHECK(usd(-0.0103) == "-$0.0103");
}

TEST_CASE("money from a hundred dollars on shows cents and separates thousands") {
  CHECK(usd(123.456) == "$123.46");
  CHECK(usd(1234567.891) == "$1,234,567.89");
}

TEST_CASE("plain numbers are fixed notation with thousands separated and trailing zeros dropped") {
  CHECK(plain(6332, 8) == "6,332");
  CHECK(plain(142, 4) == "142");
  CHECK(plain(0.72) == "0.72");
  CHECK(plain(1234567.0) == "1,234,570");  // six significant digits
  CHECK(plain(999.96, 4) == "1,000");
  CHECK(plain(0.000123, 3) == "0.000123");
  CHECK(plain(1e-9) == "1e-09");  // below a millionth: scientific
}

TEST_CASE("counts and durations use the same separators") {
  CHECK(count(10000) == "10,000");
  CHECK(count(999) == "999");
  CHECK(count(-1234) == "-1,234");
  CHECK(seconds(33.1305) == "33.13 s");
  CHECK(seconds(0.084) == "84 ms");
  CHECK(seconds(3600) == "3,600 s (1 h)");
  CHECK(seconds(0.0000025) == "2.5 us");
}
