// Running the command line in-process for the sweep tests, with outputs in a fresh temporary directory.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/run.h"

namespace breakeven::test {

struct CliResult {
  int code;
  std::string out, err;
};

inline CliResult cli(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int code = breakeven::cli::run(args, out, err);
  return {code, out.str(), err.str()};
}

// Removes the directories fresh_dir made when the test program ends.
struct ScratchDirs {
  std::vector<std::filesystem::path> dirs;
  ~ScratchDirs() {
    std::error_code ignored;
    for (const auto& d : dirs) std::filesystem::remove_all(d, ignored);
  }
};

// A fresh directory for one test's files (removed at exit).
inline std::filesystem::path fresh_dir(const std::string& name) {
  static ScratchDirs scratch;
  static int counter = 0;
  const auto dir =
      std::filesystem::temp_directory_path() /
      ("breakeven-sweep-test-" + std::to_string(::getpid()) + "-" + name + "-" + std::to_string(counter++));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  scratch.dirs.push_back(dir);
  return dir;
}

inline std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_all(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

}  // namespace breakeven::test
