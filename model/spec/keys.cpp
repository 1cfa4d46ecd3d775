#include "model/spec/keys.h"

#include <cmath>
#include <sstream>

#include "model/text.h"
#include "model/units.h"

namespace breakeven {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Lambda limits (AWS Lambda developer guide, quotas page, as of 2023-10-31; see data/platform).
constexpr double kLambdaMemoryMinMb = 128;
constexpr double kLambdaMemoryMaxMb = 10240;
constexpr double kLambdaTimeoutMaxS = 900;
constexpr double kLambdaEphemeralMinMb = 512;
constexpr double kLambdaEphemeralMaxMb = 10240;
constexpr double kClockS = 1e-6;  // the simulator's clock and the billing's unit: whole microseconds

KeyDef number(std::string_view path, std::string_view unit, double min, double max, bool min_exclusive,
              std::string_view default_text, std::string_view meaning,
              std::function<void(ScenarioSpec&, const KeyValue&)> apply, bool required = false) {
  KeyDef k{path,     KeyType::number,  unit, min, max, min_exclusive, {}, default_text, meaning,
           required, std::move(apply), ""};
  return k;
}

KeyDef integer(std::string_view path, std::string_view unit, double min, double max,
               std::string_view default_text, std::string_view meaning,
               std::function<void(ScenarioSpec&, const KeyValue&)> apply, bool required = false) {
  KeyDef k{path,     KeyType::integer, unit, min, max, false, {}, default_text, meaning,
           required, std::move(apply), ""};
  return k;
}

KeyDef boolean(std::string_view path, std::string_view default_text, std::string_view meaning,
               std::function<void(ScenarioSpec&, const KeyValue&)> apply) {
  KeyDef k{path,  KeyType::boolean, "", -kInf, kInf, false, {}, default_text, meaning,
           false, std::move(apply), ""};
  return k;
}

KeyDef choice(std::string_view path, std::vector<std::string_view> choices, std::string_view default_text,
              std::string_view meaning, std::function<void(ScenarioSpec&, const KeyValue&)> apply) {
  KeyDef k{path,  KeyType::choice,  "", -kInf, kInf, false, std::move(choices), default_text, meaning,
           false, std::move(apply), ""};
  return k;
}

KeyDef text(std::string_view path, std::string_view default_text, std::string_view meaning,
            std::function<void(ScenarioSpec&, const KeyValue&)> apply, bool required = false) {
  KeyDef k{path,     KeyType::text,    "", -kInf, kInf, false, {}, default_text, meaning,
           required, std::move(apply), ""};
  return k;
}

// The workload: what arrives, how often, how large.
void add_workload_keys(std::vector<KeyDef>& keys) {
  // --- workload
  keys.push_back(number(
      "workload.interval_s", "s", kClockS, kMonthOfDaysS, false, "required",
      "Time between training batches (one invocation per batch); at least 1 us, the simulator's clock.",
      [](ScenarioSpec& s, const KeyValue& v) { s.workload.interval_s = v.number; }, true));
  keys.push_back(integer(
      "workload.batch_size", "samples", 1, 1e12, "required", "Samples per batch.",
      [](ScenarioSpec& s, const KeyValue& v) { s.workload.batch_size = static_cast<std::int64_t>(v.number); },
      true));
  keys.push_back(number(
      "workload.sample_bytes", "bytes", 0, kInf, true, "required",
      "Stored size of one sample; a batch is downloaded as batch_size x sample_bytes.",
      [](ScenarioSpec& s, const KeyValue& v) { s.workload.sample_bytes = v.number; }, true));
  keys.push_back(number("workload.horizon_h", "h", 0, kMaxSimulatedHours, true,
                        "730 (a month, as AWS prices it)",
                        "Planning horizon. With faas.save_policy never, the history to replay after a lost "
                        "cache grows over it; costs are averaged over it.",
                        [](ScenarioSpec& s, const KeyValue& v) { s.workload.horizon_h = v.number; }));
}

// The workload keys only the simulator reads (arrival processes, traces).
void add_simulated_workload_keys(std::vector<KeyDef>& keys) {
  // --- workload, read by the simulator only (breakeven simulate)
  keys.push_back(choice(
      "workload.kind", {"training_stream", "requests"}, "training_stream",
      "Simulator: training_stream sends each batch to one training invocation at a time (seed "
      "000); requests are independent invocations, each may start its own environment.",
      [](ScenarioSpec& s, const KeyValue& v) {
        s.workload.kind = v.text == "requests" ? WorkloadKind::requests : WorkloadKind::training_stream;
      }));
  keys.push_back(
      choice("workload.overlap", {"queue", "merge"}, "queue",
             "Simulator, training_stream: a batch arriving while an invocation runs waits its turn, "
             "or is merged with the others waiting into the next invocation.",
             [](ScenarioSpec& s, const KeyValue& v) {
               s.workload.overlap = v.text == "merge" ? Overlap::merge : Overlap::queue;
             }));
  keys.push_back(
      choice("workload.arrival", {"fixed", "poisson", "onoff", "daily", "trace"}, "fixed",
             "Simulator: arrival process. fixed every interval_s (with jitter_s); poisson with mean "
             "interval_s; onoff bursts (two-state MMPP); daily cycle; trace replay of trace_file.",
             [](ScenarioSpec& s, const KeyValue& v) {
               s.workload.arrival = v.text == "poisson" ? Arrival::poisson
                                    : v.text == "onoff" ? Arrival::onoff
                                    : v.text == "daily" ? Arrival::daily
                                    : v.text == "trace" ? Arrival::trace
                                                        : Arrival::fixed;
             }));
  keys.push_back(
      number("workload.jitter_s", "s", 0, kMonthOfDaysS, false, "0",
             "Simulator, fixed arrivals: each arrival moves by a uniform draw in [-jitter_s, +jitter_s].",
             [](ScenarioSpec& s, const KeyValue& v) { s.workload.jitter_s = v.number; }));
  keys.push_back(
      number("workload.burst_on_mean_s", "s", 0, kMonthOfDaysS, true, "60",
             "Simulator, onoff arrivals: mean burst length (exponential); arrivals come only in bursts, "
             "at the rate that keeps the mean interval at interval_s.",
             [](ScenarioSpec& s, const KeyValue& v) { s.workload.burst_on_mean_s = v.number; }));
  keys.push_back(number("workload.burst_off_mean_s", "s", 0, kMonthOfDaysS, false, "540",
                        "Simulator, onoff arrivals: mean silence between bursts (exponential).",
                        [](ScenarioSpec& s, const KeyValue& v) { s.workload.burst_off_mean_s = v.number; }));
  keys.push_back(number("workload.daily_amplitude", "", 0, 1, false, "0.5",
                        "Simulator, daily arrivals: rate = (1 / interval_s) x (1 + amplitude x cos(2 pi (t - "
                        "peak) / 24 h)).",
                        [](ScenarioSpec& s, const KeyValue& v) { s.workload.daily_amplitude = v.number; }));
  keys.push_back(number("workload.daily_peak_h", "h", 0, 24, false, "14",
                        "Simulator, daily arrivals: hour of the simulated day with the highest rate.",
                        [](ScenarioSpec& s, const KeyValue& v) { s.workload.daily_peak_h = v.number; }));
  keys.push_back(text("workload.trace_file", "none (required with arrival trace)",
                      "Simulator, trace arrivals: the file to replay, relative to the scenario file.",
                      [](ScenarioSpec& s, const KeyValue& v) { s.workload.trace_file = v.text; }));
  keys.push_back(
      choice("workload.trace_format", {"timestamps", "azure2019", "azure2021"}, "timestamps",
             "Simulator: trace_file format. timestamps: one arrival time in s per line; azure2019: "
             "per-minute counts (invocations_per_function_md); azure2021: app,func,end_timestamp,duration.",
             [](ScenarioSpec& s, const KeyValue& v) {
               s.workload.trace_format = v.text == "azure2019"   ? TraceFormat::azure2019
                                         : v.text == "azure2021" ? TraceFormat::azure2021
                                                                 : TraceFormat::timestamps;
             }));
  keys.push_back(
      text("workload.trace_function", "the first function in the file",
           "Simulator, azure traces: hash of the function to replay (HashFunction or func column).",
           [](ScenarioSpec& s, const KeyValue& v) { s.workload.trace_function = v.text; }));
  keys.push_back(choice(
      "workload.service_time", {"fixed", "exponential"}, "fixed",
      "Simulator: fixed invocation times from the phases, or exponential with the phases' total "
      "as mean (every phase scaled by one draw; as SimFaaS and queueing models assume).",
      [](ScenarioSpec& s, const KeyValue& v) {
        s.workload.service_time = v.text == "exponential" ? ServiceTime::exponential : ServiceTime::fixed;
      }));
}

// The learner's costs and the storage it reads and writes.
void add_learner_and_storage_keys(std::vector<KeyDef>& keys) {
  // --- learner
  keys.push_back(number(
      "learner.model_bytes", "bytes", 0, kInf, true, "required",
      "Serialised model size: what a model download or upload moves.",
      [](ScenarioSpec& s, const KeyValue& v) { s.learner.model_bytes = v.number; }, true));
  keys.push_back(number(
      "learner.train_s_per_sample", "s", 0, kInf, false, "required",
      "Host seconds to learn one sample on one full core.",
      [](ScenarioSpec& s, const KeyValue& v) { s.learner.train_s_per_sample = v.number; }, true));
  keys.push_back(number("learner.train_s_fixed", "s", 0, kInf, false, "0",
                        "Host seconds per batch that do not depend on its size (set-up of a training call).",
                        [](ScenarioSpec& s, const KeyValue& v) { s.learner.train_s_fixed = v.number; }));
  keys.push_back(number("learner.infer_s_per_sample", "s", 0, kInf, false, "0",
                        "Host seconds to predict one sample (progressive validation before training).",
                        [](ScenarioSpec& s, const KeyValue& v) { s.learner.infer_s_per_sample = v.number; }));
  keys.push_back(number("learner.serialize_s", "s", 0, kInf, false, "0",
                        "Host seconds to serialise the whole model before it is uploaded.",
                        [](ScenarioSpec& s, const KeyValue& v) { s.learner.serialize_s = v.number; }));
  keys.push_back(number("learner.deserialize_s", "s", 0, kInf, false, "0",
                        "Host seconds to deserialise the whole model after it is downloaded.",
                        [](ScenarioSpec& s, const KeyValue& v) { s.learner.deserialize_s = v.number; }));
  keys.push_back(
      integer("learner.threads", "threads", 1, 64, "1",
              "Threads the learner uses in parallel; compute runs at min(threads, vCPU share).",
              [](ScenarioSpec& s, const KeyValue& v) { s.learner.threads = static_cast<int>(v.number); }));
  keys.push_back(
      text("learner.profile", "none",
           "Compute profile written by `breakeven profile` (path relative to this file). It supplies "
           "model_bytes, train_s_per_sample, train_s_fixed, infer_s_per_sample, serialize_s and "
           "deserialize_s (set none of them with it) and, with faas.delta_encoding, the faas.delta_* "
           "values not set.",
           [](ScenarioSpec& s, const KeyValue& v) { s.learner.profile = v.text; }));
  // --- storage
  keys.push_back(number("storage.bandwidth_mb_s", "MB/s", 0, kInf, true, "platform file",
                        "Throughput of one transfer to or from storage (MB = 10^6 bytes).",
                        [](ScenarioSpec& s, const KeyValue& v) { s.storage.bandwidth_mb_s = v.number; }));
  keys.push_back(number("storage.latency_s", "s", 0, kInf, false, "platform file",
                        "Latency of one storage request (time to first byte).",
                        [](ScenarioSpec& s, const KeyValue& v) { s.storage.latency_s = v.number; }));
}

// The function's configuration and its start-up.
void add_faas_platform_keys(std::vector<KeyDef>& keys) {
  // --- faas
  keys.push_back(integer(
      "faas.memory_mb", "MB", kLambdaMemoryMinMb, kLambdaMemoryMaxMb, "required",
      "Lambda memory size; sets the CPU share (1,769 MB = one vCPU) and the GB-s billed.",
      [](ScenarioSpec& s, const KeyValue& v) { s.faas.memory_mb = static_cast<int>(v.number); }, true));
  keys.back().range_note = "the Lambda limits";
  keys.push_back(choice("faas.arch", {"x86_64", "arm64"}, "x86_64",
                        "Lambda architecture; sets the GB-s price.", [](ScenarioSpec& s, const KeyValue& v) {
                          s.faas.arch = v.text == "arm64" ? Arch::arm64 : Arch::x86_64;
                        }));
  keys.push_back(text(
      "faas.region", "required", "AWS region of the function; must have Lambda prices in the pricing file.",
      [](ScenarioSpec& s, const KeyValue& v) { s.faas.region = v.text; }, true));
  keys.push_back(choice("faas.package", {"zip", "image"}, "zip",
                        "Deployment package; selects the default cold start and, before 2025-08-01, whether "
                        "INIT is billed.",
                        [](ScenarioSpec& s, const KeyValue& v) {
                          s.faas.package = v.text == "image" ? Package::image : Package::zip;
                        }));
  keys.push_back(choice("faas.runtime", {"managed", "custom"}, "managed",
                        "Managed runtime (python3.x ...) or custom runtime (provided.al2023); before "
                        "2025-08-01 custom runtimes were billed for INIT.",
                        [](ScenarioSpec& s, const KeyValue& v) {
                          s.faas.runtime = v.text == "custom" ? Runtime::custom : Runtime::managed;
                        }));
  keys.push_back(
      number("faas.cold_start_s", "s", 0, 10, false, "platform file, by package and arch",
             "Init Duration of a new execution environment: adds latency, billed where INIT is billed "
             "(AWS caps INIT at 10 s).",
             [](ScenarioSpec& s, const KeyValue& v) { s.faas.cold_start_s = v.number; }));
  keys.push_back(number("faas.cold_start_extra_s", "s", 0, kInf, false, "platform file",
                        "Client-visible latency of a cold start beyond Init Duration (sandbox, code load); "
                        "not billed.",
                        [](ScenarioSpec& s, const KeyValue& v) { s.faas.cold_start_extra_s = v.number; }));
  {
    KeyDef k{
        "faas.cold_start_rate",
        KeyType::optional_number,
        "",
        0,
        1,
        false,
        {},
        "null (keep-alive rule)",
        "Fraction of invocations that start cold; null derives it from faas.keep_alive_s and the interval.",
        false,
        [](ScenarioSpec& s, const KeyValue& v) {
          s.faas.cold_start_rate = v.is_null ? std::nullopt : std::optional<double>(v.number);
        },
        ""};
    keys.push_back(std::move(k));
  }
  keys.push_back(number("faas.warm_overhead_s", "s", 0, kInf, false, "platform file",
                        "Client-visible platform overhead of a warm invocation; not billed.",
                        [](ScenarioSpec& s, const KeyValue& v) { s.faas.warm_overhead_s = v.number; }));
  keys.push_back(number("faas.keep_alive_s", "s", 0, kInf, false, "platform file",
                        "Idle time after an invocation ends before its environment is retired; a longer idle "
                        "gap makes the next invocation cold.",
                        [](ScenarioSpec& s, const KeyValue& v) { s.faas.keep_alive_s = v.number; }));
}

// The function's model cache, save policy, deltas, storage, timeout and speed.
void add_faas_model_keys(std::vector<KeyDef>& keys) {
  keys.push_back(number("faas.cache_hit_rate", "", 0, 1, false, "0 (the thesis's pessimistic case)",
                        "Probability that an invocation finds the newest model in the environment's memory; "
                        "capped at the warm fraction, since a new environment holds no model.",
                        [](ScenarioSpec& s, const KeyValue& v) { s.faas.cache_hit_rate = v.number; }));
  keys.push_back(choice("faas.save_policy", {"always", "every_k", "never"}, "always",
                        "When the model is uploaded after training: every invocation, every k-th, or never "
                        "(only a training-history record; a lost cache replays the unsaved batches).",
                        [](ScenarioSpec& s, const KeyValue& v) {
                          s.faas.save_policy = v.text == "never"     ? SavePolicy::never
                                               : v.text == "every_k" ? SavePolicy::every_k
                                                                     : SavePolicy::always;
                        }));
  keys.push_back(
      integer("faas.save_every_k", "invocations", 1, 1000, "10",
              "With save_policy every_k: the model is uploaded on every k-th invocation.",
              [](ScenarioSpec& s, const KeyValue& v) { s.faas.save_every_k = static_cast<int>(v.number); }));
  keys.push_back(number("faas.history_record_bytes", "bytes", 0, kInf, false, "1024",
                        "Size of the training-history record written when the model is not uploaded.",
                        [](ScenarioSpec& s, const KeyValue& v) { s.faas.history_record_bytes = v.number; }));
  keys.push_back(boolean("faas.delta_encoding", "false",
                         "Save and load a delta against a base model shipped in the package, instead of the "
                         "whole model.",
                         [](ScenarioSpec& s, const KeyValue& v) { s.faas.delta_encoding = v.boolean; }));
  keys.push_back(number("faas.delta_bytes", "bytes", 0, kInf, false, "0 (required with delta_encoding)",
                        "Size of the model delta (seed 000 Table 6.3: 3.8 MB for a 143 MB model).",
                        [](ScenarioSpec& s, const KeyValue& v) { s.faas.delta_bytes = v.number; }));
  keys.push_back(number("faas.delta_encode_s", "s", 0, kInf, false, "0",
                        "Host seconds to compute the delta after training (scaled like compute).",
                        [](ScenarioSpec& s, const KeyValue& v) { s.faas.delta_encode_s = v.number; }));
  keys.push_back(number("faas.delta_decode_s", "s", 0, kInf, false, "0",
                        "Host seconds to rebuild the model from base + delta (scaled like compute).",
                        [](ScenarioSpec& s, const KeyValue& v) { s.faas.delta_decode_s = v.number; }));
  keys.push_back(integer(
      "faas.ephemeral_storage_mb", "MB", kLambdaEphemeralMinMb, kLambdaEphemeralMaxMb, "512",
      "Size of /tmp; the part above 512 MB is billed per GB-s.",
      [](ScenarioSpec& s, const KeyValue& v) { s.faas.ephemeral_storage_mb = static_cast<int>(v.number); }));
  keys.back().range_note = "the Lambda limits";
  keys.push_back(
      number("faas.timeout_s", "s", 0, kLambdaTimeoutMaxS, true, "900",
             "Function timeout; an invocation that would run longer makes the scenario infeasible.",
             [](ScenarioSpec& s, const KeyValue& v) { s.faas.timeout_s = v.number; }));
  keys.back().range_note = "the Lambda limits";
  keys.push_back(number("faas.speed_factor", "", 0, kInf, true, "platform file (1.0 until calibrated)",
                        "Lambda compute time / host compute time at one full vCPU.",
                        [](ScenarioSpec& s, const KeyValue& v) { s.faas.speed_factor = v.number; }));
  {
    KeyDef k{"faas.billing_date",
             KeyType::date_or_latest,
             "",
             -kInf,
             kInf,
             false,
             {},
             "latest",
             "Date whose billing rules apply (YYYY-MM-DD), or latest. Decides whether INIT is billed for zip "
             "packages on managed runtimes (only since 2025-08-01).",
             false,
             [](ScenarioSpec& s, const KeyValue& v) { s.faas.billing_date = v.text; },
             ""};
    keys.push_back(std::move(k));
  }
}

// The function's billing options and the keys only the simulator reads.
void add_faas_billing_and_simulator_keys(std::vector<KeyDef>& keys) {
  keys.push_back(boolean("faas.tiered_pricing", "true",
                         "Apply the monthly GB-s volume tiers to this workload's monthly usage.",
                         [](ScenarioSpec& s, const KeyValue& v) { s.faas.tiered_pricing = v.boolean; }));
  keys.push_back(boolean("faas.free_tier", "false",
                         "Subtract the monthly free tier (1M requests, 400,000 GB-s); it is per account, so "
                         "other functions usually use it.",
                         [](ScenarioSpec& s, const KeyValue& v) { s.faas.free_tier = v.boolean; }));
  keys.push_back(
      text("faas.keep_alive_quantiles_s", "none (fixed faas.keep_alive_s)",
           "Simulator: keep-alive as a distribution, comma-separated quantiles in s at equal "
           "probability steps from 0 to 1 (e.g. \"300,420,600\"), sampled by linear interpolation.",
           [](ScenarioSpec& s, const KeyValue& v) { s.faas.keep_alive_quantiles_s = v.text; }));
  keys.push_back(integer(
      "faas.concurrency_limit", "environments", 1, 1e6, "1000 (the AWS default account limit)",
      "Simulator: environments busy at once at most; beyond it invocations wait or are throttled.",
      [](ScenarioSpec& s, const KeyValue& v) { s.faas.concurrency_limit = static_cast<int>(v.number); }));
  keys.push_back(
      choice("faas.over_limit", {"wait", "throttle"}, "wait",
             "Simulator: an invocation beyond the concurrency limit waits for a free environment, or "
             "is rejected (HTTP 429) and counted as throttled.",
             [](ScenarioSpec& s, const KeyValue& v) {
               s.faas.over_limit = v.text == "throttle" ? OverLimit::throttle : OverLimit::wait;
             }));
  keys.push_back(
      choice("faas.routing", {"newest_first", "most_recent"}, "newest_first",
             "Simulator: which idle environment takes an invocation: the newest created (as SimFaaS "
             "models AWS) or the most recently used.",
             [](ScenarioSpec& s, const KeyValue& v) {
               s.faas.routing = v.text == "most_recent" ? Routing::most_recent : Routing::newest_first;
             }));
  keys.push_back(choice(
      "faas.model_cache", {"by_rate", "per_environment"}, "by_rate",
      "Simulator: by_rate draws a cache hit with probability cache_hit_rate on warm invocations "
      "(the analytic model's rule); per_environment hits when the environment holds the newest model.",
      [](ScenarioSpec& s, const KeyValue& v) {
        s.faas.model_cache = v.text == "per_environment" ? ModelCache::per_environment : ModelCache::by_rate;
      }));
  keys.push_back(choice(
      "faas.memory_policy", {"fixed", "usage_based"}, "fixed",
      "fixed: every invocation runs with faas.memory_mb. usage_based (Creek, seed 003): the "
      "function is sized from the peak memory invocations use, plus faas.memory_headroom, "
      "rounded up to a whole MB within the Lambda limits (docs/sweeps.md).",
      [](ScenarioSpec& s, const KeyValue& v) {
        s.faas.memory_policy = v.text == "usage_based" ? MemoryPolicy::usage_based : MemoryPolicy::fixed;
      }));
  keys.push_back(number("faas.memory_headroom", "", 0, 10, false, "0.2 (an assumption: Creek publishes none)",
                        "With memory_policy usage_based: the fraction added above the peak memory used.",
                        [](ScenarioSpec& s, const KeyValue& v) { s.faas.memory_headroom = v.number; }));
  keys.push_back(
      number("faas.runtime_memory_mb", "MB", 0, 10240, false, "0 (not counted until measured)",
             "With memory_policy usage_based: memory the runtime and libraries hold before any model "
             "is loaded (Lambda's Max Memory Used of an invocation that loads none).",
             [](ScenarioSpec& s, const KeyValue& v) { s.faas.runtime_memory_mb = v.number; }));
}

// The VM side and the pricing choices.
void add_iaas_and_pricing_keys(std::vector<KeyDef>& keys) {
  // --- iaas
  keys.push_back(text(
      "iaas.instance", "required", "EC2 instance type; must be in the pricing file.",
      [](ScenarioSpec& s, const KeyValue& v) { s.iaas.instance = v.text; }, true));
  keys.push_back(text("iaas.region", "faas.region", "AWS region of the VM.",
                      [](ScenarioSpec& s, const KeyValue& v) { s.iaas.region = v.text; }));
  keys.push_back(boolean("iaas.save_model", "true",
                         "Upload the model to storage after every batch (seed 000 did, so other machines can "
                         "serve it).",
                         [](ScenarioSpec& s, const KeyValue& v) { s.iaas.save_model = v.boolean; }));
  keys.push_back(number("iaas.speed_factor", "", 0, kInf, true, "platform file (1.0 until calibrated)",
                        "EC2 compute time / host compute time at one full vCPU.",
                        [](ScenarioSpec& s, const KeyValue& v) { s.iaas.speed_factor = v.number; }));
  keys.push_back(number("iaas.boot_s", "s", 0, kInf, false, "platform file",
                        "Launch-to-ready time of a VM started on demand; the analytic model's VM is always "
                        "on and does not use it.",
                        [](ScenarioSpec& s, const KeyValue& v) { s.iaas.boot_s = v.number; }));
  {
    KeyDef k{
        "iaas.idle_stop_s",
        KeyType::optional_number,
        "s",
        0,
        kInf,
        false,
        {},
        "null (always on)",
        "Simulator: stop the VM after this idle time; the next batch waits for iaas.boot_s and each run is "
        "billed per second with the 60 s minimum.",
        false,
        [](ScenarioSpec& s, const KeyValue& v) {
          s.iaas.idle_stop_s = v.is_null ? std::nullopt : std::optional<double>(v.number);
        },
        ""};
    keys.push_back(std::move(k));
  }
  // --- pricing
  keys.push_back(text("pricing.fallback_region", "none",
                      "Region whose prices stand in for prices the pricing file marks unknown in the "
                      "scenario's region; every substitution is listed in the output.",
                      [](ScenarioSpec& s, const KeyValue& v) { s.pricing.fallback_region = v.text; }));
}

std::vector<KeyDef> make_keys() {
  std::vector<KeyDef> keys;
  add_workload_keys(keys);
  add_simulated_workload_keys(keys);
  add_learner_and_storage_keys(keys);
  add_faas_platform_keys(keys);
  add_faas_model_keys(keys);
  add_faas_billing_and_simulator_keys(keys);
  add_iaas_and_pricing_keys(keys);
  return keys;
}

std::string_view type_phrase(const KeyDef& k) {
  switch (k.type) {
    case KeyType::number:
      return "a number";
    case KeyType::integer:
      return "an integer";
    case KeyType::boolean:
      return "true or false";
    case KeyType::choice:
      return "one of";
    case KeyType::text:
      return "a name";
    case KeyType::optional_number:
      return "a number or null";
    case KeyType::date_or_latest:
      return "a date YYYY-MM-DD or latest";
  }
  return "a value";
}

}  // namespace

const std::vector<KeyDef>& scenario_keys() {
  static const std::vector<KeyDef> keys = make_keys();
  return keys;
}

const KeyDef* find_key(std::string_view path) {
  for (const auto& k : scenario_keys())
    if (k.path == path) return &k;
  return nullptr;
}

std::string describe_range(const KeyDef& k) {
  const bool has_min = std::isfinite(k.min);
  const bool has_max = std::isfinite(k.max);
  if (has_min && has_max && !k.min_exclusive) return short_number(k.min, 12) + ".." + short_number(k.max, 12);
  if (has_min && has_max) return "> " + short_number(k.min, 12) + " and <= " + short_number(k.max, 12);
  if (has_min) return (k.min_exclusive ? "> " : ">= ") + short_number(k.min, 12);
  if (has_max) return "<= " + short_number(k.max, 12);
  return "";
}

std::string describe_expected(const KeyDef& k) {
  std::string out(type_phrase(k));
  if (k.type == KeyType::choice) {
    out += " ";
    for (size_t i = 0; i < k.choices.size(); ++i) {
      if (i) out += ", ";
      out += k.choices[i];
    }
    return out;
  }
  if (!k.unit.empty() && k.unit != "samples" && k.unit != "threads" && k.unit != "invocations")
    out += " in " + std::string(k.unit);
  const std::string range = describe_range(k);
  if (!range.empty()) out += ", " + range;
  return out;
}

std::string scenario_keys_markdown() {
  std::string out;
  std::string section;
  for (const auto& k : scenario_keys()) {
    const std::string s(k.path.substr(0, k.path.find('.')));
    if (s != section) {
      section = s;
      out += "\n## `" + section +
             "`\n\n| key | type and range | unit | default | meaning |\n|---|---|---|---|---|\n";
    }
    std::string range = describe_range(k);
    std::string type(type_phrase(k));
    if (k.type == KeyType::choice) {
      type = "";
      for (size_t i = 0; i < k.choices.size(); ++i) type += (i ? " \\| " : "") + std::string(k.choices[i]);
    } else if (!range.empty()) {
      type += ", " + range;
    }
    out += "| `" + std::string(k.path) + "` | " + type + " | " +
           (k.unit.empty() ? "-" : std::string(k.unit)) + " | " + std::string(k.default_text) + " | " +
           std::string(k.meaning) + " |\n";
  }
  return out;
}

}  // namespace breakeven
