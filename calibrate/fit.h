// The fit of the calibration constants from probes (Eigen least squares), each with a standard error,
// a 95% confidence interval and the residuals it leaves. Pure computation: no I/O, no clock.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "calibrate/probe_record.h"

namespace breakeven::calibrate {

// An estimate with its standard error and 95% confidence interval (Student t with the fit's degrees of
// freedom); std_error is empty when there are too few probes to estimate it.
struct Estimate {
  double value = 0;
  std::optional<double> std_error;
  std::optional<double> ci95_low, ci95_high;
};

// Location and spread of a sample (quantiles by linear interpolation between order statistics,
// Hyndman and Fan type 7, as R's and NumPy's defaults).
struct SampleSummary {
  int n = 0;
  double median = 0, p90 = 0, mean = 0;
  std::optional<double> sd, std_error;  // sample sd and standard error of the mean (n >= 2)
};

// One probe's share of a fit: what the model predicted for it and what was measured.
struct Residual {
  std::string fit;  // "compute", "storage_get", "storage_put", "warm_overhead", "cold_extra"
  int memory_mb = 0;
  double x = 0;  // the fit's regressor: effective samples (compute), bytes (storage), 0 otherwise
  double observed_ms = 0;
  double fitted_ms = 0;
  double residual_ms() const { return observed_ms - fitted_ms; }
};

// Ordinary least squares y = X b: coefficients with standard errors from s^2 (X'X)^-1.
struct LinearFit {
  std::vector<Estimate> coefficients;
  double residual_sd = 0;  // sqrt(RSS / (n - p)); 0 when n == p
  int n = 0;
  int dof = 0;
};

// The two-sided 95% Student t quantile for `dof` degrees of freedom (Boost.Math; NaN below 1).
double t_quantile_975(int dof);

// Sample summary; `values` must not be empty.
SampleSummary summarize(std::vector<double> values);

// Least squares of `y` on the columns of `x` (row-major, n rows of p columns); throws RunError when the
// columns are not independent (e.g. every compute probe at the same effective size).
LinearFit least_squares(const std::vector<std::vector<double>>& x, const std::vector<double>& y);

struct ComputeFit {
  int n = 0;
  Estimate fixed_ms;       // a: time that does not scale with the batch
  Estimate per_sample_ms;  // w: ms per sample at one full vCPU
  double residual_sd_ms = 0;
  std::optional<double> local_s_per_sample;  // the same learner's time per sample on the local host
  std::optional<Estimate> speed_factor;      // w / local: Lambda at one vCPU against the local host
};

struct StorageFit {
  int n = 0;
  Estimate latency_ms;      // L
  Estimate bandwidth_mb_s;  // B (MB = 10^6 bytes); standard error by the delta method
  double residual_sd_ms = 0;
};

struct CalibrationFit {
  int probes = 0;
  std::optional<SampleSummary> init_ms;   // REPORT Init Duration of cold probes
  std::optional<Estimate> cold_extra_ms;  // cold client latency beyond Duration + Init, less warm overhead
  std::optional<SampleSummary> warm_overhead_ms;  // client round trip - Duration, warm probes
  std::optional<ComputeFit> compute;
  std::optional<StorageFit> storage_get, storage_put, storage_both;
  std::map<int, int> cores_seen_by_memory_mb;  // most CPUs the handler saw at each memory size
  std::vector<Residual> residuals;             // every fitted probe, in probe-file order per fit
  std::vector<std::string> notes;              // parts not fitted and why
};

struct FitOptions {
  double mb_per_vcpu = 1769;                 // AWS: 1,769 MB = one vCPU (platform file)
  std::optional<double> local_s_per_sample;  // for the speed factor
};

// CPU share of a Lambda function at `memory_mb` for a learner with `threads` threads.
double cpu_share(int memory_mb, int threads, double mb_per_vcpu);

// Fits every part the probes allow; a part without enough probes is skipped with a note. Throws
// InputError (naming `path`) when no part can be fitted.
CalibrationFit fit_probes(const std::vector<ProbeRecord>& probes, const FitOptions& options,
                          const std::string& path);

}  // namespace breakeven::calibrate
