#include "calibrate/holdout.h"

#include <yaml-cpp/yaml.h>

#include <cmath>

#include "calibrate/fit.h"
#include "model/diagnostics.h"

namespace breakeven::calibrate {

namespace {

std::optional<double> number_at(const YAML::Node& root, std::initializer_list<const char*> path) {
  YAML::Node n = root;
  for (const char* key : path) {
    if (!n.IsMap() || !n[key]) return std::nullopt;
    n.reset(n[key]);  // rebinds; `n = n[key]` would overwrite the node's content (yaml-cpp semantics)
  }
  if (!n.IsScalar() || n.Scalar() == "null") return std::nullopt;
  return n.as<double>();
}

}  // namespace

CalibratedConstants read_calibrated_constants(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw InputError(
        {Diagnostic{SourcePlace{path, 0, 0}, "", "cannot open the calibration file (does it exist?)"}});
  } catch (const YAML::Exception& e) {
    throw InputError({Diagnostic{SourcePlace{path, e.mark.line + 1, e.mark.column + 1}, "",
                                 "YAML syntax error: " + e.msg}});
  }
  const YAML::Node cal = root.IsMap() ? root["calibration"] : YAML::Node();
  if (!cal || !cal.IsMap())
    throw InputError({Diagnostic{SourcePlace{path, 1, 1}, "calibration",
                                 "missing; is this the output of `breakeven calibrate fit`?"}});
  CalibratedConstants c;
  try {
    c.mb_per_vcpu = number_at(cal, {"mb_per_vcpu"}).value_or(1769);
    c.compute_fixed_ms = number_at(cal, {"compute", "fixed_ms", "value"});
    c.compute_per_sample_ms = number_at(cal, {"compute", "per_sample_ms", "value"});
    c.compute_residual_sd_ms = number_at(cal, {"compute", "residual_sd_ms"});
    c.get_latency_ms = number_at(cal, {"storage_get", "latency_ms", "value"});
    c.get_bandwidth_mb_s = number_at(cal, {"storage_get", "bandwidth_mb_s", "value"});
    c.get_residual_sd_ms = number_at(cal, {"storage_get", "residual_sd_ms"});
    c.put_latency_ms = number_at(cal, {"storage_put", "latency_ms", "value"});
    c.put_bandwidth_mb_s = number_at(cal, {"storage_put", "bandwidth_mb_s", "value"});
    c.put_residual_sd_ms = number_at(cal, {"storage_put", "residual_sd_ms"});
    c.warm_overhead_mean_ms = number_at(cal, {"warm_overhead_ms", "mean"});
    c.warm_overhead_sd_ms = number_at(cal, {"warm_overhead_ms", "sd"});
    c.init_median_ms = number_at(cal, {"init_ms", "median"});
    c.init_sd_ms = number_at(cal, {"init_ms", "sd"});
  } catch (const YAML::Exception& e) {
    throw InputError({Diagnostic{SourcePlace{path, e.mark.line + 1, e.mark.column + 1}, "calibration",
                                 "expected a number: " + e.msg}});
  }
  return c;
}

std::optional<HoldoutCheck> check_probe(const CalibratedConstants& c, const ProbeRecord& p) {
  auto band = [](const std::optional<double>& sd) -> std::optional<double> {
    if (!sd) return std::nullopt;
    return 1.96 * *sd;
  };
  if (p.cold) {
    if (!c.init_median_ms || !p.init_ms) return std::nullopt;
    return HoldoutCheck{"init_ms", *p.init_ms, *c.init_median_ms, band(c.init_sd_ms)};
  }
  switch (p.kind) {
    case ProbeKind::compute: {
      if (!c.compute_fixed_ms || !c.compute_per_sample_ms) return std::nullopt;
      const double x = static_cast<double>(p.n_samples) / cpu_share(p.memory_mb, p.threads, c.mb_per_vcpu);
      return HoldoutCheck{"compute duration_ms", p.duration_ms,
                          *c.compute_fixed_ms + *c.compute_per_sample_ms * x, band(c.compute_residual_sd_ms)};
    }
    case ProbeKind::storage_get:
    case ProbeKind::storage_put: {
      const bool get = p.kind == ProbeKind::storage_get;
      const auto& latency = get ? c.get_latency_ms : c.put_latency_ms;
      const auto& bandwidth = get ? c.get_bandwidth_mb_s : c.put_bandwidth_mb_s;
      if (!latency || !bandwidth) return std::nullopt;
      // bytes / (MB/s x 10^6 bytes/MB) seconds, x 1000 ms/s.
      return HoldoutCheck{std::string(to_string(p.kind)) + " handler_ms", p.handler_ms,
                          *latency + static_cast<double>(p.bytes) / (*bandwidth * 1e3),
                          band(get ? c.get_residual_sd_ms : c.put_residual_sd_ms)};
    }
    case ProbeKind::noop:
      if (!c.warm_overhead_mean_ms) return std::nullopt;
      return HoldoutCheck{"warm overhead ms", p.client_ms - p.duration_ms, *c.warm_overhead_mean_ms,
                          band(c.warm_overhead_sd_ms)};
  }
  return std::nullopt;
}

}  // namespace breakeven::calibrate
