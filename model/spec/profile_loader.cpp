#include "model/spec/profile_loader.h"

#include <cmath>
#include <filesystem>

#include "model/sha256.h"
#include "model/spec/catalog_loader.h"
#include "model/spec/data_paths.h"

namespace breakeven::detail {

namespace {

namespace fs = std::filesystem;

struct DeltaPoint {
  double batch_size = 0, bytes = 0, encode_s = 0, decode_s = 0;
};

}  // namespace

const std::vector<std::string>& profile_filled_keys() {
  static const std::vector<std::string> keys = {"learner.model_bytes",   "learner.train_s_per_sample",
                                                "learner.train_s_fixed", "learner.infer_s_per_sample",
                                                "learner.serialize_s",   "learner.deserialize_s"};
  return keys;
}

void apply_learner_profile(LoadedScenario& s, std::vector<Diagnostic>& problems) {
  ScenarioSpec& spec = s.spec;
  const auto origin_it = s.origins.find("learner.profile");
  const SourcePlace origin = origin_it != s.origins.end() ? origin_it->second : SourcePlace{s.path, 0, 0};
  for (const auto& key : profile_filled_keys()) {
    if (!s.seen_keys.count(key)) continue;
    const auto it = s.origins.find(key);
    problems.push_back(Diagnostic{
        it != s.origins.end() ? it->second : origin, key,
        "set either learner.profile or " + key + ", not both (the profile supplies it; remove one)"});
  }
  // Found as includes are (data_paths.h): relative to the file that named it, or in the data
  // directories; a --set value is relative to the working directory.
  const DataLookup found =
      find_included_file(spec.learner.profile, origin.file != "--set" ? origin.file : "");
  const std::string file = found.path;
  std::vector<Diagnostic> read_problems;
  const YamlFile f = read_yaml_file(file, read_problems);
  if (!f.ok) {
    for (auto& d : read_problems) {
      d.key = "learner.profile";
      d.message = "(named at " + origin.file + ":" + std::to_string(origin.line) + ") " + d.message;
      if (!found.found) d.message += "; " + describe_tried(found);
      problems.push_back(d);
    }
    return;
  }
  auto fail = [&](const std::string& what) {
    problems.push_back(
        Diagnostic{origin, "learner.profile",
                   file + ": " + what + "; expected the JSON written by `breakeven profile --out`"});
  };
  try {
    const YAML::Node& root = f.root;
    if (!root.IsMap() || !root["kind"] || root["kind"].as<std::string>() != "breakeven-learner-profile")
      return fail("not a learner profile (kind is not breakeven-learner-profile)");
    if (!root["schema_version"] || root["schema_version"].as<int>() != 1)
      return fail("schema_version is not 1");
    const YAML::Node fit = root["fit"];
    auto number = [&](const YAML::Node& node, const char* name, double& out) {
      if (!node || !node[name]) {
        fail(std::string("missing ") + name);
        return false;
      }
      out = node[name].as<double>();
      if (!std::isfinite(out) || out < 0) {
        fail(std::string(name) + " must be a finite number >= 0");
        return false;
      }
      return true;
    };
    LearnerSpec& l = spec.learner;
    bool ok = number(fit, "train_s_per_sample", l.train_s_per_sample) &&
              number(fit, "train_s_fixed", l.train_s_fixed) &&
              number(fit, "infer_s_per_sample", l.infer_s_per_sample) &&
              number(root, "model_bytes", l.model_bytes) && number(root, "serialize_s", l.serialize_s) &&
              number(root, "deserialize_s", l.deserialize_s);
    if (!ok) return;
    // The delta measured at the batch size closest (in ratio) to the scenario's.
    std::vector<DeltaPoint> deltas;
    if (root["deltas"] && root["deltas"].IsSequence())
      for (const auto& d : root["deltas"]) {
        DeltaPoint p;
        if (!number(d, "batch_size", p.batch_size) || !number(d, "delta_bytes", p.bytes) ||
            !number(d, "delta_encode_s", p.encode_s) || !number(d, "delta_decode_s", p.decode_s))
          return;
        deltas.push_back(p);
      }
    if (spec.faas.delta_encoding && !deltas.empty()) {
      const double want = std::max<double>(1, static_cast<double>(spec.workload.batch_size));
      const DeltaPoint* best = &deltas.front();
      for (const auto& p : deltas)
        if (std::fabs(std::log(p.batch_size / want)) < std::fabs(std::log(best->batch_size / want)))
          best = &p;
      if (!s.seen_keys.count("faas.delta_bytes")) spec.faas.delta_bytes = best->bytes;
      if (!s.seen_keys.count("faas.delta_encode_s")) spec.faas.delta_encode_s = best->encode_s;
      if (!s.seen_keys.count("faas.delta_decode_s")) spec.faas.delta_decode_s = best->decode_s;
    }
  } catch (const YAML::Exception& e) {
    return fail("unexpected structure: " + e.msg);
  }
  for (const auto& d : s.data_files)
    if (d.role == "profile") return;
  const std::string learner = f.root["learner"] ? f.root["learner"].as<std::string>("") : "";
  s.data_files.push_back(DataFileInfo{"profile", file, learner, "", sha256_hex(f.bytes)});
}

}  // namespace breakeven::detail
