#include "model/sweep/des_evaluator.h"

#include "model/des/simulate.h"
#include "model/memory_policy.h"
#include "model/units.h"

namespace breakeven {

void DesEvaluator::evaluate(const ModelInput& in, PointResult& out) const {
  des::SimulationOptions options;
  options.seed = seed_;
  options.duration_s = duration_s_;
  const des::SimulationResult r = des::simulate(in, options, trace_.arrivals_us.empty() ? nullptr : &trace_);
  // Platform limits (the 900 s timeout, memory) are the analytic model's; the simulator adds whether each
  // side keeps up with the arrivals it drew.
  const FaasResult f = evaluate_faas(in, in.spec.workload.interval_s);
  const IaasResult i = evaluate_iaas(in, in.spec.workload.interval_s);
  const double hours = r.duration_s / kSecondsPerHour;
  auto side = [&](const des::SideSimulation& s, bool feasible, const std::string& reason) {
    SideFigures fig;
    fig.feasible = feasible && s.keeps_up;
    fig.infeasible_reason = !feasible ? reason : s.keep_up_note;
    fig.cost_usd_per_hour = s.cost_usd_per_hour;
    fig.invocation_s = s.latency.mean_s;
    fig.utilisation = s.utilisation;
    return fig;
  };
  out.interval_s = in.spec.workload.interval_s;
  out.faas_memory_mb = effective_memory_mb(in.spec, in.limits);
  // The analytic model describes one training invocation at a time; for independent requests its
  // single-writer verdict does not apply, and whether a side keeps up is the simulator's alone.
  const bool training = in.spec.workload.kind == WorkloadKind::training_stream;
  out.faas = side(r.faas, !training || f.feasible, f.infeasible_reason);
  out.iaas = side(r.iaas, !training || i.feasible, i.infeasible_reason);
  out.cheaper = to_string(cheaper_side(out.faas.feasible, out.faas.cost_usd_per_hour, out.iaas.feasible,
                                       out.iaas.cost_usd_per_hour));
  if (hours > 0) {
    out.faas_duration_usd_per_hour = r.faas.cost.lambda_duration_usd / hours;
    out.faas_requests_usd_per_hour = r.faas.cost.lambda_request_usd / hours;
    out.faas_other_usd_per_hour = (r.faas.cost.s3_request_usd + r.faas.cost.lambda_ephemeral_usd) / hours;
    out.iaas_instance_usd_per_hour = r.iaas.cost.ec2_instance_usd / hours;
    out.iaas_s3_usd_per_hour = r.iaas.cost.s3_request_usd / hours;
  }
  out.latency_p50_s = r.faas.latency.p50_s;
  out.latency_p95_s = r.faas.latency.p95_s;
  out.latency_p99_s = r.faas.latency.p99_s;
}

}  // namespace breakeven
