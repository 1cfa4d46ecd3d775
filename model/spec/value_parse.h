// Turning one YAML scalar into a checked KeyValue for a key of the table (internal to spec/).
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>

#include "model/diagnostics.h"
#include "model/spec/keys.h"

namespace breakeven::detail {

// The 1-based place of a YAML node in `file`.
SourcePlace place_of(const YAML::Node& node, const std::string& file);
SourcePlace place_of(const YAML::Mark& mark, const std::string& file);

// Parses `node` as a value of `key`; on failure appends a diagnostic and returns nullopt.
std::optional<KeyValue> parse_key_value(const KeyDef& key, const YAML::Node& node, const SourcePlace& place,
                                        std::vector<Diagnostic>& problems);

}  // namespace breakeven::detail
