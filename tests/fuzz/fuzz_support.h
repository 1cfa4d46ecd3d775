// Shared by the libFuzzer targets (tests/fuzz, docs/security.md): a private scratch directory for the
// readers that take a path, and the rule that bad input is an expected outcome.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "model/diagnostics.h"

namespace breakeven::fuzz {

// A directory of this process's own under the system's temporary directory, removed at exit.
inline const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    std::string tmpl = (std::filesystem::temp_directory_path() / "breakeven-fuzz-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) std::abort();
    std::atexit([] { std::filesystem::remove_all(scratch_dir()); });
    return std::filesystem::path(tmpl);
  }();
  return dir;
}

// Writes `bytes` to `name` in the scratch directory and returns its path.
inline std::string write_file(const std::string& name, const std::string& bytes) {
  const auto path = scratch_dir() / name;
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) std::abort();
  return path.string();
}

// Makes data/ of the scratch directory the repository's data/, so a scenario written to
// scratch/scenarios/ finds the shipped includes (../data/...) as the shipped scenarios do.
inline void link_repository_data() {
  static const bool linked = [] {
    std::filesystem::create_directory_symlink(BREAKEVEN_SOURCE_DIR "/data", scratch_dir() / "data");
    return true;
  }();
  (void)linked;
}

// Runs `body`; bad input (InputError) and a failed run (RunError) are expected outcomes. Any other
// exception leaves this function, and libFuzzer reports it as a crash with the input that caused it.
template <class Body>
void expect_only_input_errors(Body&& body) {
  try {
    body();
  } catch (const InputError&) {
  } catch (const RunError&) {
  }
}

}  // namespace breakeven::fuzz
