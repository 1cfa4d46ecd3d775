// The one check of an output file named on the command line (--out), made before any work: a
// directory or a path in a directory that does not exist is bad input (exit 2), not a failed run after
// the work was done.
#pragma once

#include <filesystem>
#include <string>

#include "model/diagnostics.h"

namespace breakeven::cli {

// `example` is a file name to suggest inside a directory given by mistake (e.g. "sweep.csv").
inline void check_output_path(const std::string& path, const std::string& option,
                              const std::string& example) {
  namespace fs = std::filesystem;
  auto bad = [&](const std::string& message) {
    throw InputError({Diagnostic{SourcePlace{option + " " + path, 0, 0}, "", message}});
  };
  std::error_code ec;
  if (fs::is_directory(path, ec))
    bad("is a directory, expected a file: e.g. " + (option + " " + (fs::path(path) / example).string()));
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty() && !fs::is_directory(parent, ec))
    bad("the directory " + parent.string() + " does not exist; create it first");
}

}  // namespace breakeven::cli
