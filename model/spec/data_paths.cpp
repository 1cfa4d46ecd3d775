#include "model/spec/data_paths.h"

#include <filesystem>
#include <system_error>
#include <utility>

namespace breakeven {

namespace fs = std::filesystem;

namespace {

DataSearch& current() {
  static DataSearch search;
  return search;
}

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

bool is_dir(const std::string& p) {
  std::error_code ec;
  return !p.empty() && fs::is_directory(p, ec);
}

// Tries `candidate`; records it and reports whether it is a file.
bool try_place(DataLookup& lookup, const fs::path& candidate) {
  const std::string text = candidate.lexically_normal().string();
  lookup.tried.push_back(text);
  if (!is_file(candidate)) return false;
  lookup.path = text;
  lookup.found = true;
  return true;
}

}  // namespace

void set_data_search(DataSearch search) {
  current() = std::move(search);
}

const DataSearch& data_search() {
  return current();
}

std::string name_in_data_dir(const std::string& value) {
  const fs::path p(value);
  fs::path tail;
  bool after_data = false;
  for (const auto& part : p) {
    if (part == "data") {
      tail.clear();
      after_data = true;
    } else if (after_data) {
      tail /= part;
    }
  }
  return after_data ? tail.generic_string() : std::string();
}

DataLookup find_included_file(const std::string& value, const std::string& scenario_path) {
  DataLookup lookup;
  const fs::path as_given(value);
  if (as_given.is_absolute()) {
    try_place(lookup, as_given);
  } else {
    // A path without a data component is the scenario's own file: only relative to the scenario.
    const std::string name = name_in_data_dir(value);
    const DataSearch& s = current();
    if (!name.empty() && !s.explicit_dir.empty() && try_place(lookup, fs::path(s.explicit_dir) / name))
      return lookup;
    if (try_place(lookup, fs::path(scenario_path).parent_path() / as_given)) return lookup;
    if (!name.empty())
      for (const auto& dir : s.fallback_dirs)
        if (try_place(lookup, fs::path(dir) / name)) return lookup;
  }
  if (!lookup.found) {
    // Report the place the scenario names (relative to it) when nothing was found.
    lookup.path = as_given.is_absolute()
                      ? as_given.lexically_normal().string()
                      : (fs::path(scenario_path).parent_path() / as_given).lexically_normal().string();
  }
  return lookup;
}

DataLookup find_data_file(const std::string& name) {
  DataLookup lookup;
  const DataSearch& s = current();
  if (!s.explicit_dir.empty() && try_place(lookup, fs::path(s.explicit_dir) / name)) return lookup;
  for (const auto& dir : s.fallback_dirs)
    if (try_place(lookup, fs::path(dir) / name)) return lookup;
  lookup.path = lookup.tried.empty() ? name : lookup.tried.front();
  return lookup;
}

std::string first_data_dir() {
  const DataSearch& s = current();
  if (is_dir(s.explicit_dir)) return fs::path(s.explicit_dir).lexically_normal().string();
  for (const auto& dir : s.fallback_dirs)
    if (is_dir(dir)) return fs::path(dir).lexically_normal().string();
  return "";
}

std::string describe_tried(const DataLookup& lookup) {
  std::string text = "looked in ";
  for (std::size_t i = 0; i < lookup.tried.size(); ++i) {
    if (i > 0) text += i + 1 == lookup.tried.size() ? " and " : ", ";
    text += lookup.tried[i];
  }
  if (lookup.tried.empty()) text += "no directory";
  if (!lookup.found) text += "; set --data-dir DIR or BREAKEVEN_DATA_DIR to the data/ directory";
  return text;
}

}  // namespace breakeven
