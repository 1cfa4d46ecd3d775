// Reading the pricing and platform data files (internal to spec/).
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "model/diagnostics.h"
#include "model/spec/catalog.h"

namespace breakeven::detail {

// A file read from disk and parsed as YAML, with its hash for the report.
struct YamlFile {
  std::string path;
  std::string bytes;
  YAML::Node root;
  bool ok = false;
};

// Reads and parses `path`; on failure appends a diagnostic (unreadable file or YAML syntax error).
YamlFile read_yaml_file(const std::string& path, std::vector<Diagnostic>& problems);

// Checks `schema_version: 1` and `kind: <expected_kind>` at the top of a data or scenario file.
void check_header(const YamlFile& file, const std::string& expected_kind, std::vector<Diagnostic>& problems);

// Parses a pricing file (data/pricing/*.yaml).
PricingCatalog parse_pricing(const YamlFile& file, std::vector<Diagnostic>& problems);

// A platform file (data/platform/*.yaml or a calibration output): limits and scenario defaults.
struct PlatformFile {
  std::string name;
  std::string version;
  LambdaLimits limits;
  bool has_limits = false;  // the file has its own lambda_limits section
  std::string base;         // `base:` platform file this one refines (a calibration output), as written
  YAML::Node defaults;      // section -> key -> leaf, applied through the scenario key table
};

PlatformFile parse_platform(const YamlFile& file, std::vector<Diagnostic>& problems);

}  // namespace breakeven::detail
