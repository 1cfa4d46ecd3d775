// The prices a scenario needs, resolved once from the pricing file (with the fallback region), and
// the INIT billing rule. The charges built on them are in billing.h.
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
  double ec2_granularity_s = 1;
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

}  // namespace breakeven
