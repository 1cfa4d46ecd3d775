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
// Simulator-only choices (model/des); the analytic model reads none of them.
enum class WorkloadKind { training_stream, requests };
enum class Overlap { queue, merge };
enum class Arrival { fixed, poisson, onoff, daily, trace };
enum class TraceFormat { timestamps, azure2019, azure2021 };
enum class ServiceTime { fixed, exponential };
enum class OverLimit { wait, throttle };
enum class Routing { newest_first, most_recent };
enum class ModelCache { by_rate, per_environment };
enum class MemoryPolicy { fixed, usage_based };

const char* to_string(Arch a);
const char* to_string(SavePolicy p);
const char* to_string(Package p);
const char* to_string(Runtime r);
const char* to_string(MemoryPolicy p);

// The stream of training batches.
struct WorkloadSpec {
  double interval_s = 60;       // time between training batches
  std::int64_t batch_size = 0;  // samples per batch
  double sample_bytes = 0;      // bytes per sample in storage
  double horizon_h = 730;       // planning horizon: the `never` save policy's replay grows over it
  // Simulator only (model/des): what arrives and when.
  WorkloadKind kind = WorkloadKind::training_stream;
  Overlap overlap = Overlap::queue;  // training_stream: a batch arriving during an invocation waits or merges
  Arrival arrival = Arrival::fixed;
  double jitter_s = 0;            // fixed: each arrival moves by a uniform draw in [-jitter_s, +jitter_s]
  double burst_on_mean_s = 60;    // onoff: mean length of a burst (exponential)
  double burst_off_mean_s = 540;  // onoff: mean length of a silence (exponential)
  double daily_amplitude = 0.5;   // daily: rate = mean x (1 + amplitude x cos(2 pi (t - peak) / 1 day))
  double daily_peak_h = 14;       // daily: hour of the day with the highest rate
  std::string trace_file;         // trace: path, relative to the scenario file
  TraceFormat trace_format = TraceFormat::timestamps;
  std::string trace_function;  // trace: the function's hash to replay (azure2019, azure2021); empty = first
  ServiceTime service_time =
      ServiceTime::fixed;  // exponential: each invocation's phases scaled by one Exp(1) draw
};

// The learner's cost model, measured on one core of a reference host.
struct LearnerSpec {
  double model_bytes = 0;         // serialised model size
  double train_s_per_sample = 0;  // host seconds to learn one sample
  double train_s_fixed = 0;       // host seconds per batch independent of its size
  double infer_s_per_sample = 0;  // host seconds to predict one sample (progressive validation)
  double serialize_s = 0;         // host seconds to serialise the model before an upload
  double deserialize_s = 0;       // host seconds to deserialise a downloaded model
  int threads = 1;                // threads the learner can use in parallel
  std::string profile;            // compute profile file (`breakeven profile`) that supplies the fields above
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
  double cold_start_s = 0;                // Init Duration of a new environment (billed where INIT is billed)
  double cold_start_extra_s = 0;          // client-visible cold latency beyond Init, not billed
  std::optional<double> cold_start_rate;  // forced fraction of cold invocations; unset = keep-alive rule
  double warm_overhead_s = 0;             // client-visible platform overhead of a warm start, not billed
  double keep_alive_s = 600;              // idle time after which an environment is retired
  double cache_hit_rate =
      0;  // probability an invocation finds the newest model in memory (capped at the warm fraction)
  SavePolicy save_policy = SavePolicy::always;
  int save_every_k = 10;               // with save_policy every_k: save the model every k-th invocation
  double history_record_bytes = 1024;  // training-history object written when the model is not saved
  bool delta_encoding = false;         // save and load a delta against a base model shipped in the package
  double delta_bytes = 0;              // size of the delta object
  double delta_encode_s = 0;           // host seconds to compute the delta after training
  double delta_decode_s = 0;           // host seconds to rebuild the model from base + delta
  int ephemeral_storage_mb = 512;      // /tmp size; above 512 MB it is billed per GB-s
  double timeout_s = 900;              // function timeout; a longer invocation fails
  double speed_factor = 1.0;           // Lambda compute time / host compute time at one full vCPU
  std::string billing_date;            // "latest" or YYYY-MM-DD: which INIT billing rule applies
  bool tiered_pricing = true;          // apply the monthly GB-s volume tiers
  bool free_tier = false;              // subtract the monthly free tier (per account, usually shared)
  // Simulator only (model/des).
  std::string
      keep_alive_quantiles_s;    // "a,b,c,..." keep-alive quantiles at equal steps 0..1; empty = keep_alive_s
  int concurrency_limit = 1000;  // concurrent environments at most (the AWS default account limit)
  OverLimit over_limit = OverLimit::wait;
  Routing routing = Routing::newest_first;
  ModelCache model_cache = ModelCache::by_rate;
  MemoryPolicy memory_policy =
      MemoryPolicy::fixed;       // usage_based: sized from the peak memory used (Creek, seed 003)
  double memory_headroom = 0.2;  // usage_based: fraction added above the peak
  double runtime_memory_mb = 0;  // usage_based: memory the runtime and libraries hold before the model
};

// The IaaS (EC2) deployment.
struct IaasSpec {
  std::string instance;
  std::string region;                 // defaults to faas.region
  bool save_model = true;             // upload the model after every batch, as seed 000 did
  double speed_factor = 1.0;          // EC2 compute time / host compute time at one full vCPU
  double boot_s = 0;                  // launch to ready; used when the VM is started on demand
  std::optional<double> idle_stop_s;  // simulator: stop the VM after this idle time; unset = always on
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
