#include "model/sweep/point_evaluator.h"

#include <algorithm>

#include "model/billing.h"
#include "model/units.h"

namespace breakeven {

void AnalyticEvaluator::evaluate(const ModelInput& in, PointResult& out) const {
  const double interval_s = in.spec.workload.interval_s;
  FaasResult f = evaluate_faas(in, interval_s);
  IaasResult i = evaluate_iaas(in, interval_s);
  out.interval_s = interval_s;
  out.faas_memory_mb = f.memory_mb;
  out.cheaper = to_string(cheaper_side(f, i));
  out.faas = SideFigures{f.feasible, std::move(f.infeasible_reason), f.cost_usd_per_hour, f.invocation_s,
                         f.utilisation};
  out.iaas = SideFigures{i.feasible, std::move(i.infeasible_reason), i.cost_usd_per_hour, i.invocation_s,
                         i.utilisation};
  // The components follow evaluate_faas's charges: billable GB-s at the month's average tier price,
  // billable requests at the request price; what is left is S3 requests and ephemeral storage.
  const double months_per_hour = 1.0 / kHoursPerMonth;
  const LambdaMonthRates rates = lambda_month_rates(in.prices, in.spec.faas.tiered_pricing, f.gb_s_per_month,
                                                    f.invocations_per_hour * kHoursPerMonth);
  out.faas_duration_usd_per_hour = rates.billable_gb_s_per_month * rates.usd_per_gb_s * months_per_hour;
  out.faas_requests_usd_per_hour = rates.billable_requests_per_month * rates.request_usd * months_per_hour;
  out.faas_other_usd_per_hour =
      std::max(0.0, f.cost_usd_per_hour - out.faas_duration_usd_per_hour - out.faas_requests_usd_per_hour);
  out.iaas_instance_usd_per_hour = i.instance_usd_per_hour;
  out.iaas_s3_usd_per_hour = i.s3_usd_per_hour;
}

}  // namespace breakeven
