// The scenario keys, declared once: type, unit, range, default and meaning of each. The loader
// validates against this table, `breakeven keys` prints it, and docs/scenario-reference.md is
// generated from it (a test checks the document is up to date).
#pragma once

#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/spec/scenario.h"

namespace breakeven {

enum class KeyType { number, integer, boolean, choice, text, optional_number, date_or_latest };

// A value as parsed from YAML or --set, already checked against the key's type and range.
struct KeyValue {
  double number = 0;  // number, integer, optional_number (when present)
  bool boolean = false;
  bool is_null = false;  // optional_number set to null
  std::string text;      // choice, text, date_or_latest
};

struct KeyDef {
  std::string_view path;  // dotted key, e.g. "faas.memory_mb"
  KeyType type;
  std::string_view unit;  // "s", "MB", "bytes", "USD" ... or "" for unitless
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;             // the minimum itself is not allowed (e.g. interval_s > 0)
  std::vector<std::string_view> choices;  // for KeyType::choice
  std::string_view default_text;          // how the default is chosen, for the docs
  std::string_view meaning;               // one line for the docs
  bool required = false;                  // must be set by the scenario (or a file it includes)
  std::function<void(ScenarioSpec&, const KeyValue&)> apply;
  std::string_view range_note;  // who sets the range, e.g. "the Lambda limits"
};

// Every scenario key, in documentation order.
const std::vector<KeyDef>& scenario_keys();

// The key with this dotted path, or nullptr.
const KeyDef* find_key(std::string_view path);

// The allowed range, e.g. "128..10240" or "> 0"; empty when unbounded.
std::string describe_range(const KeyDef& key);

// Human description of what a key accepts, e.g. "an integer in MB, 128..10240".
std::string describe_expected(const KeyDef& key);

// Markdown reference of every key (the body of docs/scenario-reference.md).
std::string scenario_keys_markdown();

}  // namespace breakeven
