// The probe file: one JSON object per line (JSONL), documented in docs/calibration.md. Written by
// `breakeven calibrate run`, read by `breakeven calibrate fit`; files written by hand or by other tools
// in the same format are accepted, and a bad line is reported as file:line:column.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace breakeven::calibrate {

// The largest time in milliseconds a probe line may hold (client_ms, duration_ms, billed_ms, init_ms,
// handler_ms, restore_ms): far above Lambda's longest invocation, its 900 s timeout plus a 10 s Init
// phase (AWS Lambda Developer Guide, "Lambda quotas" and "Lambda execution environment", 2024).
inline constexpr double kProbeMaxMs = 1e7;

// What one probe invocation asked the probe function to do.
enum class ProbeKind { compute, storage_get, storage_put, noop };

const char* to_string(ProbeKind kind);

// One measured invocation. Times are milliseconds as Lambda reports them (REPORT line) or as the
// client and the handler measured them.
struct ProbeRecord {
  ProbeKind kind = ProbeKind::noop;
  int memory_mb = 0;              // memory size asked for (and checked against the REPORT line)
  bool cold = false;              // the invocation started a new execution environment
  std::int64_t n_samples = 0;     // compute: samples in the synthetic batch
  std::int64_t bytes = 0;         // storage: object size in bytes
  double client_ms = 0;           // client round trip of the Invoke request
  double duration_ms = 0;         // REPORT Duration
  double billed_ms = 0;           // REPORT Billed Duration
  std::optional<double> init_ms;  // REPORT Init Duration; empty (null) when warm
  double handler_ms = 0;          // the handler's own timing of the asked work
  // Optional fields (written by `calibrate run`, not required in hand-written files).
  int threads = 1;                   // compute: threads the learner used
  std::optional<double> restore_ms;  // REPORT Restore Duration (SnapStart)
  std::optional<double> max_memory_used_mb;
  std::optional<int> cores_seen;                // CPUs the handler saw
  std::optional<double> env_age_s;              // age of the execution environment at the invocation
  std::optional<std::int64_t> env_invocations;  // invocations this environment served, this one included
  std::optional<std::int64_t> plan_index;       // position in the run's plan (used by --resume)
  std::string time_utc;                         // ISO 8601 time the probe completed, may be empty
};

// The optional first line of a probe file, written by `calibrate run`: what was measured and how to undo it.
struct RunHeader {
  std::string function;
  std::string region;
  std::string arch;                  // x86_64 or arm64
  int original_memory_mb = 0;        // restored at the end, also by a resumed run
  std::string original_description;  // restored with the memory size
  std::string started_utc;
};

struct ProbeFile {
  std::optional<RunHeader> header;
  std::vector<ProbeRecord> probes;
};

// Reads a probe file; throws InputError listing every bad line as path:line:column.
ProbeFile read_probe_file(const std::string& path);

// Parses probe-file text (`path` names it in messages); throws InputError.
ProbeFile parse_probe_text(const std::string& text, const std::string& path);

// One line of JSON (no newline) for a probe or the header; keys in a fixed order.
std::string probe_to_json_line(const ProbeRecord& p);
std::string header_to_json_line(const RunHeader& h);

}  // namespace breakeven::calibrate
