// A constant's source is called old when its newest date is more than three years before the pricing
// file's version; the dates below are the as_of texts of data/pricing/aws.yaml, worked out by hand.
#include <doctest/doctest.h>

#include "cli/source_age.h"

using namespace breakeven::cli;

TEST_CASE("the newest date of an as_of text counts, and a month alone counts as its last day") {
  CHECK(newest_date("2025-10-28 (pricing effective 2025-10-01); 2026-09-06") == "2026-09-06");
  CHECK(newest_date("2021-09-29 (updated 2023-06-19)") == "2023-06-19");
  CHECK(newest_date("2020-12") == "2020-12-31");
  CHECK(newest_date("undated stored copy").empty());
  CHECK(newest_date("-").empty());
  CHECK(newest_date("artillery 2.0.28 (commit date unknown)").empty());
}

TEST_CASE("three years before a version date, and a leap day becomes the 28th") {
  CHECK(three_years_before("2026-12-02") == "2023-12-02");
  CHECK(three_years_before("2028-02-29") == "2025-02-28");
  CHECK(three_years_before("not a date").empty());
}

TEST_CASE("EC2 per-second billing (2017-10-02) is old against a 2026 pricing file; undated is not") {
  const std::string cutoff = three_years_before("2026-12-02");
  CHECK(older_than("2017-10-02", cutoff));
  CHECK(older_than("2020-12", cutoff));
  CHECK_FALSE(older_than("2023-12-02", cutoff));  // exactly three years: not older
  CHECK_FALSE(older_than("2025-04; effective 2025-08-01", cutoff));
  CHECK_FALSE(older_than("undated", cutoff));
}
