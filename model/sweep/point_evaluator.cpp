#include "model/sweep/point_evaluator.h"

#include <algorithm>

#include "model/units.h"

namespace breakeven {

void AnalyticEvaluator::evaluate(const ModelInput& in, PointResult& out) const {
  const double interval_s = in.spec.workload.interval_s;
  FaasResult f = evaluate_faas(in, interval_s);
  IaasResult i = evaluate_iaas(in, interval_s);
  out.interval_s = interval_s;
  out.faas_memory_mb = f.memory_mb;
  out.cheaper = cheaper_side(f, i);
  out.faas = SideFigures{f.feasible, std::move(f.infeasible_reason), f.cost_usd_per_hour, f.invocation_s,
                         f.utilisation};
  out.iaas = SideFigures{i.feasible, std::move(i.infeasible_reason), i.cost_usd_per_hour, i.invocation_s,
                         i.utilisation};
  // The components follow evaluate_faas's charges: billable GB-s at the month's average tier price,
  // billable requests at the request price; what is left is S3 requests and ephemeral storage.
  const double months_per_hour = 1.0 / kHoursPerMonth;
  const double billable_gb_s = std::max(0.0, f.gb_s_per_month - in.prices.free_gb_s_per_month);
  const double billable_requests =
      std::max(0.0, f.invocations_per_hour * kHoursPerMonth - in.prices.free_requests_per_month);
  out.faas_duration_usd_per_hour = billable_gb_s * f.usd_per_gb_s_average * months_per_hour;
  out.faas_requests_usd_per_hour = billable_requests * in.prices.lambda_request_usd * months_per_hour;
  out.faas_other_usd_per_hour =
      std::max(0.0, f.cost_usd_per_hour - out.faas_duration_usd_per_hour - out.faas_requests_usd_per_hour);
  out.iaas_instance_usd_per_hour = i.instance_usd_per_hour;
  out.iaas_s3_usd_per_hour = i.s3_usd_per_hour;
}

}  // namespace breakeven
