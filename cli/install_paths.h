// Where the program finds its data: --data-dir or BREAKEVEN_DATA_DIR, then (after a scenario's own
// include paths) the source tree when the program runs from its build tree, then the installed share
// directory relative to the executable, so a moved install prefix keeps working.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace breakeven::cli {

// Removes a global `--data-dir DIR` / `--data-dir=DIR` from `args` and returns DIR ("" when absent);
// throws InputError when the option has no value.
std::string take_data_dir_option(std::vector<std::string>& args);

// Sets the data search (model/spec/data_paths.h) from the option, the environment and the executable's
// place.
void configure_data_search(const std::string& data_dir_option);

// A data file by its name in data/ ("pricing/aws.yaml"); throws InputError saying where it was looked
// for when it is nowhere.
std::string require_data_file(const std::string& name, const std::string& what);

// `breakeven --version`: the version, the data directory and the pricing file's version.
void print_version(std::ostream& out);

}  // namespace breakeven::cli
