// The billing core: every charge of both sides, written once and used by the analytic model, the
// simulator, the sweep and calibration. Lambda GB-s (1 ms billing, monthly tiers, free-tier shares),
// requests, INIT, ephemeral storage, S3 requests, EC2 per-second billing with its minimum, the CPU
// share a memory size buys, the save cycle's S3 GETs, and which side is cheaper.
// Prices come resolved (pricing.h); platform limits come from the platform file (catalog.h).
#pragma once

#include <cstdint>
#include <vector>

#include "model/pricing.h"
#include "model/spec/catalog.h"
#include "model/spec/scenario.h"

namespace breakeven {

// Lambda memory in the GB that AWS bills by: memory_mb / 1024.
double lambda_memory_gb(int memory_mb);

// CPU share of a function: min(threads, memory_mb / mb_per_vcpu, max_vcpus) vCPUs (platform file).
double lambda_cpu_share_vcpu(double memory_mb, double threads, const LambdaLimits& limits);

// Seconds of INIT counted in the billed duration of one invocation: the cold start when it is cold
// and INIT is billed (pricing.h init_is_billed), else 0.
double lambda_init_billed_s(bool cold, bool init_billed, double cold_start_s);

// GB-s of `billed_ms` milliseconds at `memory_gb`.
double lambda_gb_s(std::int64_t billed_ms, double memory_gb);

// Average duration price over a month using `monthly_gb_s` of compute, given the volume tiers
// (each GB-s is charged at the rate of the tier it falls in). For zero usage, the first tier's price.
double tiered_average_usd_per_gb_s(const std::vector<PriceTier>& tiers, double monthly_gb_s);

// Duration charge of one Lambda invocation: billed ms x GB x price.
double lambda_duration_usd(std::int64_t billed_ms, int memory_mb, double usd_per_gb_s);

// Ephemeral storage charge of one invocation for the part of /tmp above the included size.
double lambda_ephemeral_usd(std::int64_t billed_ms, int ephemeral_mb, double included_mb,
                            double usd_per_gb_s);

// The month's Lambda rates at a given monthly volume: the free tier first (shares of GB-s and requests
// that are billed at all), then the tiers on what is left (or the first tier's price without tiers).
struct LambdaMonthRates {
  double billable_gb_s_per_month = 0;      // above the free tier
  double billable_requests_per_month = 0;  // above the free tier
  double usd_per_gb_s = 0;                 // average over the tiers the billable GB-s fall in
  double duration_share = 0;               // billable / all GB-s (0 without usage)
  double request_share = 0;                // billable / all requests (0 without requests)
  double request_usd = 0;                  // price of one request
};
LambdaMonthRates lambda_month_rates(const ResolvedPrices& prices, bool tiered_pricing, double gb_s_per_month,
                                    double requests_per_month);

// Duration charge of `gb_s` at the month's rates (free-tier share, tier average).
double lambda_gb_s_usd(double gb_s, const LambdaMonthRates& rates);

// Request charge of `requests` at the month's rates (free-tier share).
double lambda_requests_usd(double requests, const LambdaMonthRates& rates);

// S3 request charges of the function side (faas.region) and of the VM side (iaas.region).
double s3_faas_requests_usd(double gets, double puts, const ResolvedPrices& prices);
double s3_iaas_requests_usd(double gets, double puts, const ResolvedPrices& prices);

// EC2 charge for one continuous run of `run_s` seconds: per-second billing with a minimum.
double ec2_run_usd(double run_s, double usd_per_hour, double minimum_s, double granularity_s = 1);
// The same at the resolved instance price, minimum and granularity (pricing file).
double ec2_run_usd(double run_s, const ResolvedPrices& prices);

// Whether the training invocation with 0-based index `invocation_index` saves the model under the
// save policy (always; every_k: every k-th; never).
bool saves_model_at(const FaasSpec& faas, std::int64_t invocation_index);

// S3 GETs of one training invocation: one object per batch, and on a cache miss the saved model plus,
// with unsaved batches, the history record and one object per batch to replay.
double training_s3_gets(double batches, bool cache_hit, double unsaved_batches);

// The cheaper side; `none` when neither is feasible (or keeps up). Ties go to FaaS.
enum class Side { faas, iaas, none };
Side cheaper_side(bool faas_ok, double faas_usd_per_hour, bool iaas_ok, double iaas_usd_per_hour);
const char* to_string(Side side);  // "faas", "iaas", "none"

}  // namespace breakeven
