// The calibration output: a platform file (kind: platform) that scenarios include like
// data/platform/aws-default.yaml. Its `defaults:` carry the fitted constants with their source; its
// `base:` names the platform file that supplies everything not calibrated; its `calibration:` section
// records the probe file's hash, date, region, architecture, every estimate and every residual.
#pragma once

#include <string>
#include <vector>

#include "calibrate/fit.h"

namespace breakeven::calibrate {

struct CalibrationMeta {
  std::string name;          // the file's `name:`
  std::string probe_file;    // as given on the command line
  std::string probe_sha256;  // hex digest of the probe file's bytes
  std::string date;          // YYYY-MM-DD of the measurements
  std::string region;
  std::string arch;           // x86_64 or arm64
  std::string base_platform;  // path of the base platform file, relative to the output file
  std::string local_source;   // where local_s_per_sample came from
  double mb_per_vcpu = 1769;  // the CPU-share rule the compute fit used
};

// The YAML text of the calibrated platform file (deterministic: same fit, same bytes).
std::string calibration_yaml(const CalibrationFit& fit, const CalibrationMeta& meta);

// What `calibrate report` shows: one line per estimate, and the residuals to draw.
struct CalibrationView {
  std::vector<std::string> lines;
  std::vector<Residual> residuals;
};

// Reads a calibration file back; throws InputError with file:line:col for a malformed file.
CalibrationView read_calibration_file(const std::string& path);

}  // namespace breakeven::calibrate
