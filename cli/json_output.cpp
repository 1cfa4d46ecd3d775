#include "cli/number_format.h"
#include "cli/outputs.h"
#include "cli/source_age.h"

namespace breakeven::cli {

namespace {

Json number(double x) {
  return stable(x);
}
Json optional_number(const std::optional<double>& x) {
  return x ? Json(stable(*x)) : Json(nullptr);
}
Json text_or_null(const std::string& s) {
  return s.empty() ? Json(nullptr) : Json(s);
}

Json phases_json(const Phases& p) {
  return Json{{"start_s", number(p.start_s)},
              {"setup_batch_s", number(p.setup_batch_s)},
              {"setup_model_s", number(p.setup_model_s)},
              {"setup_replay_s", number(p.setup_replay_s)},
              {"inference_s", number(p.inference_s)},
              {"training_s", number(p.training_s)},
              {"cleanup_s", number(p.cleanup_s)}};
}

// A cost is printed only when the side is feasible: an infeasible side has no meaningful cost.
Json cost(bool feasible, double x) {
  return feasible ? number(x) : Json(nullptr);
}

Json faas_json(const WhatIfReport& r) {
  const FaasResult& f = r.faas;
  const FaasSpec& s = r.spec.faas;
  Json cases = Json::array();
  for (const auto& c : f.cases)
    cases.push_back(Json{{"kind", c.label},
                         {"probability", number(c.probability)},
                         {"invocation_s", number(c.phases.total_s())},
                         {"billed_ms", c.billed_ms},
                         {"s3_gets", number(c.s3_gets)},
                         {"s3_puts", number(c.s3_puts)},
                         {"cost_usd", cost(f.feasible, c.cost_usd)}});
  return Json{{"feasible", f.feasible},
              {"infeasible_reason", text_or_null(f.infeasible_reason)},
              {"memory_mb", f.memory_mb},  // faas.memory_mb, or what memory_policy usage_based chose
              {"arch", to_string(s.arch)},
              {"region", s.region},
              {"package", to_string(s.package)},
              {"save_policy", to_string(s.save_policy)},
              {"cpu_share_vcpu", number(f.cpu_share_vcpu)},
              {"cost_usd_per_hour", cost(f.feasible, f.cost_usd_per_hour)},
              {"cost_usd_per_month", cost(f.feasible, f.cost_usd_per_month)},
              {"cost_usd_per_1000_samples", cost(f.feasible, f.cost_usd_per_1000_samples)},
              {"cost_usd_per_invocation", cost(f.feasible, f.cost_usd_per_invocation)},
              {"invocation_s", number(f.invocation_s)},
              {"max_invocation_s", number(f.max_invocation_s)},
              {"billed_ms", number(f.billed_ms)},
              {"utilisation", number(f.utilisation)},
              {"cold_start_fraction", number(f.cold_start_fraction)},
              {"cache_hit_rate", number(f.cache_hit_rate_asked)},
              {"cache_hit_rate_effective", number(f.cache_hit_rate_effective)},
              {"invocations_per_hour", number(f.invocations_per_hour)},
              {"gb_s_per_month", number(f.gb_s_per_month)},
              {"usd_per_gb_s", number(f.usd_per_gb_s_average)},
              {"s3_requests_per_hour", number(f.s3_requests_per_hour)},
              {"init_billed", r.init_billed},
              {"init_rule", r.init_rule},
              {"phases_s", phases_json(f.mean_phases)},
              {"cases", cases},
              {"notes", f.notes}};
}

Json iaas_json(const WhatIfReport& r) {
  const IaasResult& i = r.iaas;
  return Json{{"feasible", i.feasible},
              {"infeasible_reason", text_or_null(i.infeasible_reason)},
              {"instance", r.spec.iaas.instance},
              {"region", r.spec.iaas.region.empty() ? r.spec.faas.region : r.spec.iaas.region},
              {"vcpu_used", number(i.vcpu_used)},
              {"price_usd_per_hour", number(i.instance_usd_per_hour)},
              {"cost_usd_per_hour", cost(i.feasible, i.cost_usd_per_hour)},
              {"cost_usd_per_month", cost(i.feasible, i.cost_usd_per_month)},
              {"cost_usd_per_1000_samples", cost(i.feasible, i.cost_usd_per_1000_samples)},
              {"s3_usd_per_hour", number(i.s3_usd_per_hour)},
              {"invocation_s", number(i.invocation_s)},
              {"utilisation", number(i.utilisation)},
              {"cpu_utilisation", number(i.cpu_utilisation)},
              {"phases_s", phases_json(i.phases)},
              {"notes", i.notes}};
}

Json crossings_json(const BreakEven& b) {
  Json out = Json::array();
  for (const auto& c : b.crossings)
    out.push_back(Json{{"interval_s", number(c.interval_s)},
                       {"cheaper_below", c.cheaper_below},
                       {"cheaper_above", c.cheaper_above},
                       {"by_cost", c.by_cost},
                       {"jump", c.jump}});
  return out;
}

Json segments_json(const BreakEven& b) {
  Json out = Json::array();
  for (const auto& s : b.segments)
    out.push_back(Json{
        {"from_interval_s", number(s.from_s)}, {"to_interval_s", number(s.to_s)}, {"cheaper", s.cheaper}});
  return out;
}

Json provenance_json(const WhatIfReport& r, Json& j) {
  const std::string cutoff = three_years_before(pricing_version(r));
  Json prices = Json::array();
  for (const auto& p : r.prices_used)
    prices.push_back(Json{{"item", p.item},
                          {"value", number(p.value)},
                          {"source", p.source},
                          {"as_of", p.as_of},
                          {"substituted_from", text_or_null(p.substituted_from)},
                          {"source_older_than_3_years", older_than(p.as_of, cutoff)}});
  j["prices_used"] = prices;
  j["substitutions"] = r.substitutions;
  Json files = Json::array();
  for (const auto& f : r.data_files)
    files.push_back(Json{{"role", f.role},
                         {"path", f.path},
                         {"name", f.name},
                         {"version", text_or_null(f.version)},
                         {"sha256", f.sha256}});
  j["data_files"] = files;
  return j;
}

Json header(const WhatIfReport& r, const char* command) {
  return Json{{"schema_version", kOutputSchemaVersion},
              {"tool", Json{{"name", "breakeven"}, {"version", BREAKEVEN_VERSION}, {"command", command}}},
              {"scenario", Json{{"name", r.scenario_name}, {"path", r.scenario_path}}}};
}

}  // namespace

Json whatif_json(const WhatIfReport& r) {
  Json j = header(r, "whatif");
  j["interval_s"] = number(r.interval_s);
  j["batch_size"] = r.spec.workload.batch_size;
  j["model_bytes"] = number(r.spec.learner.model_bytes);
  j["faas"] = faas_json(r);
  j["iaas"] = iaas_json(r);
  j["cheaper"] = r.cheaper;
  j["savings_usd_per_hour"] =
      (r.faas.feasible && r.iaas.feasible) ? number(r.savings_usd_per_hour) : Json(nullptr);
  j["savings_fraction"] = (r.faas.feasible && r.iaas.feasible) ? number(r.savings_fraction) : Json(nullptr);
  j["break_even_interval_s"] = optional_number(r.break_even.interval_s);
  j["break_even_reason"] = r.break_even.reason;
  j["break_even_crossings"] = crossings_json(r.break_even);
  j["cheaper_by_interval"] = segments_json(r.break_even);
  provenance_json(r, j);
  return j;
}

Json solve_json(const WhatIfReport& r) {
  Json j = header(r, "solve");
  j["break_even_interval_s"] = optional_number(r.break_even.interval_s);
  j["break_even_reason"] = r.break_even.reason;
  j["faas"] =
      Json{{"cost_usd_per_hour",
            r.break_even.interval_s ? Json(stable(r.break_even.faas_cost_usd_per_hour)) : Json(nullptr)},
           {"feasible_from_interval_s", optional_number(r.break_even.faas_feasible_from_s)},
           {"memory_mb", r.faas.memory_mb}};
  j["iaas"] =
      Json{{"cost_usd_per_hour",
            r.break_even.interval_s ? Json(stable(r.break_even.iaas_cost_usd_per_hour)) : Json(nullptr)},
           {"feasible_from_interval_s", optional_number(r.break_even.iaas_feasible_from_s)},
           {"instance", r.spec.iaas.instance}};
  j["break_even_crossings"] = crossings_json(r.break_even);
  j["cheaper_by_interval"] = segments_json(r.break_even);
  provenance_json(r, j);
  return j;
}

}  // namespace breakeven::cli
