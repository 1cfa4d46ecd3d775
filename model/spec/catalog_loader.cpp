#include "model/spec/catalog_loader.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "model/checked_cast.h"
#include "model/spec/value_parse.h"

namespace breakeven::detail {

YamlFile read_yaml_file(const std::string& path, std::vector<Diagnostic>& problems) {
  YamlFile f;
  f.path = path;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    problems.push_back(Diagnostic{SourcePlace{path, 0, 0}, "", "is a directory, expected a YAML file"});
    return f;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.push_back(Diagnostic{SourcePlace{path, 0, 0}, "", "cannot open the file (does it exist?)"});
    return f;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  f.bytes = buffer.str();
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(f.bytes);
  } catch (const YAML::Exception& e) {
    problems.push_back(Diagnostic{place_of(e.mark, path), "", "YAML syntax error: " + e.msg});
    return f;
  }
  if (!documents.empty()) f.root = documents.front();
  // Only the first document would be read: a second one (after `---`) would be ignored without a word.
  for (std::size_t i = 1; i < documents.size(); ++i)
    if (!documents[i].IsNull()) {
      problems.push_back(Diagnostic{place_of(documents[i], path), "",
                                    "a second YAML document (after ---): a file holds one document; remove "
                                    "the --- line and merge the keys into the first"});
      return f;
    }
  if (!f.root.IsMap()) {
    problems.push_back(
        Diagnostic{SourcePlace{path, 1, 1}, "", "expected a mapping of keys at the top level"});
    return f;
  }
  f.ok = true;
  return f;
}

void check_header(const YamlFile& file, const std::string& expected_kind, std::vector<Diagnostic>& problems) {
  const YAML::Node version = file.root["schema_version"];
  if (!version) {
    problems.push_back(Diagnostic{SourcePlace{file.path, 1, 1}, "schema_version",
                                  "missing; add `schema_version: 1` at the top of the file"});
  } else if (!version.IsScalar() || version.Scalar() != "1") {
    problems.push_back(
        Diagnostic{place_of(version, file.path), "schema_version",
                   "'" + (version.IsScalar() ? version.Scalar() : std::string("?")) +
                       "' is not supported; this version of breakeven reads schema_version 1"});
  }
  if (expected_kind.empty()) return;
  const YAML::Node kind = file.root["kind"];
  if (!kind || !kind.IsScalar() || kind.Scalar() != expected_kind) {
    problems.push_back(Diagnostic{kind ? place_of(kind, file.path) : SourcePlace{file.path, 1, 1}, "kind",
                                  "expected `kind: " + expected_kind + "` (is this the right file?)"});
  }
}

namespace {

// Bounds of the whole numbers a data file may hold: a billing step of at most a day, memory and /tmp
// limits of at most 1 TiB (far above any platform; they only keep the integers in range).
constexpr std::int64_t kMaxGranularityMs = 86'400'000;
constexpr int kMaxLimitMb = 1'048'576;

// Reads a data-file leaf {value, source, as_of, ...}; `unknown` gives an empty value.
class LeafReader {
 public:
  LeafReader(const std::string& path, std::vector<Diagnostic>& problems) : path_(path), problems_(problems) {}

  SourcedValue leaf(const YAML::Node& parent, const std::string& key, const std::string& dotted) {
    SourcedValue v;
    const YAML::Node node = parent[key];
    if (!node || !node.IsMap()) {
      problem(node ? node : parent, dotted, "expected a mapping {value, unit, source, as_of}");
      return v;
    }
    const YAML::Node value = node["value"];
    if (!value || !value.IsScalar()) {
      problem(node, dotted, "missing `value` (a number, or unknown)");
    } else if (value.Scalar() != "unknown") {
      v.value = number(value, dotted + ".value");
    }
    v.source = join_text(node["source"]);
    v.as_of = node["as_of"] && node["as_of"].IsScalar() ? node["as_of"].Scalar() : "";
    if (v.source.empty()) problem(node, dotted, "missing `source`: every value in a data file cites one");
    if (!node["as_of"]) problem(node, dotted, "missing `as_of`: every value in a data file has a date");
    v.derived = node["derived"] && node["derived"].IsScalar() && node["derived"].Scalar() == "true";
    return v;
  }

  std::optional<double> number(const YAML::Node& node, const std::string& dotted) {
    if (!node.IsScalar()) {
      problem(node, dotted, "expected a number");
      return std::nullopt;
    }
    const std::string& s = node.Scalar();
    if (s == ".inf" || s == ".Inf" || s == "inf") return std::numeric_limits<double>::infinity();
    try {
      size_t used = 0;
      const double x = std::stod(s, &used);
      if (used == s.size()) return x;
    } catch (const std::exception&) {
    }
    problem(node, dotted, "'" + s + "' is not a number");
    return std::nullopt;
  }

  SourcedValue required_leaf(const YAML::Node& parent, const std::string& key, const std::string& dotted) {
    const SourcedValue v = leaf(parent, key, dotted);
    if (!v.value && parent[key] && parent[key]["value"])
      problem(parent[key], dotted, "must be known, not unknown");
    return v;
  }

  double required_number(const YAML::Node& parent, const std::string& key, const std::string& dotted) {
    return required_leaf(parent, key, dotted).value.value_or(0);
  }

  // A required whole number in [min, max]; `fallback` when it is missing or (reported) out of range.
  template <typename T>
  T required_whole(const YAML::Node& parent, const std::string& key, const std::string& dotted, T min, T max,
                   T fallback) {
    const std::size_t problems_before = problems_.size();
    const double x = required_number(parent, key, dotted);
    if (problems_.size() != problems_before) return fallback;  // missing or not a number: already said
    if (const auto v = checked_cast<T>(x, min, max)) return *v;
    problem(parent[key]["value"], dotted + ".value", checked_cast_message(x, min, max));
    return fallback;
  }

  void problem(const YAML::Node& node, const std::string& key, std::string message) {
    problems_.push_back(Diagnostic{place_of(node, path_), key, std::move(message)});
  }

 private:
  static std::string join_text(const YAML::Node& node) {
    if (!node) return "";
    if (node.IsScalar()) return node.Scalar();
    std::string out;
    if (node.IsSequence())
      for (const auto& item : node)
        if (item.IsScalar()) out += (out.empty() ? "" : "; ") + item.Scalar();
    return out;
  }

  const std::string& path_;
  std::vector<Diagnostic>& problems_;
};

std::string text_of(const YAML::Node& node) {
  return node && node.IsScalar() ? node.Scalar() : "";
}

bool parse_arch(const std::string& s, Arch& out) {
  if (s == "x86_64")
    out = Arch::x86_64;
  else if (s == "arm64")
    out = Arch::arm64;
  else
    return false;
  return true;
}

}  // namespace

namespace {
PricingCatalog parse_pricing_unchecked(const YamlFile& file, std::vector<Diagnostic>& problems);
PlatformFile parse_platform_unchecked(const YamlFile& file, std::vector<Diagnostic>& problems);

// A data file of an unexpected shape (a scalar where a mapping belongs) must give a message, not a crash.
template <typename Parse>
auto guarded(Parse parse, const YamlFile& file, std::vector<Diagnostic>& problems) {
  try {
    return parse(file, problems);
  } catch (const YAML::Exception& e) {
    problems.push_back(
        Diagnostic{place_of(e.mark, file.path), "", "unexpected structure in this data file: " + e.msg});
    return decltype(parse(file, problems)){};
  }
}
}  // namespace

PricingCatalog parse_pricing(const YamlFile& file, std::vector<Diagnostic>& problems) {
  PricingCatalog c = guarded(parse_pricing_unchecked, file, problems);
  auto bad = [&](const std::string& key, const std::string& message) {
    problems.push_back(Diagnostic{SourcePlace{file.path, 0, 0}, key, message});
  };
  if (file.ok && c.lambda_billing_granularity_ms < 1)
    bad("lambda.billing_granularity_ms", "must be at least 1 ms");
  auto check = [&](const std::string& key, const SourcedValue& v) {
    if (v.value && (!std::isfinite(*v.value) || *v.value < 0))
      bad(key, "a price must be a finite number >= 0");
  };
  for (const auto& [region, p] : c.lambda_regions) {
    check("lambda.regions." + region + ".request_usd_per_request", p.request_usd_per_request);
    check("lambda.regions." + region + ".ephemeral_usd_per_gb_s", p.ephemeral_usd_per_gb_s);
    for (const auto& [arch, tiers] : p.duration_tiers)
      for (const auto& t : tiers)
        check("lambda.regions." + region + ".duration_usd_per_gb_s", t.price_usd_per_gb_s);
  }
  for (const auto& [name, e] : c.ec2_instances) {
    for (const auto& [region, v] : e.price_usd_per_hour)
      check("ec2.instances." + name + ".price_usd_per_hour", v);
    if (!e.vcpu.value || *e.vcpu.value < 1)
      bad("ec2.instances." + name + ".vcpu", "must be known and at least 1");
  }
  for (const auto& [region, p] : c.s3_regions) {
    check("s3.regions." + region + ".put_usd_per_request", p.put_usd_per_request);
    check("s3.regions." + region + ".get_usd_per_request", p.get_usd_per_request);
  }
  return c;
}

PlatformFile parse_platform(const YamlFile& file, std::vector<Diagnostic>& problems) {
  PlatformFile p = guarded(parse_platform_unchecked, file, problems);
  const LambdaLimits& l = p.limits;
  if (!(l.mb_per_vcpu > 0) || !(l.max_vcpus > 0) || !(l.timeout_s_max > 0) || l.memory_mb_min < 1 ||
      l.memory_mb_max < l.memory_mb_min)
    problems.push_back(Diagnostic{SourcePlace{file.path, 0, 0}, "lambda_limits",
                                  "limits must be positive, with memory_mb_min <= memory_mb_max"});
  return p;
}

namespace {

PricingCatalog parse_pricing_unchecked(const YamlFile& file, std::vector<Diagnostic>& problems) {
  PricingCatalog c;
  if (!file.ok) return c;
  check_header(file, "pricing", problems);
  LeafReader r(file.path, problems);
  const YAML::Node& root = file.root;
  c.name = text_of(root["name"]);
  c.version = text_of(root["version"]);

  const YAML::Node lambda = root["lambda"];
  if (!lambda || !lambda.IsMap()) {
    r.problem(root, "lambda", "missing the `lambda` section");
    return c;
  }
  c.lambda_billing_rule = r.required_leaf(lambda, "billing_granularity_ms", "lambda.billing_granularity_ms");
  // 0 passes here so that parse_pricing says "must be at least 1 ms".
  c.lambda_billing_granularity_ms = r.required_whole<std::int64_t>(
      lambda, "billing_granularity_ms", "lambda.billing_granularity_ms", 0, kMaxGranularityMs, 1);
  const YAML::Node init = lambda["init_billing"];
  c.init_billing.effective_date = text_of(init["effective_date"]);
  c.init_billing.source = text_of(init["source"]);
  if (c.init_billing.effective_date.empty())
    r.problem(init ? init : lambda, "lambda.init_billing.effective_date", "missing (YYYY-MM-DD)");
  c.ephemeral_included_mb =
      r.required_number(lambda, "ephemeral_included_mb", "lambda.ephemeral_included_mb");
  const YAML::Node free = lambda["free_tier"];
  if (free) {
    c.free_requests_per_month =
        r.required_number(free, "requests_per_month", "lambda.free_tier.requests_per_month");
    c.free_gb_s_per_month = r.required_number(free, "gb_s_per_month", "lambda.free_tier.gb_s_per_month");
  }
  for (const auto& region : lambda["regions"]) {
    const std::string name = region.first.Scalar();
    const std::string base = "lambda.regions." + name;
    LambdaRegionPrices p;
    p.request_usd_per_request =
        r.leaf(region.second, "request_usd_per_request", base + ".request_usd_per_request");
    for (const auto& arch : region.second["duration_usd_per_gb_s"]) {
      Arch a{};
      if (!parse_arch(arch.first.Scalar(), a)) {
        r.problem(arch.first, base + ".duration_usd_per_gb_s",
                  "unknown architecture '" + arch.first.Scalar() + "'");
        continue;
      }
      for (const auto& tier_node : arch.second) {
        PriceTier tier;
        const std::string dotted = base + ".duration_usd_per_gb_s." + arch.first.Scalar();
        tier.from_gb_s_per_month = r.number(tier_node["from_gb_s_per_month"], dotted).value_or(0);
        tier.to_gb_s_per_month = r.number(tier_node["to_gb_s_per_month"], dotted).value_or(0);
        SourcedValue v;
        if (tier_node["value"].Scalar() != "unknown") v.value = r.number(tier_node["value"], dotted);
        v.source = text_of(tier_node["source"]);
        if (v.source.empty() && tier_node["source"].IsSequence())
          for (const auto& s : tier_node["source"]) v.source += (v.source.empty() ? "" : "; ") + s.Scalar();
        v.as_of = text_of(tier_node["as_of"]);
        v.derived = text_of(tier_node["derived"]) == "true";
        tier.price_usd_per_gb_s = v;
        p.duration_tiers[a].push_back(tier);
      }
    }
    p.ephemeral_usd_per_gb_s =
        r.leaf(region.second, "ephemeral_usd_per_gb_s", base + ".ephemeral_usd_per_gb_s");
    c.lambda_regions[name] = p;
  }

  const YAML::Node ec2 = root["ec2"];
  if (ec2) {
    c.ec2_granularity_s = r.required_number(ec2["billing"], "granularity_s", "ec2.billing.granularity_s");
    c.ec2_billing_rule = r.required_leaf(ec2["billing"], "minimum_s", "ec2.billing.minimum_s");
    c.ec2_minimum_s = c.ec2_billing_rule.value.value_or(0);
    for (const auto& inst : ec2["instances"]) {
      Ec2Instance e;
      e.name = inst.first.Scalar();
      const std::string base = "ec2.instances." + e.name;
      e.vcpu = r.leaf(inst.second, "vcpu", base + ".vcpu");
      e.memory_gib = r.leaf(inst.second, "memory_gib", base + ".memory_gib");
      if (!parse_arch(text_of(inst.second["arch"]), e.arch))
        r.problem(inst.second, base + ".arch", "expected x86_64 or arm64");
      if (inst.second["burstable_baseline_per_vcpu"])
        e.burstable_baseline_per_vcpu =
            r.leaf(inst.second, "burstable_baseline_per_vcpu", base + ".burstable_baseline_per_vcpu").value;
      for (const auto& price : inst.second["price_usd_per_hour"])
        e.price_usd_per_hour[price.first.Scalar()] =
            r.leaf(inst.second["price_usd_per_hour"], price.first.Scalar(), base + ".price_usd_per_hour");
      c.ec2_instances[e.name] = e;
    }
  }
  const YAML::Node s3 = root["s3"];
  if (s3) {
    for (const auto& region : s3["regions"]) {
      const std::string base = "s3.regions." + region.first.Scalar();
      S3RegionPrices p;
      p.put_usd_per_request = r.leaf(region.second, "put_usd_per_request", base + ".put_usd_per_request");
      p.get_usd_per_request = r.leaf(region.second, "get_usd_per_request", base + ".get_usd_per_request");
      c.s3_regions[region.first.Scalar()] = p;
    }
  }
  return c;
}

PlatformFile parse_platform_unchecked(const YamlFile& file, std::vector<Diagnostic>& problems) {
  PlatformFile p;
  if (!file.ok) return p;
  check_header(file, "platform", problems);
  LeafReader r(file.path, problems);
  p.name = text_of(file.root["name"]);
  p.version = text_of(file.root["version"]);
  p.base = text_of(file.root["base"]);
  const YAML::Node limits = file.root["lambda_limits"];
  p.has_limits = static_cast<bool>(limits);
  if (limits) {
    auto get = [&](const char* key, double fallback) {
      if (!limits[key]) return fallback;
      return r.required_number(limits, key, std::string("lambda_limits.") + key);
    };
    auto get_mb = [&](const char* key, int fallback) {
      if (!limits[key]) return fallback;
      return r.required_whole<int>(limits, key, std::string("lambda_limits.") + key, 1, kMaxLimitMb,
                                   fallback);
    };
    p.limits.memory_mb_min = get_mb("memory_mb_min", p.limits.memory_mb_min);
    p.limits.memory_mb_max = get_mb("memory_mb_max", p.limits.memory_mb_max);
    p.limits.mb_per_vcpu = get("mb_per_vcpu", p.limits.mb_per_vcpu);
    p.limits.max_vcpus = get("max_vcpus", p.limits.max_vcpus);
    p.limits.timeout_s_max = get("timeout_s_max", p.limits.timeout_s_max);
    p.limits.ephemeral_mb_min = get_mb("ephemeral_mb_min", p.limits.ephemeral_mb_min);
    p.limits.ephemeral_mb_max = get_mb("ephemeral_mb_max", p.limits.ephemeral_mb_max);
  }
  // Only when present: assigning a missing (invalid) node throws in yaml-cpp.
  if (file.root["defaults"]) p.defaults = file.root["defaults"];
  return p;
}

}  // namespace

}  // namespace breakeven::detail
