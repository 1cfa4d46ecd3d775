#include "calibrate/probe/probe_handler.h"

#include <sched.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "calibrate/probe/compute_kernel.h"
#include "model/diagnostics.h"

namespace breakeven::calibrate {

namespace {

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// Object content: a repeating pattern, so the size is exact and nothing compresses it away in transit
// except what S3 does not do (S3 does not compress).
std::string object_body(std::int64_t bytes) {
  std::string body(static_cast<std::size_t>(bytes), '\0');
  std::uint32_t x = 2463534242u;  // xorshift32 (Marsaglia 2003) fills the object with varied bytes
  for (auto& c : body) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x & 0xFF);
  }
  return body;
}

}  // namespace

int cpus_seen() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  return std::max(1, CPU_COUNT(&set));
}

ProbeHandler::ProbeHandler(std::function<ObjectStore&()> store)
    : store_(std::move(store)), started_(std::chrono::steady_clock::now()) {}

std::string ProbeHandler::handle(const std::string& payload) {
  ++invocations_;
  nlohmann::json in;
  try {
    in = nlohmann::json::parse(payload);
  } catch (const std::exception&) {
    throw std::invalid_argument("payload is not JSON");
  }
  if (!in.is_object() || !in.contains("kind") || !in["kind"].is_string())
    throw std::invalid_argument("payload has no \"kind\" (noop, compute, storage_put, storage_get)");
  const std::string kind = in["kind"].get<std::string>();
  nlohmann::ordered_json out;
  out["kind"] = kind;
  double handler_ms = 0;
  if (kind == "noop") {
    const auto start = std::chrono::steady_clock::now();
    handler_ms = ms_since(start);
  } else if (kind == "compute") {
    const auto n = in.value("n_samples", std::int64_t{0});
    if (n <= 0) throw std::invalid_argument("compute needs n_samples > 0");
    const ComputeResult r = run_training_batch(n);
    handler_ms = r.seconds * 1000.0;
    out["n_samples"] = n;
    out["checksum"] = r.checksum;
  } else if (kind == "storage_put" || kind == "storage_get") {
    const std::string bucket = in.value("bucket", ""), key = in.value("key", "");
    const auto bytes = in.value("bytes", std::int64_t{-1});
    if (bucket.empty() || key.empty() || bytes < 0)
      throw std::invalid_argument(kind + " needs bucket, key and bytes");
    ObjectStore& store = store_();
    if (kind == "storage_put") {
      const std::string body = object_body(bytes);
      const auto start = std::chrono::steady_clock::now();
      store.put(bucket, key, body);
      handler_ms = ms_since(start);
    } else {
      const auto start = std::chrono::steady_clock::now();
      const std::string body = store.get(bucket, key);
      handler_ms = ms_since(start);
      if (static_cast<std::int64_t>(body.size()) != bytes)
        throw RunError("object " + key + " has " + std::to_string(body.size()) + " bytes, expected " +
                       std::to_string(bytes));
    }
    out["bytes"] = bytes;
  } else {
    throw std::invalid_argument("unknown kind '" + kind + "' (noop, compute, storage_put, storage_get)");
  }
  out["handler_ms"] = handler_ms;
  out["cold"] = invocations_ == 1;
  out["env_age_s"] = ms_since(started_) / 1000.0;
  out["env_invocations"] = invocations_;
  out["cores_seen"] = cpus_seen();
  out["threads"] = 1;
  return out.dump();
}

}  // namespace breakeven::calibrate
