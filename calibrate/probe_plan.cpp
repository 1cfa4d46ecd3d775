#include "calibrate/probe_plan.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "calibrate/fit.h"
#include "model/billing.h"
#include "model/checked_cast.h"
#include "model/diagnostics.h"
#include "model/pricing.h"
#include "model/spec/catalog_loader.h"
#include "model/spec/did_you_mean.h"

namespace breakeven::calibrate {

PricingCatalog load_pricing_file(const std::string& path) {
  std::vector<Diagnostic> problems;
  const detail::YamlFile file = detail::read_yaml_file(path, problems);
  PricingCatalog catalog = detail::parse_pricing(file, problems);
  if (!problems.empty()) throw InputError(problems);
  return catalog;
}

ProbePrices probe_prices(const PricingCatalog& catalog, const std::string& pricing_path,
                         const std::string& region, const std::string& arch,
                         const std::string& fallback_region) {
  std::vector<std::string> regions;
  for (const auto& [name, _] : catalog.lambda_regions) regions.push_back(name);
  auto it = catalog.lambda_regions.find(region);
  if (it == catalog.lambda_regions.end()) {
    const std::string guess = closest_match(region, regions);
    throw InputError({Diagnostic{SourcePlace{"--region " + region, 0, 0}, "region",
                                 "'" + region + "' has no Lambda prices in " + pricing_path +
                                     (guess.empty() ? "" : " (did you mean '" + guess + "'?)")}});
  }
  const Arch a = arch == "arm64" ? Arch::arm64 : Arch::x86_64;
  auto tiers = it->second.duration_tiers.find(a);
  if (tiers == it->second.duration_tiers.end() || tiers->second.empty() ||
      !tiers->second[0].price_usd_per_gb_s.value || !it->second.request_usd_per_request.value)
    throw InputError({Diagnostic{SourcePlace{pricing_path, 0, 0}, "lambda",
                                 "no known duration or request price for " + region + " " + arch}});
  ProbePrices p;
  p.usd_per_gb_s = *tiers->second[0].price_usd_per_gb_s.value;
  p.usd_per_request = *it->second.request_usd_per_request.value;
  p.source = pricing_path + " (" + region + ", " + arch +
             ", tier 1: " + tiers->second[0].price_usd_per_gb_s.source + ")";
  // S3 request prices of the region, else of the fallback region (said in the source line): the plan is
  // an estimate, and the storage probes' requests are a small part of it.
  auto s3_known = [&](const std::string& r) -> const S3RegionPrices* {
    auto it = catalog.s3_regions.find(r);
    if (it == catalog.s3_regions.end() || !it->second.put_usd_per_request.value ||
        !it->second.get_usd_per_request.value)
      return nullptr;
    return &it->second;
  };
  const S3RegionPrices* s3 = s3_known(region);
  if (!s3 && !fallback_region.empty() && (s3 = s3_known(fallback_region)) != nullptr)
    p.source +=
        "; S3 request prices unknown for " + region + " in the pricing file, " + fallback_region + "'s used";
  if (!s3)
    throw InputError(
        {Diagnostic{SourcePlace{pricing_path, 0, 0}, "s3", "no known S3 request prices for " + region}});
  p.s3_put_usd = *s3->put_usd_per_request.value;
  p.s3_get_usd = *s3->get_usd_per_request.value;
  return p;
}

double probe_cost_usd(const ProbeRecord& p, const ProbePrices& prices) {
  // A billed time no integer holds (NaN, 1e300) costs without bound: the budget check stops the run.
  const auto billed_ms = checked_cast<std::int64_t>(std::ceil(p.billed_ms), 0);
  if (!billed_ms) return std::numeric_limits<double>::infinity();
  double usd = lambda_duration_usd(*billed_ms, p.memory_mb, prices.usd_per_gb_s) + prices.usd_per_request;
  if (p.kind == ProbeKind::storage_put) usd += prices.s3_put_usd;
  if (p.kind == ProbeKind::storage_get) usd += prices.s3_get_usd;
  return usd;
}

std::vector<PlannedProbe> make_plan(const PlanOptions& o, const ProbePrices& prices) {
  if (o.memory_mb.empty())
    throw InputError({Diagnostic{SourcePlace{"--memory", 0, 0}, "",
                                 "expected at least one memory size, e.g. --memory 512,1024,1769,3008"}});
  for (int m : o.memory_mb)
    if (m < 128 || m > 10240)
      throw InputError({Diagnostic{SourcePlace{"--memory", 0, 0}, "",
                                   std::to_string(m) + " MB is outside Lambda's 128..10240 MB"}});
  std::vector<PlannedProbe> plan;
  auto add = [&](ProbeKind kind, int m, bool cold, std::int64_t n, std::int64_t bytes) {
    PlannedProbe p;
    p.index = static_cast<std::int64_t>(plan.size());
    p.kind = kind;
    p.memory_mb = m;
    p.cold = cold;
    p.n_samples = n;
    p.bytes = bytes;
    double ms = o.assume_noop_ms;
    if (kind == ProbeKind::compute) ms += 1000.0 * o.assume_s_per_sample * n / cpu_share(m, 1, o.mb_per_vcpu);
    if (kind == ProbeKind::storage_get || kind == ProbeKind::storage_put)
      ms += o.assume_storage_latency_ms + 1000.0 * bytes / (o.assume_storage_mb_s * 1e6);
    if (cold) ms += o.assume_init_ms;  // INIT is billed (custom runtime; all runtimes from 2025-08-01)
    p.estimated_billed_ms = std::ceil(ms);
    ProbeRecord r;
    r.kind = kind;
    r.memory_mb = m;
    r.billed_ms = p.estimated_billed_ms;
    p.estimated_usd = probe_cost_usd(r, prices);
    plan.push_back(p);
  };
  for (int m : o.memory_mb) {
    for (int i = 0; i < o.cold_per_memory; ++i) add(ProbeKind::noop, m, true, 0, 0);
    for (int i = 0; i < o.warm_noop_per_memory; ++i) add(ProbeKind::noop, m, false, 0, 0);
    for (int r = 0; r < o.compute_repeats; ++r)
      for (auto n : o.compute_samples) add(ProbeKind::compute, m, false, n, 0);
    for (int r = 0; r < o.storage_repeats; ++r)
      for (auto b : o.storage_bytes) {
        add(ProbeKind::storage_put, m, false, 0, b);
        add(ProbeKind::storage_get, m, false, 0, b);
      }
  }
  return plan;
}

std::string storage_key(std::int64_t bytes) {
  return "breakeven-calibrate/object-" + std::to_string(bytes);
}

std::string probe_payload(const PlannedProbe& p, const std::string& bucket) {
  nlohmann::ordered_json j;
  j["kind"] = to_string(p.kind);
  if (p.kind == ProbeKind::compute) j["n_samples"] = p.n_samples;
  if (p.kind == ProbeKind::storage_get || p.kind == ProbeKind::storage_put) {
    j["bucket"] = bucket;
    j["key"] = storage_key(p.bytes);
    j["bytes"] = p.bytes;
  }
  return j.dump();
}

}  // namespace breakeven::calibrate
