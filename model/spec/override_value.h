// One `key=value` text (as --set and --grid give it) -> a checked KeyValue, parsed exactly like the
// loader parses an override, so a sweep can apply a value to many copies of a spec without YAML.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/diagnostics.h"
#include "model/spec/keys.h"

namespace breakeven {

// Parses `value_text` as a value of `key`; on failure appends diagnostics and returns nullopt.
std::optional<KeyValue> parse_override_value(const KeyDef& key, const std::string& value_text,
                                             const SourcePlace& place, std::vector<Diagnostic>& problems);

}  // namespace breakeven
