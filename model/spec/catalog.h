// The pricing and platform data files, as plain structs. Loaded by load_catalog() (catalog_loader.cpp);
// every value keeps the source and date it was published with, so reports can cite them.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/spec/scenario.h"

namespace breakeven {

// A sourced number; `value` is empty when the data file says `unknown`.
struct SourcedValue {
  std::optional<double> value;
  std::string source;
  std::string as_of;
  bool derived = false;  // computed from other published values, not published itself
};

// One monthly volume tier of the Lambda duration price.
struct PriceTier {
  double from_gb_s_per_month = 0;
  double to_gb_s_per_month = 0;  // +inf for the last tier
  SourcedValue price_usd_per_gb_s;
};

struct LambdaRegionPrices {
  SourcedValue request_usd_per_request;
  std::map<Arch, std::vector<PriceTier>> duration_tiers;
  SourcedValue ephemeral_usd_per_gb_s;
};

struct Ec2Instance {
  std::string name;
  SourcedValue vcpu;
  SourcedValue memory_gib;
  Arch arch = Arch::x86_64;
  std::optional<double> burstable_baseline_per_vcpu;       // t2/t3/t4g: sustained fraction of each vCPU
  std::map<std::string, SourcedValue> price_usd_per_hour;  // by region
};

struct S3RegionPrices {
  SourcedValue put_usd_per_request;
  SourcedValue get_usd_per_request;
};

// The INIT-phase billing rule (AWS Compute Blog, effective 2025-08-01).
struct InitBillingRule {
  std::string effective_date;  // YYYY-MM-DD
  std::string source;
};

struct PricingCatalog {
  std::string name;
  std::string version;
  std::int64_t lambda_billing_granularity_ms = 1;
  InitBillingRule init_billing;
  double ephemeral_included_mb = 512;
  double free_requests_per_month = 0;
  double free_gb_s_per_month = 0;
  std::map<std::string, LambdaRegionPrices> lambda_regions;
  double ec2_granularity_s = 1;
  double ec2_minimum_s = 60;
  // Where the billing rules come from, for the report's list of constants and their sources' age.
  SourcedValue lambda_billing_rule;  // lambda.billing_granularity_ms
  SourcedValue ec2_billing_rule;     // ec2.billing.minimum_s (per-second billing, 60 s minimum)
  std::map<std::string, Ec2Instance> ec2_instances;
  std::map<std::string, S3RegionPrices> s3_regions;
};

// Lambda limits and the CPU-share rule from the platform file.
struct LambdaLimits {
  int memory_mb_min = 128;
  int memory_mb_max = 10240;
  double mb_per_vcpu = 1769;  // 1,769 MB = one vCPU (AWS Lambda docs)
  double max_vcpus = 6;
  double timeout_s_max = 900;
  int ephemeral_mb_min = 512;
  int ephemeral_mb_max = 10240;
};

// A data file the run read, recorded in every output so results can be traced to their data.
struct DataFileInfo {
  std::string role;     // "pricing", "platform", "scenario"
  std::string path;     // as resolved from the including file
  std::string name;     // the file's own `name:`
  std::string version;  // the file's own `version:`
  std::string sha256;   // hex digest of the file's bytes
};

}  // namespace breakeven
