#include "model/spec/override_value.h"

#include <yaml-cpp/yaml.h>

#include "model/spec/value_parse.h"

namespace breakeven {

std::optional<KeyValue> parse_override_value(const KeyDef& key, const std::string& value_text,
                                             const SourcePlace& place, std::vector<Diagnostic>& problems) {
  // The same reading of the text as an override on the command line: YAML scalar rules (so `null`,
  // `true`, `1e3` mean what they mean in a file), the raw text when it is not valid YAML, null when empty.
  YAML::Node node;
  try {
    node = YAML::Load(value_text);
  } catch (const YAML::Exception&) {
    node = YAML::Node(value_text);
  }
  if (value_text.empty()) node = YAML::Node(YAML::NodeType::Null);
  return detail::parse_key_value(key, node, place, problems);
}

}  // namespace breakeven
