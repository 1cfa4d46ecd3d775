// The scenario: plain data describing one deployment question. Loaded from YAML by load_scenario(),
// consumed by the analytic model (and later the simulator). Every field's unit is in its name; the
// meaning, range and default of each is declared once in keys.cpp and documented in
// docs/scenario-reference.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace breakeven {

enum class Arch { x86_64, arm64 };
enum class SavePolicy { always, every_k, never };
enum class Package { zip, image };
enum class Runtime { managed, custom };
enum class MemoryPolicy { fixed, usage_based };

const char* to_string(Arch a);
const char* to_string(SavePolicy p);
const char* to_string(Package p);
const char* to_string(Runtime r);
const char* to_string(MemoryPolicy p);

// The stream of training batches.
struct WorkloadSpec {
  double interval_s = 60;        // time between training batches
  std::int64_t batch_size = 0;   // samples per batch
  double sample_bytes = 0;       // bytes per sample in storage
  double horizon_h = 730;        // planning horizon: the `never` save policy's replay grows over it
};

// The learner's cost model, measured on one core of a reference host.
struct LearnerSpec {
  double model_bytes = 0;            // serialised model size
  double train_s_per_sample = 0;     // host seconds to learn one sample
  double train_s_fixed = 0;          // host seconds per batch independent of its size
  double infer_s_per_sample = 0;     // host seconds to predict one sample (progressive validation)
  double serialize_s = 0;            // host seconds to serialise the model before an upload
  double deserialize_s = 0;          // host seconds to deserialise a downloaded model
  int threads = 1;                   // threads the learner can use in parallel
};

// Remote storage (S3) as seen from either side.
struct StorageSpec {
  double bandwidth_mb_s = 0;  // per-transfer throughput, MB = 10^6 bytes
  double latency_s = 0;       // per-request latency (first byte)
};

// The FaaS (Lambda) deployment.
struct FaasSpec {
  int memory_mb = 2048;
  Arch arch = Arch::x86_64;
  std::string region;
  Package package = Package::zip;
  Runtime runtime = Runtime::managed;
  double cold_start_s = 0;               // Init Duration of a new environment (billed where INIT is billed)
  double cold_start_extra_s = 0;         // client-visible cold latency beyond Init, not billed
  std::optional<double> cold_start_rate; // forced fraction of cold invocations; unset = keep-alive rule
  double warm_overhead_s = 0;            // client-visible platform overhead of a warm start, not billed
  double keep_alive_s = 600;             // idle time after which an environment is retired
  double cache_hit_rate = 0;             // probability an invocation finds the newest model in memory (capped at the warm fraction)
  SavePolicy save_policy = SavePolicy::always;
  int save_every_k = 10;                 // with save_policy every_k: save the model every k-th invocation
  double history_record_bytes = 1024;    // training-history object written when the model is not saved
  bool delta_encoding = false;           // save and load a delta against a base model shipped in the package
  double delta_bytes = 0;                // size of the delta object
  double delta_encode_s = 0;             // host seconds to compute the delta after training
  double delta_decode_s = 0;             // host seconds to rebuild the model from base + delta
  int ephemeral_storage_mb = 512;        // /tmp size; above 512 MB it is billed per GB-s
  double timeout_s = 900;                // function timeout; a longer invocation fails
  double speed_factor = 1.0;             // Lambda compute time / host compute time at one full vCPU
  std::string billing_date;              // "latest" or YYYY-MM-DD: which INIT billing rule applies
  bool tiered_pricing = true;            // apply the monthly GB-s volume tiers
  bool free_tier = false;                // subtract the monthly free tier (per account, usually shared)
  MemoryPolicy memory_policy = MemoryPolicy::fixed;  // usage_based: sized from the peak memory used (Creek, seed 003)
  double memory_headroom = 0.2;          // usage_based: fraction added above the peak
  double runtime_memory_mb = 0;          // usage_based: memory the runtime and libraries hold before the model
};

// The IaaS (EC2) deployment.
struct IaasSpec {
  std::string instance;
  std::string region;           // defaults to faas.region
  bool save_model = true;       // upload the model after every batch, as seed 000 did
  double speed_factor = 1.0;    // EC2 compute time / host compute time at one full vCPU
  double boot_s = 0;            // launch to ready; used when the VM is started on demand
};

// Which pricing region fills prices unknown in the scenario's region (never implicit).
struct PricingChoice {
  std::string fallback_region;  // empty = no fallback: an unknown price is an input error
};

struct ScenarioSpec {
  WorkloadSpec workload;
  LearnerSpec learner;
  StorageSpec storage;
  FaasSpec faas;
  IaasSpec iaas;
  PricingChoice pricing;
};

}  // namespace breakeven
