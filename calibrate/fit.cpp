#include "calibrate/fit.h"

#include <Eigen/Dense>
#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <numeric>

#include "model/diagnostics.h"
#include "model/units.h"

namespace breakeven::calibrate {

namespace {

Estimate with_interval(double value, std::optional<double> se, int dof) {
  Estimate e;
  e.value = value;
  if (se && dof > 0 && std::isfinite(*se)) {
    e.std_error = se;
    const double t = t_quantile_975(dof);
    e.ci95_low = value - t * *se;
    e.ci95_high = value + t * *se;
  }
  return e;
}

double quantile(const std::vector<double>& sorted, double q) {
  const double h = (static_cast<double>(sorted.size()) - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

// Fits observed = L + bytes / B for one set of storage probes; `name` labels the residuals.
std::optional<StorageFit> fit_storage(const std::vector<const ProbeRecord*>& probes, const std::string& name,
                                      CalibrationFit& out) {
  std::vector<double> distinct;
  for (const auto* p : probes) distinct.push_back(static_cast<double>(p->bytes));
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  if (probes.size() < 3 || distinct.size() < 2) {
    out.notes.push_back(
        name + " not fitted: needs at least 3 warm probes with at least 2 object sizes (has " +
        std::to_string(probes.size()) + " probes, " + std::to_string(distinct.size()) + " sizes)");
    return std::nullopt;
  }
  std::vector<std::vector<double>> x;
  std::vector<double> y;
  for (const auto* p : probes) {
    x.push_back({1.0, static_cast<double>(p->bytes)});
    y.push_back(p->handler_ms);
  }
  const LinearFit f = least_squares(x, y);
  StorageFit s;
  s.n = f.n;
  s.latency_ms = f.coefficients[0];
  s.residual_sd_ms = f.residual_sd;
  // slope is ms per byte; B in MB/s = 1 / (slope ms/byte) * 1000 ms/s / 1e6 bytes/MB.
  const double slope = f.coefficients[1].value;
  if (!(slope > 0)) {
    out.notes.push_back(name + " not fitted: time does not grow with object size (slope " +
                        std::to_string(slope) + " ms/byte); use larger objects");
    return std::nullopt;
  }
  const double to_mb_s = 1000.0 / kBytesPerMb;
  std::optional<double> se;
  if (f.coefficients[1].std_error)
    se = *f.coefficients[1].std_error / (slope * slope) * to_mb_s;  // delta method
  s.bandwidth_mb_s = with_interval(to_mb_s / slope, se, f.dof);
  for (std::size_t i = 0; i < probes.size(); ++i)
    out.residuals.push_back(
        Residual{name, probes[i]->memory_mb, x[i][1], y[i], f.coefficients[0].value + slope * x[i][1]});
  return s;
}

}  // namespace

double t_quantile_975(int dof) {
  if (dof < 1) return std::nan("");
  // The 0.975 quantile of Student's t (Boost.Math's inverse of the incomplete beta function).
  return boost::math::quantile(boost::math::students_t_distribution<double>(dof), 0.975);
}

SampleSummary summarize(std::vector<double> values) {
  SampleSummary s;
  s.n = static_cast<int>(values.size());
  std::sort(values.begin(), values.end());
  s.median = quantile(values, 0.5);
  s.p90 = quantile(values, 0.9);
  s.mean = std::accumulate(values.begin(), values.end(), 0.0) / s.n;
  if (s.n >= 2) {
    double ss = 0;
    for (double v : values) ss += (v - s.mean) * (v - s.mean);
    s.sd = std::sqrt(ss / (s.n - 1));
    s.std_error = *s.sd / std::sqrt(static_cast<double>(s.n));
  }
  return s;
}

LinearFit least_squares(const std::vector<std::vector<double>>& x, const std::vector<double>& y) {
  const auto n = static_cast<Eigen::Index>(y.size());
  const auto p = static_cast<Eigen::Index>(x.empty() ? 0 : x.front().size());
  Eigen::MatrixXd a(n, p);
  Eigen::VectorXd b(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < p; ++j)
      a(i, j) = x[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
    b(i) = y[static_cast<std::size_t>(i)];
  }
  // Scale columns to unit norm so that bytes (1e7) and 1 are comparable for the rank test.
  Eigen::VectorXd scale = a.colwise().norm().transpose();
  for (Eigen::Index j = 0; j < p; ++j)
    if (scale(j) == 0) scale(j) = 1;
  const Eigen::MatrixXd scaled = a * scale.cwiseInverse().asDiagonal();
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(scaled);
  if (n < p || qr.rank() < p)
    throw RunError("least squares: the probes do not determine every constant (rank " +
                   std::to_string(qr.rank()) + " of " + std::to_string(p) + ")");
  const Eigen::VectorXd coef = qr.solve(b).cwiseQuotient(scale);
  const Eigen::VectorXd resid = b - a * coef;
  LinearFit f;
  f.n = static_cast<int>(n);
  f.dof = static_cast<int>(n - p);
  f.residual_sd = f.dof > 0 ? std::sqrt(resid.squaredNorm() / f.dof) : 0;
  const Eigen::MatrixXd xtx_inv = (scaled.transpose() * scaled).inverse();
  for (Eigen::Index j = 0; j < p; ++j) {
    std::optional<double> se;
    if (f.dof > 0) se = f.residual_sd * std::sqrt(xtx_inv(j, j)) / scale(j);
    f.coefficients.push_back(with_interval(coef(j), se, f.dof));
  }
  return f;
}

double cpu_share(int memory_mb, int threads, double mb_per_vcpu) {
  return std::min(memory_mb / mb_per_vcpu, static_cast<double>(std::max(threads, 1)));
}

CalibrationFit fit_probes(const std::vector<ProbeRecord>& probes, const FitOptions& options,
                          const std::string& path) {
  CalibrationFit out;
  out.probes = static_cast<int>(probes.size());

  // What the CPU-share rule min(memory / 1769, threads) can be checked against: the CPUs each size showed.
  for (const auto& p : probes)
    if (p.cores_seen) {
      int& most = out.cores_seen_by_memory_mb[p.memory_mb];
      most = std::max(most, *p.cores_seen);
    }

  // Warm overhead: what the client waits beyond the function's own Duration.
  std::vector<double> overhead;
  for (const auto& p : probes)
    if (!p.cold) overhead.push_back(p.client_ms - p.duration_ms);
  if (!overhead.empty()) {
    out.warm_overhead_ms = summarize(overhead);
    for (const auto& p : probes)
      if (!p.cold)
        out.residuals.push_back(Residual{"warm_overhead", p.memory_mb, 0, p.client_ms - p.duration_ms,
                                         out.warm_overhead_ms->mean});
  } else {
    out.notes.push_back("warm overhead not fitted: no warm probes");
  }

  // Cold start: Init Duration, and client latency of a cold invocation beyond Duration + Init that a warm
  // invocation does not also have (sandbox creation, code download: not in Init Duration).
  std::vector<double> init, cold_extra;
  for (const auto& p : probes)
    if (p.cold && p.init_ms) {
      init.push_back(*p.init_ms);
      cold_extra.push_back(p.client_ms - p.duration_ms - *p.init_ms);
    }
  if (!init.empty()) {
    out.init_ms = summarize(init);
    if (out.warm_overhead_ms) {
      const SampleSummary c = summarize(cold_extra);
      const double value = c.mean - out.warm_overhead_ms->mean;
      std::optional<double> se;
      int dof = 0;
      if (c.std_error && out.warm_overhead_ms->std_error) {
        const double v1 = *c.std_error * *c.std_error,
                     v2 = *out.warm_overhead_ms->std_error * *out.warm_overhead_ms->std_error;
        se = std::sqrt(v1 + v2);
        // Welch-Satterthwaite degrees of freedom for a difference of two means.
        const double denominator = v1 * v1 / (c.n - 1) + v2 * v2 / (out.warm_overhead_ms->n - 1);
        dof = denominator > 0 ? static_cast<int>(std::floor((v1 + v2) * (v1 + v2) / denominator)) : c.n - 1;
        dof = std::max(dof, 1);
      }
      out.cold_extra_ms = with_interval(value, se, dof);
      for (const auto& p : probes)
        if (p.cold && p.init_ms)
          out.residuals.push_back(
              Residual{"cold_extra", p.memory_mb, 0, p.client_ms - p.duration_ms - *p.init_ms, c.mean});
    }
  } else {
    out.notes.push_back("cold start not fitted: no cold probes with init_ms");
  }

  // Compute: duration_ms = a + w * n / share(m), share = min(m / 1769, threads).
  std::vector<const ProbeRecord*> compute;
  for (const auto& p : probes)
    if (!p.cold && p.kind == ProbeKind::compute) compute.push_back(&p);
  std::vector<double> effective;
  for (const auto* p : compute)
    effective.push_back(static_cast<double>(p->n_samples) /
                        cpu_share(p->memory_mb, p->threads, options.mb_per_vcpu));
  std::vector<double> distinct = effective;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  if (compute.size() >= 3 && distinct.size() >= 2) {
    std::vector<std::vector<double>> x;
    std::vector<double> y;
    for (std::size_t i = 0; i < compute.size(); ++i) {
      x.push_back({1.0, effective[i]});
      y.push_back(compute[i]->duration_ms);
    }
    const LinearFit f = least_squares(x, y);
    ComputeFit c;
    c.n = f.n;
    c.fixed_ms = f.coefficients[0];
    c.per_sample_ms = f.coefficients[1];
    c.residual_sd_ms = f.residual_sd;
    if (options.local_s_per_sample && *options.local_s_per_sample > 0) {
      // Like with like: the local figure times the learner alone, and so does the probe's handler_ms
      // (Duration also holds drawing the synthetic batch and the runtime's own work), so the speed
      // factor is the slope of handler_ms, not of Duration.
      std::vector<double> handler;
      for (const auto* p : compute) handler.push_back(p->handler_ms);
      const LinearFit h = least_squares(x, handler);
      c.local_s_per_sample = options.local_s_per_sample;
      const double local_ms = *options.local_s_per_sample * 1000.0;
      std::optional<double> se;
      if (h.coefficients[1].std_error) se = *h.coefficients[1].std_error / local_ms;
      if (h.coefficients[1].value > 0)
        c.speed_factor = with_interval(h.coefficients[1].value / local_ms, se, h.dof);
    }
    for (std::size_t i = 0; i < compute.size(); ++i)
      out.residuals.push_back(Residual{"compute", compute[i]->memory_mb, effective[i], y[i],
                                       c.fixed_ms.value + c.per_sample_ms.value * effective[i]});
    out.compute = c;
  } else {
    out.notes.push_back(
        "compute not fitted: needs at least 3 warm compute probes with at least 2 different "
        "n_samples / cpu share (has " +
        std::to_string(compute.size()) + ")");
  }

  std::vector<const ProbeRecord*> get, put, both;
  for (const auto& p : probes) {
    if (p.cold) continue;
    if (p.kind == ProbeKind::storage_get) get.push_back(&p);
    if (p.kind == ProbeKind::storage_put) put.push_back(&p);
  }
  both = get;
  both.insert(both.end(), put.begin(), put.end());
  out.storage_get = fit_storage(get, "storage_get", out);
  out.storage_put = fit_storage(put, "storage_put", out);
  if (!get.empty() && !put.empty()) {
    // The pooled fit is what the scenario's single storage.latency_s / bandwidth_mb_s pair receives; its
    // residuals are not repeated.
    CalibrationFit scratch;
    out.storage_both = fit_storage(both, "storage_both", scratch);
  }

  if (!out.warm_overhead_ms && !out.init_ms && !out.compute && !out.storage_get && !out.storage_put) {
    std::string why;
    for (const auto& n : out.notes) why += "; " + n;
    throw InputError(
        {Diagnostic{SourcePlace{path, 0, 0}, "", "no constant can be fitted from these probes" + why}});
  }
  return out;
}

}  // namespace breakeven::calibrate
