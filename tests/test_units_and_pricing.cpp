#include <doctest/doctest.h>

#include <cmath>

#include "model/billing.h"
#include "model/pricing.h"
#include "model/units.h"

using namespace breakeven;

namespace {
// Rounds to `decimals` places, as seed 004 printed its table.
double round_to(double x, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(x * scale) / scale;
}
constexpr double kX86UsdPerGbS = 0.0000166667;  // data/pricing/aws.yaml, us-east-1 and us-east-2 tier 1
}  // namespace

TEST_CASE("billing rounds a duration up to the next whole millisecond") {
  CHECK(billed_ms(0.0) == 0);
  CHECK(billed_ms(0.001) == 1);      // exactly 1 ms bills 1 ms
  CHECK(billed_ms(0.0010004) == 1);  // 1000.4 us rounds to 1000 us first: 1 ms
  CHECK(billed_ms(0.0011) == 2);     // 1.1 ms bills 2 ms
}

TEST_CASE("billing works from whole microseconds, so floating-point noise does not add a millisecond") {
  // 0.1 + 0.2 is 0.30000000000000004 in binary floating point; it must bill 300 ms, not 301.
  CHECK(billed_ms(0.1 + 0.2) == 300);
  CHECK(billed_ms(0.0010006) == 2);  // 1000.6 us rounds to 1001 us, which bills 2 ms
  CHECK(billed_ms(2.3456789) == 2346);
  // The 100 ms granularity AWS used before December 2020.
  CHECK(billed_ms(0.101, 100) == 200);
  CHECK(billed_ms(0.1, 100) == 100);
}

TEST_CASE("the price of one billed millisecond matches seed 004 Table 5.1") {
  // Seed 004 (Groningen 2024), Table 5.1: AWS Lambda price per 1 ms by memory size, x86_64, printed
  // to 10 decimals. One billed millisecond at memory m costs m/1024 GB x 0.001 s x USD/GB-s.
  const struct {
    int memory_mb;
    double usd_per_ms;
  } table[] = {{128, 0.0000000021},  {512, 0.0000000083},  {1024, 0.0000000167}, {1536, 0.0000000250},
               {2048, 0.0000000333}, {3072, 0.0000000500}, {4096, 0.0000000667}, {5120, 0.0000000833},
               {6144, 0.0000001000}, {7168, 0.0000001167}, {8192, 0.0000001333}, {9216, 0.0000001500}};
  for (const auto& row : table) {
    CAPTURE(row.memory_mb);
    CHECK(round_to(lambda_duration_usd(1, row.memory_mb, kX86UsdPerGbS), 10) ==
          doctest::Approx(row.usd_per_ms).epsilon(1e-12));
  }
}

TEST_CASE("a 2,048 MB invocation billed 6,332 ms costs 6.332 s x 2 GB x the GB-s price") {
  // By hand: 6.332 x 2 x 0.0000166667 = 0.000211067 (to 9 significant digits: 0.0002110670).
  CHECK(lambda_duration_usd(6332, 2048, kX86UsdPerGbS) == doctest::Approx(0.00021106708).epsilon(1e-9));
}

TEST_CASE("ephemeral storage is billed only above the included 512 MB") {
  CHECK(lambda_ephemeral_usd(1000, 512, 512, 0.0000000309) == 0);
  // 10,240 MB: 9,728 MB = 9.5 GB above 512 MB, for 1 s: 9.5 x 0.0000000309 = 2.9355e-7.
  CHECK(lambda_ephemeral_usd(1000, 10240, 512, 0.0000000309) == doctest::Approx(2.9355e-7).epsilon(1e-12));
}

TEST_CASE("EC2 Linux bills per second with a 60-second minimum") {
  const double per_hour = 0.023;  // t2.small, us-east-1
  CHECK(ec2_run_usd(10, per_hour, 60) == doctest::Approx(60 * per_hour / 3600));
  CHECK(ec2_run_usd(60, per_hour, 60) == doctest::Approx(60 * per_hour / 3600));
  CHECK(ec2_run_usd(60.2, per_hour, 60) == doctest::Approx(61 * per_hour / 3600));
  CHECK(ec2_run_usd(3600, per_hour, 60) == doctest::Approx(per_hour));
}

TEST_CASE("the monthly volume tiers give each GB-s the rate of the tier it falls in") {
  std::vector<PriceTier> tiers(3);
  tiers[0] = {0, 6e9, {0.0000166667, "", "", false}};
  tiers[1] = {6e9, 15e9, {0.000015, "", "", false}};
  tiers[2] = {15e9, INFINITY, {0.0000133334, "", "", false}};
  CHECK(tiered_average_usd_per_gb_s(tiers, 0) == doctest::Approx(0.0000166667));
  CHECK(tiered_average_usd_per_gb_s(tiers, 1e6) == doctest::Approx(0.0000166667));
  // 7e9 GB-s: 6e9 at tier 1 and 1e9 at tier 2 -> (6e9 x 0.0000166667 + 1e9 x 0.000015) / 7e9.
  CHECK(tiered_average_usd_per_gb_s(tiers, 7e9) ==
        doctest::Approx((6e9 * 0.0000166667 + 1e9 * 0.000015) / 7e9));
  // 20e9: 6e9 + 9e9 + 5e9.
  CHECK(tiered_average_usd_per_gb_s(tiers, 20e9) ==
        doctest::Approx((6e9 * 0.0000166667 + 9e9 * 0.000015 + 5e9 * 0.0000133334) / 20e9));
}

TEST_CASE(
    "INIT is billed for every package since 2025-08-01, and before only for images and custom runtimes") {
  const InitBillingRule rule{"2025-08-01", "INIT blog"};
  CHECK(init_is_billed(rule, "latest", Package::zip, Runtime::managed));
  CHECK(init_is_billed(rule, "2025-08-01", Package::zip, Runtime::managed));
  CHECK_FALSE(init_is_billed(rule, "2025-07-31", Package::zip, Runtime::managed));
  CHECK(init_is_billed(rule, "2023-06-01", Package::image, Runtime::managed));
  CHECK(init_is_billed(rule, "2023-06-01", Package::zip, Runtime::custom));
}

TEST_CASE("transfers cost the latency plus the bytes over the bandwidth") {
  // 142 MB at 65 MB/s with 0.08 s latency: 0.08 + 142/65 = 2.264615... s.
  CHECK(transfer_s(142e6, 65, 0.08) == doctest::Approx(0.08 + 142.0 / 65));
}
