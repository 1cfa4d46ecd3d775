// Pure pricing functions: Lambda GB-s (with 1 ms billing, tiers, INIT billing, ephemeral storage),
// per-request charges, EC2 per-second billing with its minimum, and S3 requests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/spec/catalog.h"
#include "model/spec/scenario.h"

namespace breakeven {

// One price as used by a run, with where it came from (printed in reports).
struct PriceUsed {
  std::string item;  // e.g. "lambda.duration_usd_per_gb_s (us-east-2, x86_64, tier 1)"
  double value = 0;
  std::string source;
  std::string as_of;
  std::string substituted_from;  // region whose price stands in, when pricing.fallback_region was used
};

// Every price a scenario needs, resolved for its regions, architecture and instance.
struct ResolvedPrices {
  std::vector<PriceTier> lambda_tiers;       // duration price tiers for faas.arch in faas.region
  double lambda_request_usd = 0;             // per request
  double lambda_ephemeral_usd_per_gb_s = 0;  // per GB-s of /tmp above the included size
  double lambda_ephemeral_included_mb = 512;
  std::int64_t lambda_granularity_ms = 1;
  bool init_billed = true;             // whether INIT counts in the billed duration
  std::string init_rule;               // why init_billed is what it is
  double free_requests_per_month = 0;  // 0 unless faas.free_tier
  double free_gb_s_per_month = 0;
  double ec2_usd_per_hour = 0;
  double ec2_minimum_s = 60;
  double ec2_vcpu = 1;
  double ec2_memory_gib = 0;
  std::optional<double> ec2_burstable_baseline_per_vcpu;
  double s3_faas_put_usd = 0, s3_faas_get_usd = 0;  // per request, in faas.region
  double s3_iaas_put_usd = 0, s3_iaas_get_usd = 0;  // per request, in iaas.region
  std::vector<PriceUsed> used;                      // every price above with its source
  std::vector<std::string> substitutions;           // human notes for prices taken from the fallback region
};

// A price the scenario needs that the pricing file does not know; `key` is the scenario key to blame.
struct MissingPrice {
  std::string key;
  std::string message;
};

// Resolves every price for `spec`; appends to `missing` what cannot be priced.
ResolvedPrices resolve_prices(const ScenarioSpec& spec, const PricingCatalog& catalog,
                              std::vector<MissingPrice>& missing);

// Whether INIT is billed on `billing_date` ("latest" or YYYY-MM-DD) for this package and runtime.
bool init_is_billed(const InitBillingRule& rule, const std::string& billing_date, Package package,
                    Runtime runtime);

// Lambda memory in the GB that AWS bills by: memory_mb / 1024.
inline double lambda_memory_gb(int memory_mb) {
  return memory_mb / 1024.0;
}

// Average duration price over a month using `monthly_gb_s` of compute, given the volume tiers
// (each GB-s is charged at the rate of the tier it falls in). For zero usage, the first tier's price.
double tiered_average_usd_per_gb_s(const std::vector<PriceTier>& tiers, double monthly_gb_s);

// Duration charge of one Lambda invocation: billed ms x GB x price.
double lambda_duration_usd(std::int64_t billed_ms, int memory_mb, double usd_per_gb_s);

// Ephemeral storage charge of one invocation for the part of /tmp above the included size.
double lambda_ephemeral_usd(std::int64_t billed_ms, int ephemeral_mb, double included_mb,
                            double usd_per_gb_s);

// EC2 charge for one continuous run of `run_s` seconds: per-second billing with a minimum.
double ec2_run_usd(double run_s, double usd_per_hour, double minimum_s, double granularity_s = 1);

}  // namespace breakeven
