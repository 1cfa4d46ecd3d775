#include "model/spec/override_value.h"

#include <yaml-cpp/yaml.h>

#include "model/spec/value_parse.h"

namespace breakeven {

namespace {

// Digits with an optional sign, point and exponent (what range specs produce): a plain YAML scalar
// whose text is the value itself. Sweeps read millions of them.
bool plain_number(const std::string& s) {
  if (s.empty() || s.size() > 40) return false;
  bool digit = false;
  for (char c : s) {
    if (c >= '0' && c <= '9')
      digit = true;
    else if (c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E')
      return false;
  }
  return digit && s.front() != 'e' && s.front() != 'E';
}

}  // namespace

std::optional<KeyValue> parse_override_value(const KeyDef& key, const std::string& value_text,
                                             const SourcePlace& place, std::vector<Diagnostic>& problems) {
  // The same reading of the text as an override on the command line: YAML scalar rules (so `null`,
  // `true`, `1e3` mean what they mean in a file), the raw text when it is not valid YAML, null when empty.
  YAML::Node node;
  if (plain_number(value_text)) {
    node = YAML::Node(value_text);  // what YAML::Load makes of it, without running the YAML parser
  } else {
    try {
      node = YAML::Load(value_text);
    } catch (const YAML::Exception&) {
      node = YAML::Node(value_text);
    }
  }
  if (value_text.empty()) node = YAML::Node(YAML::NodeType::Null);
  return detail::parse_key_value(key, node, place, problems);
}

}  // namespace breakeven
