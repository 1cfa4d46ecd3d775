// Checking a calibration against probes it was not fitted on: each held-out probe's measured time next
// to what the calibrated constants predict, with a 95% band from the fit's residual scatter.
#pragma once

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "calibrate/probe_record.h"

namespace breakeven::calibrate {

// The fitted constants as written in a calibration file's `calibration:` section (empty = not fitted).
struct CalibratedConstants {
  double mb_per_vcpu = 1769;
  std::optional<double> compute_fixed_ms, compute_per_sample_ms, compute_residual_sd_ms;
  std::optional<double> get_latency_ms, get_bandwidth_mb_s, get_residual_sd_ms;
  std::optional<double> put_latency_ms, put_bandwidth_mb_s, put_residual_sd_ms;
  std::optional<double> warm_overhead_mean_ms, warm_overhead_sd_ms;
  std::optional<double> init_median_ms, init_sd_ms;
};

// Reads the constants of a calibration file; throws InputError with file:line:col.
CalibratedConstants read_calibrated_constants(const std::string& path);

struct HoldoutCheck {
  std::string quantity;  // "compute duration_ms", "storage_get handler_ms", "warm overhead ms", "init_ms"
  double observed_ms = 0;
  double predicted_ms = 0;
  std::optional<double> band_ms;  // half-width of the 95% band: 1.96 x residual sd (fit uncertainty ignored)
  double error_ms() const { return observed_ms - predicted_ms; }
  bool within_band() const { return band_ms && std::abs(error_ms()) <= *band_ms; }
};

// What the constants predict for one probe; empty when the part it needs was not fitted.
std::optional<HoldoutCheck> check_probe(const CalibratedConstants& c, const ProbeRecord& p);

}  // namespace breakeven::calibrate
