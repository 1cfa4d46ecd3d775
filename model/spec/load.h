// Loading a scenario: YAML file -> includes (pricing, platform) -> --set overrides -> validation.
// Every problem is collected and thrown together as one InputError.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "model/diagnostics.h"
#include "model/spec/catalog.h"
#include "model/spec/scenario.h"

namespace breakeven {

struct LoadedScenario {
  std::string path;         // the scenario file as given
  std::string name;         // the scenario's `name:` (or the file's stem)
  std::string description;  // the scenario's `description:`, may be empty
  ScenarioSpec spec;
  PricingCatalog pricing;
  LambdaLimits limits;
  std::vector<DataFileInfo> data_files;            // scenario, pricing and platform files with their hashes
  std::map<std::string, SourcePlace> origins;      // where each key's value was set
  std::set<std::string> seen_keys;                 // keys given a value, valid or not
  std::map<std::string, double> cold_start_table;  // platform default by "package.arch", s
  std::map<std::string, SourcePlace> cold_start_table_places;  // where each table entry was read
};

// Loads and validates `path`, applying `overrides` ("dotted.key=value") after the file.
// Throws InputError listing every problem found.
LoadedScenario load_scenario(const std::string& path, const std::vector<std::string>& overrides);

// Applies more overrides to an already loaded scenario and validates the result again (sweeps).
void apply_overrides(LoadedScenario& scenario, const std::vector<std::string>& overrides);

}  // namespace breakeven
