// The probes a calibration run makes, in order, with the estimated AWS cost of each from the pricing
// data. The estimate is deliberately pessimistic (slow learner, slow S3, long cold start) so that a
// run refused by it is never one that would have fitted the budget.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "calibrate/probe_record.h"
#include "model/spec/catalog.h"

namespace breakeven::calibrate {

struct PlanOptions {
  std::string region = "us-east-1";
  std::string arch = "x86_64";
  std::vector<int> memory_mb = {512, 1024, 1769, 3008};
  int cold_per_memory = 2;  // cold starts per memory size (one configuration update each)
  int warm_noop_per_memory = 10;
  std::vector<std::int64_t> compute_samples = {20000, 100000, 400000};
  int compute_repeats = 3;
  std::vector<std::int64_t> storage_bytes = {1000, 1000000, 10000000};
  int storage_repeats = 3;  // each repeat is a PUT then a GET of the same object
  // Assumptions of the estimate (pessimistic on purpose).
  double assume_s_per_sample = 2e-6;  // learner time per sample at one vCPU
  double assume_init_ms = 1000;       // billed Init Duration of a cold start
  double assume_noop_ms = 20;         // billed duration of a warm no-op
  double assume_storage_mb_s = 10;    // S3 throughput
  double assume_storage_latency_ms = 200;
  double mb_per_vcpu = 1769;
};

struct PlannedProbe {
  std::int64_t index = 0;
  ProbeKind kind = ProbeKind::noop;
  int memory_mb = 0;
  bool cold = false;  // preceded by a configuration update so the invocation starts cold
  std::int64_t n_samples = 0;
  std::int64_t bytes = 0;
  double estimated_billed_ms = 0;
  double estimated_usd = 0;  // duration + request + S3 request
};

// Prices of one region and architecture, as the plan and the run's spend use them.
struct ProbePrices {
  double usd_per_gb_s = 0;  // first duration tier
  double usd_per_request = 0;
  double s3_put_usd = 0, s3_get_usd = 0;
  std::string source;  // where the prices came from, for the plan's printout
};

// Reads a pricing file (data/pricing/aws.yaml); throws InputError for a bad file.
PricingCatalog load_pricing_file(const std::string& path);

// Looks up the prices; throws InputError naming the pricing file when the region or arch is unknown.
// S3 request prices unknown for the region are taken from `fallback_region`, and `source` says so.
ProbePrices probe_prices(const PricingCatalog& catalog, const std::string& pricing_path,
                         const std::string& region, const std::string& arch,
                         const std::string& fallback_region = "us-east-1");

// Cost of one measured probe from its billed duration.
double probe_cost_usd(const ProbeRecord& p, const ProbePrices& prices);

// The plan; throws InputError for memory sizes outside 128..10240 MB or empty lists.
std::vector<PlannedProbe> make_plan(const PlanOptions& options, const ProbePrices& prices);

// The JSON payload the probe function receives for a planned probe.
std::string probe_payload(const PlannedProbe& p, const std::string& bucket);

// The S3 key a storage probe of `bytes` uses.
std::string storage_key(std::int64_t bytes);

}  // namespace breakeven::calibrate
