// Where the data files (pricing, platform, profiles) are found. The command line sets the search once:
// an explicit directory (--data-dir or BREAKEVEN_DATA_DIR) first, then, after a scenario's own include
// paths, the fallback directories (the source tree for a program in its build tree, the installed share
// directory). Every lookup records the places it tried, so a message can say where a file was looked for.
#pragma once

#include <string>
#include <vector>

namespace breakeven {

struct DataSearch {
  std::string explicit_dir;                // empty: none given
  std::string explicit_origin;             // "--data-dir" or "BREAKEVEN_DATA_DIR"
  std::vector<std::string> fallback_dirs;  // in order; each a data/ directory
};

void set_data_search(DataSearch search);
const DataSearch& data_search();

struct DataLookup {
  std::string path;  // the file found, or the first place tried when none was
  bool found = false;
  std::vector<std::string> tried;  // every place looked at, in order
};

// A file's name inside a data directory: the part after the last `data` component of a relative path
// ("../data/pricing/aws.yaml" -> "pricing/aws.yaml"); empty when it has no such component.
std::string name_in_data_dir(const std::string& value);

// A scenario's include value: the explicit directory, then relative to the scenario file, then the
// fallback directories. An absolute value is taken as it is; a value without a `data` component (the
// scenario's own file) is looked for only relative to the scenario.
DataLookup find_included_file(const std::string& value, const std::string& scenario_path);

// A file by its name in the data directory ("pricing/aws.yaml"): explicit directory, then fallbacks.
DataLookup find_data_file(const std::string& name);

// The first data directory that exists (explicit, then fallbacks); empty when none does.
std::string first_data_dir();

// "looked in A, B and C"; with a hint on setting the directory when nothing was found.
std::string describe_tried(const DataLookup& lookup);

}  // namespace breakeven
