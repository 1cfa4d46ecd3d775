#include "calibrate/calibration_file.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <sstream>

#include "model/diagnostics.h"
#include "model/text.h"

namespace breakeven::calibrate {

namespace {

std::string num(double x) {
  return std::isfinite(x) ? short_number(x, 10) : std::string("null");
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string estimate(const Estimate& e) {
  std::string out = "{value: " + num(e.value) + ", std_error: " + (e.std_error ? num(*e.std_error) : "null");
  if (e.ci95_low && e.ci95_high) out += ", ci95: [" + num(*e.ci95_low) + ", " + num(*e.ci95_high) + "]";
  return out + "}";
}

std::string summary(const SampleSummary& s) {
  return "{n: " + std::to_string(s.n) + ", median: " + num(s.median) + ", p90: " + num(s.p90) +
         ", mean: " + num(s.mean) + ", sd: " + (s.sd ? num(*s.sd) : "null") +
         ", std_error: " + (s.std_error ? num(*s.std_error) : "null") + "}";
}

std::string plus_minus(const std::optional<double>& se, double scale = 1) {
  return se ? " ± " + short_number(*se * scale, 3) : "";
}

std::string storage(const StorageFit& s) {
  return "\n    n: " + std::to_string(s.n) + "\n    latency_ms: " + estimate(s.latency_ms) +
         "\n    bandwidth_mb_s: " + estimate(s.bandwidth_mb_s) +
         "\n    residual_sd_ms: " + num(s.residual_sd_ms) + "\n";
}

// One default leaf {value, unit, source, as_of, note}.
std::string leaf(const std::string& key, double value, const std::string& unit, const std::string& source,
                 const std::string& date, const std::string& note) {
  return "    " + key + ":\n      value: " + num(value) + "\n      unit: " + unit +
         "\n      source: " + quoted(source) + "\n      as_of: " + quoted(date) +
         "\n      note: " + quoted(note) + "\n";
}

}  // namespace

std::string calibration_yaml(const CalibrationFit& fit, const CalibrationMeta& meta) {
  std::ostringstream y;
  y << "# Calibrated AWS Lambda constants, fitted by `breakeven calibrate fit` from a live probe run.\n"
       "# Include it from a scenario like any platform file: include: {platform: <this file>}. Values that\n"
       "# were not measured come from the `base` platform file. docs/calibration.md explains every field.\n"
    << "schema_version: 1\nkind: platform\nname: " << quoted(meta.name) << "\nversion: " << quoted(meta.date)
    << "\nbase: " << quoted(meta.base_platform)
    << "\n\nsources:\n  CAL: {title: " << quoted("breakeven calibrate fit of " + meta.probe_file)
    << ", url: " << quoted("probe file sha256 " + meta.probe_sha256) << ", as_of: " << quoted(meta.date)
    << "}\n\n";

  y << "calibration:\n  probe_file: " << quoted(meta.probe_file)
    << "\n  probe_file_sha256: " << quoted(meta.probe_sha256) << "\n  date: " << quoted(meta.date)
    << "\n  region: " << quoted(meta.region) << "\n  arch: " << quoted(meta.arch)
    << "\n  probes: " << fit.probes << "\n  mb_per_vcpu: " << num(meta.mb_per_vcpu) << "\n";
  if (fit.init_ms) y << "  init_ms: " << summary(*fit.init_ms) << "\n";
  if (fit.cold_extra_ms) y << "  cold_extra_client_ms: " << estimate(*fit.cold_extra_ms) << "\n";
  if (fit.warm_overhead_ms) y << "  warm_overhead_ms: " << summary(*fit.warm_overhead_ms) << "\n";
  if (fit.compute) {
    const ComputeFit& c = *fit.compute;
    y << "  compute:\n    model: \"duration_ms = fixed_ms + per_sample_ms * n_samples / min(memory_mb / "
         "mb_per_vcpu, "
         "threads)\"\n    n: "
      << c.n << "\n    fixed_ms: " << estimate(c.fixed_ms)
      << "\n    per_sample_ms: " << estimate(c.per_sample_ms)
      << "\n    residual_sd_ms: " << num(c.residual_sd_ms) << "\n";
    if (c.local_s_per_sample)
      y << "    local_s_per_sample: {value: " << num(*c.local_s_per_sample)
        << ", source: " << quoted(meta.local_source) << "}\n";
    if (c.speed_factor) y << "    speed_factor: " << estimate(*c.speed_factor) << "\n";
  }
  if (fit.storage_get) y << "  storage_get:" << storage(*fit.storage_get);
  if (fit.storage_put) y << "  storage_put:" << storage(*fit.storage_put);
  if (fit.storage_both) y << "  storage_both:" << storage(*fit.storage_both);
  if (!fit.cores_seen_by_memory_mb.empty()) {
    y << "  cores_seen_by_memory_mb: {";
    bool first = true;
    for (const auto& [m, cores] : fit.cores_seen_by_memory_mb) {
      y << (first ? "" : ", ") << m << ": " << cores;
      first = false;
    }
    y << "}\n";
  }
  if (!fit.notes.empty()) {
    y << "  notes:\n";
    for (const auto& n : fit.notes) y << "    - " << quoted(n) << "\n";
  }
  y << "  residuals:\n";
  for (const auto& r : fit.residuals)
    y << "    - {fit: " << r.fit << ", memory_mb: " << r.memory_mb << ", x: " << num(r.x)
      << ", observed_ms: " << num(r.observed_ms) << ", fitted_ms: " << num(r.fitted_ms) << "}\n";

  // The defaults scenarios receive. Only what was fitted; the base file supplies the rest.
  const std::string cal = "CAL (" + meta.probe_file + ", sha256 " + meta.probe_sha256.substr(0, 12) + ")";
  std::string faas, store;
  if (fit.init_ms)
    faas += leaf("cold_start_s", fit.init_ms->median / 1000.0, "s", cal, meta.date,
                 "median REPORT Init Duration of " + std::to_string(fit.init_ms->n) + " cold probes; p90 " +
                     short_number(fit.init_ms->p90 / 1000.0, 4) + " s; " + meta.arch + " " + meta.region);
  if (fit.cold_extra_ms) {
    const double v = std::max(0.0, fit.cold_extra_ms->value / 1000.0);
    faas += leaf("cold_start_extra_s", v, "s", cal, meta.date,
                 "mean cold client latency beyond Duration + Init, less the warm overhead: " +
                     short_number(fit.cold_extra_ms->value / 1000.0, 4) +
                     plus_minus(fit.cold_extra_ms->std_error, 1e-3) + " s" +
                     (fit.cold_extra_ms->value < 0 ? " (negative estimate written as 0)" : ""));
  }
  if (fit.warm_overhead_ms)
    faas += leaf("warm_overhead_s", std::max(0.0, fit.warm_overhead_ms->mean / 1000.0), "s", cal, meta.date,
                 "mean client round trip - Duration of " + std::to_string(fit.warm_overhead_ms->n) +
                     " warm probes: " + short_number(fit.warm_overhead_ms->mean / 1000.0, 4) +
                     plus_minus(fit.warm_overhead_ms->std_error, 1e-3) + " s (standard error); median " +
                     short_number(fit.warm_overhead_ms->median / 1000.0, 4) + " s" +
                     (fit.warm_overhead_ms->mean < 0 ? " (negative estimate written as 0)" : ""));
  if (fit.compute && fit.compute->speed_factor)
    faas += leaf("speed_factor", fit.compute->speed_factor->value, "ratio", cal, meta.date,
                 "Lambda time per sample at one full vCPU / local time per sample (" + meta.local_source +
                     ")" + plus_minus(fit.compute->speed_factor->std_error));
  if (fit.storage_both) {
    const StorageFit& s = *fit.storage_both;
    store += leaf("bandwidth_mb_s", s.bandwidth_mb_s.value, "MB/s (MB = 10^6 bytes)", cal, meta.date,
                  "GET and PUT pooled" + plus_minus(s.bandwidth_mb_s.std_error) +
                      " MB/s; per direction in calibration");
    store += leaf(
        "latency_s", std::max(0.0, s.latency_ms.value / 1000.0), "s", cal, meta.date,
        "GET and PUT pooled" + plus_minus(s.latency_ms.std_error, 1e-3) + " s; per direction in calibration");
  }
  y << "\ndefaults:\n";
  if (!faas.empty()) y << "  faas:\n" << faas;
  if (!store.empty()) y << "  storage:\n" << store;
  if (faas.empty() && store.empty()) y << "  {}\n";
  return y.str();
}

CalibrationView read_calibration_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(
        {Diagnostic{SourcePlace{path, 0, 0}, "", "cannot open the calibration file (does it exist?)"}});
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    throw InputError({Diagnostic{SourcePlace{path, e.mark.line + 1, e.mark.column + 1}, "",
                                 "YAML syntax error: " + e.msg}});
  }
  const YAML::Node cal = root.IsMap() ? root["calibration"] : YAML::Node();
  if (!cal || !cal.IsMap())
    throw InputError({Diagnostic{SourcePlace{path, 1, 1}, "calibration",
                                 "missing; is this the output of `breakeven calibrate fit`?"}});
  CalibrationView view;
  try {
    // Every estimate and summary as one line; residuals are drawn, not listed.
    std::function<void(const YAML::Node&, const std::string&)> walk = [&](const YAML::Node& node,
                                                                          const std::string& name) {
      if (node.IsScalar()) {
        view.lines.push_back(name + ": " + node.Scalar());
        return;
      }
      if (node.IsMap() && node["value"] && node["std_error"]) {
        std::string line = name + ": " + node["value"].Scalar();
        if (!node["std_error"].IsNull()) line += " ± " + node["std_error"].Scalar() + " (standard error)";
        if (node["ci95"])
          line += ", 95% CI [" + node["ci95"][0].Scalar() + ", " + node["ci95"][1].Scalar() + "]";
        view.lines.push_back(line);
        return;
      }
      if (node.IsMap() && node["median"]) {
        view.lines.push_back(
            name + ": n " + node["n"].Scalar() + ", median " + node["median"].Scalar() + ", p90 " +
            node["p90"].Scalar() + ", mean " + node["mean"].Scalar() +
            (node["std_error"].IsNull() ? std::string() : " ± " + node["std_error"].Scalar()));
        return;
      }
      if (node.IsMap()) {
        for (const auto& item : node) walk(item.second, name + "." + item.first.Scalar());
        return;
      }
      if (node.IsSequence()) {
        for (const auto& item : node)
          if (item.IsScalar()) view.lines.push_back(name + ": " + item.Scalar());
      }
    };
    for (const auto& item : cal) {
      const std::string key = item.first.Scalar();
      if (key == "residuals") continue;
      walk(item.second, key);
    }
    for (const auto& r : cal["residuals"]) {
      Residual x;
      x.fit = r["fit"].as<std::string>();
      x.memory_mb = r["memory_mb"].as<int>();
      x.x = r["x"].as<double>();
      x.observed_ms = r["observed_ms"].as<double>();
      x.fitted_ms = r["fitted_ms"].as<double>();
      view.residuals.push_back(x);
    }
  } catch (const YAML::Exception& e) {
    throw InputError({Diagnostic{SourcePlace{path, e.mark.line + 1, e.mark.column + 1}, "calibration",
                                 "unexpected structure: " + e.msg}});
  }
  return view;
}

}  // namespace breakeven::calibrate
