#include "model/billing.h"

#include <algorithm>
#include <cmath>

#include "model/units.h"

namespace breakeven {

double lambda_memory_gb(int memory_mb) {
  return memory_mb / kLambdaMbPerGb;
}

double lambda_cpu_share_vcpu(double memory_mb, double threads, const LambdaLimits& limits) {
  return std::min({threads, memory_mb / limits.mb_per_vcpu, limits.max_vcpus});
}

double lambda_init_billed_s(bool cold, bool init_billed, double cold_start_s) {
  return cold && init_billed ? cold_start_s : 0;
}

double lambda_gb_s(std::int64_t billed_ms, double memory_gb) {
  return static_cast<double>(billed_ms) / 1000.0 * memory_gb;
}

double tiered_average_usd_per_gb_s(const std::vector<PriceTier>& tiers, double monthly_gb_s) {
  if (tiers.empty()) return 0;
  if (monthly_gb_s <= 0) return tiers.front().price_usd_per_gb_s.value.value_or(0);
  double cost = 0;
  for (const auto& t : tiers) {
    const double in_tier =
        std::clamp(monthly_gb_s, t.from_gb_s_per_month, t.to_gb_s_per_month) - t.from_gb_s_per_month;
    cost += in_tier * t.price_usd_per_gb_s.value.value_or(0);
  }
  return cost / monthly_gb_s;
}

double lambda_duration_usd(std::int64_t billed_ms, int memory_mb, double usd_per_gb_s) {
  return lambda_gb_s(billed_ms, lambda_memory_gb(memory_mb)) * usd_per_gb_s;
}

double lambda_ephemeral_usd(std::int64_t billed_ms, int ephemeral_mb, double included_mb,
                            double usd_per_gb_s) {
  const double extra_gb = std::max(0.0, ephemeral_mb - included_mb) / kLambdaMbPerGb;
  return static_cast<double>(billed_ms) / 1000.0 * extra_gb * usd_per_gb_s;
}

LambdaMonthRates lambda_month_rates(const ResolvedPrices& prices, bool tiered_pricing, double gb_s_per_month,
                                    double requests_per_month) {
  LambdaMonthRates r;
  r.billable_gb_s_per_month = std::max(0.0, gb_s_per_month - prices.free_gb_s_per_month);
  r.billable_requests_per_month = std::max(0.0, requests_per_month - prices.free_requests_per_month);
  r.usd_per_gb_s =
      tiered_pricing
          ? tiered_average_usd_per_gb_s(prices.lambda_tiers, r.billable_gb_s_per_month)
          : (prices.lambda_tiers.empty() ? 0
                                         : prices.lambda_tiers.front().price_usd_per_gb_s.value.value_or(0));
  r.duration_share = gb_s_per_month > 0 ? r.billable_gb_s_per_month / gb_s_per_month : 0;
  r.request_share = requests_per_month > 0 ? r.billable_requests_per_month / requests_per_month : 0;
  r.request_usd = prices.lambda_request_usd;
  return r;
}

double lambda_gb_s_usd(double gb_s, const LambdaMonthRates& rates) {
  return gb_s * rates.duration_share * rates.usd_per_gb_s;
}

double lambda_requests_usd(double requests, const LambdaMonthRates& rates) {
  return requests * rates.request_share * rates.request_usd;
}

double s3_faas_requests_usd(double gets, double puts, const ResolvedPrices& prices) {
  return gets * prices.s3_faas_get_usd + puts * prices.s3_faas_put_usd;
}

double s3_iaas_requests_usd(double gets, double puts, const ResolvedPrices& prices) {
  return gets * prices.s3_iaas_get_usd + puts * prices.s3_iaas_put_usd;
}

double ec2_run_usd(double run_s, double usd_per_hour, double minimum_s, double granularity_s) {
  const double billed_s = std::max(minimum_s, std::ceil(run_s / granularity_s - 1e-9) * granularity_s);
  return billed_s * usd_per_hour / kSecondsPerHour;
}

double ec2_run_usd(double run_s, const ResolvedPrices& prices) {
  return ec2_run_usd(run_s, prices.ec2_usd_per_hour, prices.ec2_minimum_s, prices.ec2_granularity_s);
}

bool saves_model_at(const FaasSpec& faas, std::int64_t invocation_index) {
  switch (faas.save_policy) {
    case SavePolicy::always:
      return true;
    case SavePolicy::every_k:
      return invocation_index % faas.save_every_k == faas.save_every_k - 1;
    case SavePolicy::never:
      return false;
  }
  return true;
}

double training_s3_gets(double batches, bool cache_hit, double unsaved_batches) {
  return batches + (cache_hit ? 0 : 1 + (unsaved_batches > 0 ? 1 + unsaved_batches : 0));
}

Side cheaper_side(bool faas_ok, double faas_usd_per_hour, bool iaas_ok, double iaas_usd_per_hour) {
  if (faas_ok && iaas_ok) return faas_usd_per_hour <= iaas_usd_per_hour ? Side::faas : Side::iaas;
  if (faas_ok) return Side::faas;
  if (iaas_ok) return Side::iaas;
  return Side::none;
}

const char* to_string(Side side) {
  return side == Side::faas ? "faas" : side == Side::iaas ? "iaas" : "none";
}

}  // namespace breakeven
