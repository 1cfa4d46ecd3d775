// What the probe function does with one invocation's payload: {"kind": "noop"}, {"kind": "compute",
// "n_samples": N}, {"kind": "storage_put" | "storage_get", "bucket": B, "key": K, "bytes": N}. It answers
// with its own timing of the work, whether its environment is new, the environment's age and invocation
// count, and the CPUs it sees.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace breakeven::calibrate {

// The object store the storage probes use (S3 in Lambda, anything in tests).
struct ObjectStore {
  virtual ~ObjectStore() = default;
  virtual void put(const std::string& bucket, const std::string& key, const std::string& body) = 0;
  virtual std::string get(const std::string& bucket, const std::string& key) = 0;
};

class ProbeHandler {
 public:
  // `store` is asked for the object store on the first storage probe (credentials are read then).
  explicit ProbeHandler(std::function<ObjectStore&()> store);

  // Runs one probe; returns the answer as JSON. Throws std::invalid_argument for a bad payload and
  // RunError when the work fails.
  std::string handle(const std::string& payload);

 private:
  std::function<ObjectStore&()> store_;
  std::chrono::steady_clock::time_point started_;
  std::int64_t invocations_ = 0;
};

// CPUs this process may run on (sched_getaffinity), at least 1.
int cpus_seen();

}  // namespace breakeven::calibrate
