#include "model/pricing.h"

namespace breakeven {

bool init_is_billed(const InitBillingRule& rule, const std::string& billing_date, Package package,
                    Runtime runtime) {
  // ISO dates compare correctly as strings.
  const bool after_rule = billing_date == "latest" || billing_date >= rule.effective_date;
  if (after_rule) return true;
  // Before the rule, INIT was billed only for container images and custom runtimes (INIT blog).
  return package == Package::image || runtime == Runtime::custom;
}

namespace {

class Resolver {
 public:
  Resolver(const ScenarioSpec& spec, const PricingCatalog& catalog, ResolvedPrices& out,
           std::vector<MissingPrice>& missing)
      : spec_(spec), catalog_(catalog), out_(out), missing_(missing) {}

  // Picks the value for `region`, or the fallback region's when unknown there; records it.
  template <typename Lookup>
  double pick(const std::string& key, const std::string& item, const std::string& region, Lookup lookup) {
    const SourcedValue* v = lookup(region);
    if (v && v->value) return record(item + " (" + region + ")", *v, "");
    const std::string& fb = spec_.pricing.fallback_region;
    if (!fb.empty() && fb != region) {
      const SourcedValue* f = lookup(fb);
      if (f && f->value) {
        out_.substitutions.push_back(item + ": unknown for " + region + " in the pricing file; used " + fb +
                                     "'s price (pricing.fallback_region)");
        return record(item + " (" + region + ")", *f, fb);
      }
    }
    std::string message =
        "the " + item + " for " + region + " is unknown in the pricing file (no published source)";
    message += fb.empty()
                   ? "; set pricing.fallback_region (e.g. us-east-1) to use another region's price, or "
                     "choose a region with known prices"
                   : "; the fallback region " + fb + " does not know it either";
    missing_.push_back(MissingPrice{key, message});
    return 0;
  }

 private:
  double record(const std::string& item, const SourcedValue& v, const std::string& from) {
    out_.used.push_back(PriceUsed{item, *v.value, v.source, v.as_of, from});
    return *v.value;
  }

  const ScenarioSpec& spec_;
  const PricingCatalog& catalog_;
  ResolvedPrices& out_;
  std::vector<MissingPrice>& missing_;
};

}  // namespace

ResolvedPrices resolve_prices(const ScenarioSpec& spec, const PricingCatalog& catalog,
                              std::vector<MissingPrice>& missing) {
  ResolvedPrices out;
  Resolver r(spec, catalog, out, missing);
  const std::string& fregion = spec.faas.region;
  const std::string iregion = spec.iaas.region.empty() ? spec.faas.region : spec.iaas.region;

  auto lambda_region = [&](const std::string& region) -> const LambdaRegionPrices* {
    auto it = catalog.lambda_regions.find(region);
    return it == catalog.lambda_regions.end() ? nullptr : &it->second;
  };
  out.lambda_request_usd =
      r.pick("faas.region", "Lambda request price", fregion, [&](const std::string& reg) {
        const auto* p = lambda_region(reg);
        return p ? &p->request_usd_per_request : nullptr;
      });

  // Duration tiers: every tier must be known (in the region, or taken whole from the fallback region).
  auto tiers_known = [&](const std::string& reg) -> const std::vector<PriceTier>* {
    const auto* p = lambda_region(reg);
    if (!p) return nullptr;
    auto it = p->duration_tiers.find(spec.faas.arch);
    if (it == p->duration_tiers.end() || it->second.empty()) return nullptr;
    for (const auto& t : it->second)
      if (!t.price_usd_per_gb_s.value) return nullptr;
    return &it->second;
  };
  const std::string arch = to_string(spec.faas.arch);
  std::string tiers_from;
  if (const auto* t = tiers_known(fregion)) {
    out.lambda_tiers = *t;
  } else if (!spec.pricing.fallback_region.empty() && tiers_known(spec.pricing.fallback_region)) {
    out.lambda_tiers = *tiers_known(spec.pricing.fallback_region);
    tiers_from = spec.pricing.fallback_region;
    out.substitutions.push_back("Lambda " + arch + " duration price: unknown for " + fregion +
                                " in the pricing file; used " + spec.pricing.fallback_region +
                                "'s (pricing.fallback_region)");
  } else {
    missing.push_back(MissingPrice{"faas.region", "the Lambda " + arch + " duration price for " + fregion +
                                                      " is unknown in the pricing file"});
  }
  for (size_t i = 0; i < out.lambda_tiers.size(); ++i) {
    const auto& t = out.lambda_tiers[i];
    out.used.push_back(PriceUsed{
        "Lambda " + arch + " duration USD per GB-s (" + fregion + ", tier " + std::to_string(i + 1) + ")",
        *t.price_usd_per_gb_s.value,
        t.price_usd_per_gb_s.source + (t.price_usd_per_gb_s.derived ? " (derived)" : ""),
        t.price_usd_per_gb_s.as_of, tiers_from});
  }

  out.lambda_ephemeral_included_mb = catalog.ephemeral_included_mb;
  if (spec.faas.ephemeral_storage_mb > catalog.ephemeral_included_mb) {
    out.lambda_ephemeral_usd_per_gb_s = r.pick("faas.ephemeral_storage_mb", "Lambda ephemeral storage price",
                                               fregion, [&](const std::string& reg) {
                                                 const auto* p = lambda_region(reg);
                                                 return p ? &p->ephemeral_usd_per_gb_s : nullptr;
                                               });
  }
  out.lambda_granularity_ms = catalog.lambda_billing_granularity_ms;
  if (catalog.lambda_billing_rule.value)
    out.used.push_back(PriceUsed{"Lambda billing granularity, ms", *catalog.lambda_billing_rule.value,
                                 catalog.lambda_billing_rule.source, catalog.lambda_billing_rule.as_of, ""});
  out.init_billed =
      init_is_billed(catalog.init_billing, spec.faas.billing_date.empty() ? "latest" : spec.faas.billing_date,
                     spec.faas.package, spec.faas.runtime);
  out.init_rule = out.init_billed ? "INIT billed (rule effective " + catalog.init_billing.effective_date + ")"
                                  : "INIT not billed: zip package on a managed runtime before " +
                                        catalog.init_billing.effective_date;
  if (spec.faas.free_tier) {
    out.free_requests_per_month = catalog.free_requests_per_month;
    out.free_gb_s_per_month = catalog.free_gb_s_per_month;
  }

  // EC2.
  auto inst = catalog.ec2_instances.find(spec.iaas.instance);
  if (inst != catalog.ec2_instances.end()) {
    const Ec2Instance& e = inst->second;
    out.ec2_usd_per_hour = r.pick("iaas.instance", "EC2 " + e.name + " on-demand Linux price", iregion,
                                  [&](const std::string& reg) -> const SourcedValue* {
                                    auto it = e.price_usd_per_hour.find(reg);
                                    return it == e.price_usd_per_hour.end() ? nullptr : &it->second;
                                  });
    out.ec2_vcpu = e.vcpu.value.value_or(1);
    out.ec2_memory_gib = e.memory_gib.value.value_or(0);
    out.ec2_burstable_baseline_per_vcpu = e.burstable_baseline_per_vcpu;
  }
  out.ec2_minimum_s = catalog.ec2_minimum_s;
  out.ec2_granularity_s = catalog.ec2_granularity_s;
  if (catalog.ec2_billing_rule.value)
    out.used.push_back(PriceUsed{"EC2 per-second billing, minimum s", *catalog.ec2_billing_rule.value,
                                 catalog.ec2_billing_rule.source, catalog.ec2_billing_rule.as_of, ""});

  // S3 requests, in the region of each side.
  auto s3 = [&](const std::string& reg, bool put) -> const SourcedValue* {
    auto it = catalog.s3_regions.find(reg);
    if (it == catalog.s3_regions.end()) return nullptr;
    return put ? &it->second.put_usd_per_request : &it->second.get_usd_per_request;
  };
  out.s3_faas_put_usd = r.pick("faas.region", "S3 PUT request price", fregion,
                               [&](const std::string& reg) { return s3(reg, true); });
  out.s3_faas_get_usd = r.pick("faas.region", "S3 GET request price", fregion,
                               [&](const std::string& reg) { return s3(reg, false); });
  if (iregion != fregion) {
    out.s3_iaas_put_usd = r.pick("iaas.region", "S3 PUT request price", iregion,
                                 [&](const std::string& reg) { return s3(reg, true); });
    out.s3_iaas_get_usd = r.pick("iaas.region", "S3 GET request price", iregion,
                                 [&](const std::string& reg) { return s3(reg, false); });
  } else {
    out.s3_iaas_put_usd = out.s3_faas_put_usd;
    out.s3_iaas_get_usd = out.s3_faas_get_usd;
  }
  return out;
}

}  // namespace breakeven
