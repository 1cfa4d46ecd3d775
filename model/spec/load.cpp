#include "model/spec/load.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "model/des/keep_alive.h"
#include "model/pricing.h"
#include "model/problem_cap.h"
#include "model/sha256.h"
#include "model/spec/catalog_loader.h"
#include "model/spec/data_paths.h"
#include "model/spec/did_you_mean.h"
#include "model/spec/keys.h"
#include "model/spec/profile_loader.h"
#include "model/spec/value_parse.h"

namespace breakeven {

const char* to_string(Arch a) {
  return a == Arch::arm64 ? "arm64" : "x86_64";
}
const char* to_string(SavePolicy p) {
  return p == SavePolicy::never ? "never" : p == SavePolicy::every_k ? "every_k" : "always";
}
const char* to_string(Package p) {
  return p == Package::image ? "image" : "zip";
}
const char* to_string(Runtime r) {
  return r == Runtime::custom ? "custom" : "managed";
}

namespace {

namespace fs = std::filesystem;
using detail::place_of;

const std::vector<std::string> kSections = {"workload", "learner", "storage", "faas", "iaas", "pricing"};
const std::vector<std::string> kTopLevel = {"schema_version", "name",    "description", "include", "workload",
                                            "learner",        "storage", "faas",        "iaas",    "pricing"};

std::vector<std::string> all_key_paths() {
  std::vector<std::string> out;
  for (const auto& k : scenario_keys()) out.emplace_back(k.path);
  return out;
}

// "did you mean" for an unknown key `leaf` in `section`: a close key of the same section, or the same
// leaf name in another section.
std::string suggest_key(const std::string& section, const std::string& leaf) {
  std::vector<std::string> same_section;
  for (const auto& k : scenario_keys()) {
    const std::string path(k.path);
    const auto dot = path.find('.');
    if (path.substr(0, dot) == section) same_section.push_back(path.substr(dot + 1));
  }
  const std::string close = closest_match(leaf, same_section);
  if (!close.empty()) return " (did you mean '" + close + "'?)";
  for (const auto& k : scenario_keys()) {
    const std::string path(k.path);
    if (path.substr(path.find('.') + 1) == leaf) return " (did you mean '" + path + "'?)";
  }
  return "";
}

class Loader {
 public:
  explicit Loader(LoadedScenario& out) : out_(out) {}

  std::vector<Diagnostic> problems;

  // Applies one value to the spec through the key table, remembering where it came from.
  void apply(const KeyDef& key, const YAML::Node& node, const SourcePlace& place) {
    out_.seen_keys.insert(std::string(key.path));
    if (auto v = detail::parse_key_value(key, node, place, problems)) {
      key.apply(out_.spec, *v);
      out_.origins[std::string(key.path)] = place;
    }
  }

  void apply_section(const std::string& section, const YAML::Node& map, const std::string& file) {
    if (!map.IsMap()) {
      problems.push_back(Diagnostic{place_of(map, file), section, "expected a mapping of keys"});
      return;
    }
    std::map<std::string, SourcePlace> first_seen;
    for (const auto& item : map) {
      const std::string leaf = item.first.Scalar();
      const std::string path = section + "." + leaf;
      if (is_duplicate(leaf, place_of(item.first, file), path, first_seen)) continue;
      const KeyDef* key = find_key(path);
      if (!key) {
        // Past the reported problems a suggestion would not be shown: not worked out (200,000 of them
        // took seconds).
        const bool shown = problems.size() < kMaxReportedProblems;
        problems.push_back(
            Diagnostic{place_of(item.first, file), path,
                       "unknown key '" + leaf + "'" + (shown ? suggest_key(section, leaf) : "")});
        continue;
      }
      apply(*key, item.second, value_place(item, file));
    }
  }

  // YAML keeps both entries of a repeated key and the last would silently win; a repeated key is a mistake
  // (usually an edit that forgot the first one), so it is reported where it repeats.
  bool is_duplicate(const std::string& name, const SourcePlace& place, const std::string& path,
                    std::map<std::string, SourcePlace>& first_seen) {
    const auto [it, inserted] = first_seen.emplace(name, place);
    if (inserted) return false;
    problems.push_back(Diagnostic{place, path,
                                  "duplicate key '" + name + "': it is already set at line " +
                                      std::to_string(it->second.line) + "; keep one of the two"});
    return true;
  }

  // An empty value's own mark points at the next line; the key's position is where the user looks.
  static SourcePlace value_place(const std::pair<YAML::Node, YAML::Node>& item, const std::string& file) {
    return item.second.IsNull() ? place_of(item.first, file) : place_of(item.second, file);
  }

  void apply_scenario_file(const detail::YamlFile& f) {
    std::map<std::string, SourcePlace> first_seen;
    for (const auto& item : f.root) {
      const std::string top = item.first.Scalar();
      if (is_duplicate(top, place_of(item.first, f.path), top, first_seen)) continue;
      if (top == "schema_version" || top == "include") continue;
      if (top == "name" || top == "description") {
        if (!item.second.IsScalar() && !item.second.IsNull()) {
          problems.push_back(Diagnostic{value_place(item, f.path), top, "expected one line of text"});
          continue;
        }
        (top == "name" ? out_.name : out_.description) = item.second.IsScalar() ? item.second.Scalar() : "";
        continue;
      }
      if (std::find(kSections.begin(), kSections.end(), top) != kSections.end()) {
        apply_section(top, item.second, f.path);
        continue;
      }
      const std::string guess = closest_match(top, kTopLevel);
      problems.push_back(
          Diagnostic{place_of(item.first, f.path), top,
                     "unknown section '" + top + "'" +
                         (guess.empty() ? "; expected one of workload, learner, storage, faas, "
                                          "iaas, pricing, include, name, description"
                                        : " (did you mean '" + guess + "'?)")});
    }
  }

  // Platform defaults: defaults.<section>.<key> = leaf {value, source, as_of}; faas.cold_start_s may be a
  // table by package and architecture, resolved once the scenario's package and arch are known.
  void apply_platform_defaults(const detail::PlatformFile& platform, const std::string& file) {
    if (!platform.defaults) return;
    for (const auto& section : platform.defaults) {
      for (const auto& item : section.second) {
        const std::string path = section.first.Scalar() + "." + item.first.Scalar();
        const KeyDef* key = find_key(path);
        if (!key) {
          problems.push_back(Diagnostic{place_of(item.first, file), path,
                                        "unknown key in the platform file's defaults" +
                                            suggest_key(section.first.Scalar(), item.first.Scalar())});
          continue;
        }
        const YAML::Node leaf = item.second;
        if (path == "faas.cold_start_s" && leaf.IsMap() && !leaf["value"]) {
          for (const auto& package : leaf)
            for (const auto& arch : package.second) {
              const std::string name = package.first.Scalar() + "." + arch.first.Scalar();
              std::vector<Diagnostic> local;
              if (auto v = detail::parse_key_value(*key, arch.second["value"], place_of(arch.second, file),
                                                   local)) {
                out_.cold_start_table[name] = v->number;
                out_.cold_start_table_places[name] = place_of(arch.second, file);
              }
              problems.insert(problems.end(), local.begin(), local.end());
            }
          continue;
        }
        if (!leaf.IsMap() || !leaf["value"]) {
          problems.push_back(
              Diagnostic{place_of(leaf, file), path, "expected a leaf {value, source, as_of}"});
          continue;
        }
        apply(*key, leaf["value"], place_of(leaf["value"], file));
      }
    }
  }

  void apply_override(const std::string& text) {
    const SourcePlace place{"--set " + text, 0, 0};
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0) {
      problems.push_back(Diagnostic{place, "", "expected dotted.key=value, e.g. --set faas.memory_mb=1024"});
      return;
    }
    const std::string path = text.substr(0, eq);
    const std::string value = text.substr(eq + 1);
    const KeyDef* key = find_key(path);
    if (!key) {
      const auto dot = path.find('.');
      std::string hint =
          dot == std::string::npos ? "" : suggest_key(path.substr(0, dot), path.substr(dot + 1));
      if (hint.empty()) {
        const std::string guess = closest_match(path, all_key_paths());
        hint = guess.empty() ? "; `breakeven keys` lists them" : " (did you mean '" + guess + "'?)";
      }
      problems.push_back(Diagnostic{place, path, "unknown key" + hint});
      return;
    }
    YAML::Node node;
    try {
      node = YAML::Load(value);
    } catch (const YAML::Exception&) {
      node = YAML::Node(value);
    }
    if (value.empty()) node = YAML::Node(YAML::NodeType::Null);
    apply(*key, node, place);
  }

 private:
  LoadedScenario& out_;
};

SourcePlace origin_or_file(const LoadedScenario& s, const std::string& key) {
  auto it = s.origins.find(key);
  return it != s.origins.end() ? it->second : SourcePlace{s.path, 0, 0};
}

std::string list_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Checks that need several keys or the data files; fills defaults that depend on other keys.
void finish(LoadedScenario& s, std::vector<Diagnostic>& problems) {
  const bool has_profile = !s.spec.learner.profile.empty();
  const auto& profile_keys = detail::profile_filled_keys();
  for (const auto& k : scenario_keys()) {
    const bool from_profile = has_profile && std::find(profile_keys.begin(), profile_keys.end(),
                                                       std::string(k.path)) != profile_keys.end();
    if (k.required && !from_profile && !s.seen_keys.count(std::string(k.path)))
      problems.push_back(
          Diagnostic{SourcePlace{s.path, 0, 0}, std::string(k.path),
                     "missing required key (" + describe_expected(k) + ": " + std::string(k.meaning) + ")"});
  }
  ScenarioSpec& spec = s.spec;
  if (!s.origins.count("faas.cold_start_s")) {
    const std::string name = std::string(to_string(spec.faas.package)) + "." + to_string(spec.faas.arch);
    auto it = s.cold_start_table.find(name);
    if (it != s.cold_start_table.end()) {
      spec.faas.cold_start_s = it->second;
    } else {
      problems.push_back(Diagnostic{
          SourcePlace{s.path, 0, 0}, "faas.cold_start_s",
          "not set, and the platform file has no default for package " + name + "; set faas.cold_start_s"});
    }
  }
  if (spec.faas.billing_date.empty()) spec.faas.billing_date = "latest";
  if (has_profile) detail::apply_learner_profile(s, problems);
  if (spec.faas.delta_encoding && spec.faas.delta_bytes <= 0)
    problems.push_back(
        Diagnostic{origin_or_file(s, "faas.delta_encoding"), "faas.delta_bytes",
                   "must be set above 0 when faas.delta_encoding is true (size of the delta, bytes)"});
  if (!spec.faas.keep_alive_quantiles_s.empty()) {
    std::string error;
    if (des::parse_keep_alive_quantiles(spec.faas.keep_alive_quantiles_s, &error).empty())
      problems.push_back(
          Diagnostic{origin_or_file(s, "faas.keep_alive_quantiles_s"), "faas.keep_alive_quantiles_s", error});
  }
  if (spec.workload.arrival == Arrival::trace && spec.workload.trace_file.empty())
    problems.push_back(Diagnostic{origin_or_file(s, "workload.arrival"), "workload.trace_file",
                                  "workload.arrival is trace: set workload.trace_file to the file to replay "
                                  "(relative to the scenario file)"});
  if (spec.faas.memory_mb < s.limits.memory_mb_min || spec.faas.memory_mb > s.limits.memory_mb_max)
    problems.push_back(Diagnostic{
        origin_or_file(s, "faas.memory_mb"), "faas.memory_mb",
        std::to_string(spec.faas.memory_mb) + " is outside the platform file's limits " +
            std::to_string(s.limits.memory_mb_min) + ".." + std::to_string(s.limits.memory_mb_max)});

  // Names that must exist in the pricing file.
  std::vector<std::string> regions;
  for (const auto& [name, _] : s.pricing.lambda_regions) regions.push_back(name);
  auto check_region = [&](const std::string& key, const std::string& region) {
    if (region.empty() || s.pricing.lambda_regions.count(region)) return true;
    const std::string guess = closest_match(region, regions);
    problems.push_back(Diagnostic{origin_or_file(s, key), key,
                                  "'" + region + "' is not a region of the pricing file" +
                                      (guess.empty() ? "" : " (did you mean '" + guess + "'?)") +
                                      "; known regions: " + list_names(regions)});
    return false;
  };
  bool names_ok = check_region("faas.region", spec.faas.region);
  names_ok &= check_region("iaas.region", spec.iaas.region);
  names_ok &= check_region("pricing.fallback_region", spec.pricing.fallback_region);
  if (!spec.iaas.instance.empty() && !s.pricing.ec2_instances.count(spec.iaas.instance)) {
    std::vector<std::string> types;
    for (const auto& [name, _] : s.pricing.ec2_instances) types.push_back(name);
    const std::string guess = closest_match(spec.iaas.instance, types);
    problems.push_back(Diagnostic{origin_or_file(s, "iaas.instance"), "iaas.instance",
                                  "'" + spec.iaas.instance + "' is not an instance type of the pricing file" +
                                      (guess.empty() ? "" : " (did you mean '" + guess + "'?)") +
                                      "; known types: " + list_names(types)});
    names_ok = false;
  }
  if (!names_ok || spec.faas.region.empty() || spec.iaas.instance.empty()) return;
  std::vector<MissingPrice> missing;
  resolve_prices(spec, s.pricing, missing);
  for (const auto& m : missing) problems.push_back(Diagnostic{origin_or_file(s, m.key), m.key, m.message});
}

DataFileInfo info_of(const std::string& role, const detail::YamlFile& f, const std::string& name,
                     const std::string& version) {
  return DataFileInfo{role, f.path, name, version, sha256_hex(f.bytes)};
}

// Reads a platform file and applies it. A platform file may name a `base:` platform file (relative to
// itself) that it refines, as a calibration output does: the base applies first, then this file.
void load_platform(const std::string& platform_path, LoadedScenario& out, Loader& loader, int depth) {
  const detail::YamlFile pf = detail::read_yaml_file(platform_path, loader.problems);
  const detail::PlatformFile platform = detail::parse_platform(pf, loader.problems);
  if (!platform.base.empty()) {
    const std::string base =
        (fs::path(platform_path).parent_path() / platform.base).lexically_normal().string();
    if (depth >= 4)
      loader.problems.push_back(
          Diagnostic{place_of(pf.root["base"], platform_path), "base",
                     "platform files name each other as base more than 4 deep (a cycle?)"});
    else
      load_platform(base, out, loader, depth + 1);
  }
  if (platform.has_limits || platform.base.empty()) out.limits = platform.limits;
  if (pf.ok)
    out.data_files.push_back(
        info_of(depth == 0 ? "platform" : "platform base", pf, platform.name, platform.version));
  try {
    loader.apply_platform_defaults(platform, platform_path);
  } catch (const YAML::Exception& e) {
    loader.problems.push_back(Diagnostic{place_of(e.mark, platform_path), "defaults",
                                         "unexpected structure in this data file: " + e.msg});
  }
}

}  // namespace

LoadedScenario load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
  LoadedScenario out;
  out.path = path;
  out.name = fs::path(path).stem().string();
  Loader loader(out);
  const detail::YamlFile scenario = detail::read_yaml_file(path, loader.problems);
  if (!scenario.ok) throw InputError(loader.problems);
  detail::check_header(scenario, "", loader.problems);

  // Includes: --data-dir / BREAKEVEN_DATA_DIR, relative to the scenario file, then the fallbacks.
  std::string pricing_path, platform_path;
  bool pricing_named = false, platform_named = false;
  const YAML::Node include = scenario.root["include"];
  if (include) {
    if (!include.IsMap()) {
      loader.problems.push_back(Diagnostic{place_of(include, path), "include",
                                           "expected a mapping {pricing: FILE, platform: FILE}"});
    } else {
      for (const auto& item : include) {
        const std::string key = item.first.Scalar();
        if (key == "pricing" || key == "platform") {
          const DataLookup found = find_included_file(item.second.Scalar(), path);
          if (!found.found)
            loader.problems.push_back(
                Diagnostic{place_of(item.second, path), "include." + key,
                           "cannot find " + item.second.Scalar() + "; " + describe_tried(found)});
          (key == "pricing" ? pricing_path : platform_path) = found.found ? found.path : "";
          (key == "pricing" ? pricing_named : platform_named) = true;
        } else {
          const std::string guess = closest_match(key, {"pricing", "platform"});
          loader.problems.push_back(Diagnostic{
              place_of(item.first, path), "include." + key,
              "unknown include" +
                  (guess.empty() ? "; expected pricing or platform" : " (did you mean '" + guess + "'?)")});
        }
      }
    }
  }
  const char* example =
      "; add `include: {pricing: ../data/pricing/aws.yaml, platform: ../data/platform/aws-default.yaml}`";
  if (!pricing_named)
    loader.problems.push_back(
        Diagnostic{SourcePlace{path, 1, 1}, "include.pricing", std::string("missing") + example});
  if (!platform_named)
    loader.problems.push_back(
        Diagnostic{SourcePlace{path, 1, 1}, "include.platform", std::string("missing") + example});

  out.data_files.push_back(info_of("scenario", scenario, out.name, ""));
  if (!platform_path.empty()) load_platform(platform_path, out, loader, 0);
  if (!pricing_path.empty()) {
    const detail::YamlFile pf = detail::read_yaml_file(pricing_path, loader.problems);
    out.pricing = detail::parse_pricing(pf, loader.problems);
    if (pf.ok) out.data_files.push_back(info_of("pricing", pf, out.pricing.name, out.pricing.version));
  }
  // Problems in the data files do not stop the scenario's own checks: every problem is reported at
  // once. The cross-checks against the data need sound data files, so they run only then.
  const bool data_ok = loader.problems.empty();
  loader.apply_scenario_file(scenario);
  for (const auto& o : overrides) loader.apply_override(o);
  if (data_ok) finish(out, loader.problems);
  if (!loader.problems.empty()) throw InputError(loader.problems);
  return out;
}

void apply_overrides(LoadedScenario& scenario, const std::vector<std::string>& overrides) {
  Loader loader(scenario);
  for (const auto& o : overrides) loader.apply_override(o);
  finish(scenario, loader.problems);
  if (!loader.problems.empty()) throw InputError(loader.problems);
}

}  // namespace breakeven
