#include "calibrate/calibration_file.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "model/diagnostics.h"
#include "model/text.h"

namespace breakeven::calibrate {

namespace {

// A number as the file holds it: 10 significant digits, or null when not finite.
void number(YAML::Emitter& y, double x) {
  if (std::isfinite(x))
    y << YAML::Value << short_number(x, 10);
  else
    y << YAML::Value << YAML::Null;
}

void number(YAML::Emitter& y, const char* key, double x) {
  y << YAML::Key << key;
  number(y, x);
}

void number(YAML::Emitter& y, const char* key, const std::optional<double>& x) {
  y << YAML::Key << key;
  if (x)
    number(y, *x);
  else
    y << YAML::Value << YAML::Null;
}

void estimate(YAML::Emitter& y, const char* key, const Estimate& e) {
  y << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginMap;
  number(y, "value", e.value);
  number(y, "std_error", e.std_error);
  if (e.ci95_low && e.ci95_high) {
    y << YAML::Key << "ci95" << YAML::Value << YAML::Flow << YAML::BeginSeq;
    number(y, *e.ci95_low);
    number(y, *e.ci95_high);
    y << YAML::EndSeq;
  }
  y << YAML::EndMap;
}

void summary(YAML::Emitter& y, const char* key, const SampleSummary& s) {
  y << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginMap;
  y << YAML::Key << "n" << YAML::Value << s.n;
  number(y, "median", s.median);
  number(y, "p90", s.p90);
  number(y, "mean", s.mean);
  number(y, "sd", s.sd);
  number(y, "std_error", s.std_error);
  y << YAML::EndMap;
}

std::string plus_minus(const std::optional<double>& se, double scale = 1) {
  return se ? " ± " + short_number(*se * scale, 3) : "";
}

void storage(YAML::Emitter& y, const char* key, const StorageFit& s) {
  y << YAML::Key << key << YAML::Value << YAML::BeginMap;
  y << YAML::Key << "n" << YAML::Value << s.n;
  estimate(y, "latency_ms", s.latency_ms);
  estimate(y, "bandwidth_mb_s", s.bandwidth_mb_s);
  number(y, "residual_sd_ms", s.residual_sd_ms);
  y << YAML::EndMap;
}

// One default leaf {value, unit, source, as_of, note}.
struct Leaf {
  std::string key;
  double value;
  std::string unit, source, date, note;
};

void leaves(YAML::Emitter& y, const char* key, const std::vector<Leaf>& list) {
  if (list.empty()) return;
  y << YAML::Key << key << YAML::Value << YAML::BeginMap;
  for (const Leaf& l : list) {
    y << YAML::Key << l.key << YAML::Value << YAML::BeginMap;
    number(y, "value", l.value);
    y << YAML::Key << "unit" << YAML::Value << l.unit;
    y << YAML::Key << "source" << YAML::Value << YAML::DoubleQuoted << l.source;
    y << YAML::Key << "as_of" << YAML::Value << YAML::DoubleQuoted << l.date;
    y << YAML::Key << "note" << YAML::Value << YAML::DoubleQuoted << l.note;
    y << YAML::EndMap;
  }
  y << YAML::EndMap;
}

void quoted(YAML::Emitter& y, const char* key, const std::string& value) {
  y << YAML::Key << key << YAML::Value << YAML::DoubleQuoted << value;
}

void header(YAML::Emitter& y, const CalibrationMeta& meta) {
  y << YAML::Key << "schema_version" << YAML::Value << 1 << YAML::Key << "kind" << YAML::Value << "platform";
  quoted(y, "name", meta.name);
  quoted(y, "version", meta.date);
  quoted(y, "base", meta.base_platform);
  y << YAML::Key << "sources" << YAML::Value << YAML::BeginMap << YAML::Key << "CAL" << YAML::Value
    << YAML::Flow << YAML::BeginMap;
  quoted(y, "title", "breakeven calibrate fit of " + meta.probe_file);
  quoted(y, "url", "probe file sha256 " + meta.probe_sha256);
  quoted(y, "as_of", meta.date);
  y << YAML::EndMap << YAML::EndMap;
}

void compute(YAML::Emitter& y, const ComputeFit& c, const CalibrationMeta& meta) {
  y << YAML::Key << "compute" << YAML::Value << YAML::BeginMap;
  quoted(y, "model",
         "duration_ms = fixed_ms + per_sample_ms * n_samples / min(memory_mb / mb_per_vcpu, threads)");
  y << YAML::Key << "n" << YAML::Value << c.n;
  estimate(y, "fixed_ms", c.fixed_ms);
  estimate(y, "per_sample_ms", c.per_sample_ms);
  number(y, "residual_sd_ms", c.residual_sd_ms);
  if (c.local_s_per_sample) {
    y << YAML::Key << "local_s_per_sample" << YAML::Value << YAML::Flow << YAML::BeginMap;
    number(y, "value", *c.local_s_per_sample);
    quoted(y, "source", meta.local_source);
    y << YAML::EndMap;
  }
  if (c.speed_factor) estimate(y, "speed_factor", *c.speed_factor);
  y << YAML::EndMap;
}

void calibration(YAML::Emitter& y, const CalibrationFit& fit, const CalibrationMeta& meta) {
  y << YAML::Key << "calibration" << YAML::Value << YAML::BeginMap;
  quoted(y, "probe_file", meta.probe_file);
  quoted(y, "probe_file_sha256", meta.probe_sha256);
  quoted(y, "date", meta.date);
  quoted(y, "region", meta.region);
  quoted(y, "arch", meta.arch);
  y << YAML::Key << "probes" << YAML::Value << fit.probes;
  number(y, "mb_per_vcpu", meta.mb_per_vcpu);
  if (fit.init_ms) summary(y, "init_ms", *fit.init_ms);
  if (fit.cold_extra_ms) estimate(y, "cold_extra_client_ms", *fit.cold_extra_ms);
  if (fit.warm_overhead_ms) summary(y, "warm_overhead_ms", *fit.warm_overhead_ms);
  if (fit.compute) compute(y, *fit.compute, meta);
  if (fit.storage_get) storage(y, "storage_get", *fit.storage_get);
  if (fit.storage_put) storage(y, "storage_put", *fit.storage_put);
  if (fit.storage_both) storage(y, "storage_both", *fit.storage_both);
  if (!fit.cores_seen_by_memory_mb.empty()) {
    y << YAML::Key << "cores_seen_by_memory_mb" << YAML::Value << YAML::Flow << YAML::BeginMap;
    for (const auto& [m, cores] : fit.cores_seen_by_memory_mb) y << YAML::Key << m << YAML::Value << cores;
    y << YAML::EndMap;
  }
  if (!fit.notes.empty()) {
    y << YAML::Key << "notes" << YAML::Value << YAML::BeginSeq;
    for (const auto& n : fit.notes) y << YAML::DoubleQuoted << n;
    y << YAML::EndSeq;
  }
  y << YAML::Key << "residuals" << YAML::Value << YAML::BeginSeq;
  for (const auto& r : fit.residuals) {
    y << YAML::Flow << YAML::BeginMap << YAML::Key << "fit" << YAML::Value << r.fit << YAML::Key
      << "memory_mb" << YAML::Value << r.memory_mb;
    number(y, "x", r.x);
    number(y, "observed_ms", r.observed_ms);
    number(y, "fitted_ms", r.fitted_ms);
    y << YAML::EndMap;
  }
  y << YAML::EndSeq << YAML::EndMap;
}

}  // namespace

std::string calibration_yaml(const CalibrationFit& fit, const CalibrationMeta& meta) {
  // The defaults scenarios receive. Only what was fitted; the base file supplies the rest.
  const std::string cal = "CAL (" + meta.probe_file + ", sha256 " + meta.probe_sha256.substr(0, 12) + ")";
  std::vector<Leaf> faas, store;
  if (fit.init_ms)
    faas.push_back({"cold_start_s", fit.init_ms->median / 1000.0, "s", cal, meta.date,
                    "median REPORT Init Duration of " + std::to_string(fit.init_ms->n) +
                        " cold probes; p90 " + short_number(fit.init_ms->p90 / 1000.0, 4) + " s; " +
                        meta.arch + " " + meta.region});
  if (fit.cold_extra_ms)
    faas.push_back({"cold_start_extra_s", std::max(0.0, fit.cold_extra_ms->value / 1000.0), "s", cal,
                    meta.date,
                    "mean cold client latency beyond Duration + Init, less the warm overhead: " +
                        short_number(fit.cold_extra_ms->value / 1000.0, 4) +
                        plus_minus(fit.cold_extra_ms->std_error, 1e-3) + " s" +
                        (fit.cold_extra_ms->value < 0 ? " (negative estimate written as 0)" : "")});
  if (fit.warm_overhead_ms)
    faas.push_back({"warm_overhead_s", std::max(0.0, fit.warm_overhead_ms->mean / 1000.0), "s", cal,
                    meta.date,
                    "mean client round trip - Duration of " + std::to_string(fit.warm_overhead_ms->n) +
                        " warm probes: " + short_number(fit.warm_overhead_ms->mean / 1000.0, 4) +
                        plus_minus(fit.warm_overhead_ms->std_error, 1e-3) + " s (standard error); median " +
                        short_number(fit.warm_overhead_ms->median / 1000.0, 4) + " s" +
                        (fit.warm_overhead_ms->mean < 0 ? " (negative estimate written as 0)" : "")});
  if (fit.compute && fit.compute->speed_factor)
    faas.push_back({"speed_factor", fit.compute->speed_factor->value, "ratio", cal, meta.date,
                    "Lambda time per sample at one full vCPU / local time per sample (" + meta.local_source +
                        ")" + plus_minus(fit.compute->speed_factor->std_error)});
  if (fit.storage_both) {
    const StorageFit& s = *fit.storage_both;
    store.push_back({"bandwidth_mb_s", s.bandwidth_mb_s.value, "MB/s (MB = 10^6 bytes)", cal, meta.date,
                     "GET and PUT pooled" + plus_minus(s.bandwidth_mb_s.std_error) +
                         " MB/s; per direction in calibration"});
    store.push_back({"latency_s", std::max(0.0, s.latency_ms.value / 1000.0), "s", cal, meta.date,
                     "GET and PUT pooled" + plus_minus(s.latency_ms.std_error, 1e-3) +
                         " s; per direction in calibration"});
  }
  YAML::Emitter y;
  y << YAML::BeginMap;
  header(y, meta);
  calibration(y, fit, meta);
  y << YAML::Key << "defaults" << YAML::Value;
  if (faas.empty() && store.empty()) {
    y << YAML::Flow << YAML::BeginMap << YAML::EndMap;
  } else {
    y << YAML::BeginMap;
    leaves(y, "faas", faas);
    leaves(y, "storage", store);
    y << YAML::EndMap;
  }
  y << YAML::EndMap;
  if (!y.good()) throw std::logic_error("calibration YAML: " + y.GetLastError());
  return "# Calibrated AWS Lambda constants, fitted by `breakeven calibrate fit` from a live probe run.\n"
         "# Include it from a scenario like any platform file: include: {platform: <this file>}. Values "
         "that\n"
         "# were not measured come from the `base` platform file. docs/calibration.md explains every "
         "field.\n" +
         std::string(y.c_str()) + "\n";
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
