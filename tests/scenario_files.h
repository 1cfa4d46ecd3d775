// Writing scenario text to a temporary file and collecting the messages its loading produces.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "model/diagnostics.h"
#include "model/spec/load.h"

namespace breakeven::test {

inline std::string source_dir() {
  return BREAKEVEN_SOURCE_DIR;
}

// The include block every test scenario starts with (absolute paths to the project's data files).
inline std::string header_lines() {
  return "schema_version: 1\n"
         "include:\n"
         "  pricing: " +
         source_dir() +
         "/data/pricing/aws.yaml\n"
         "  platform: " +
         source_dir() + "/data/platform/aws-default.yaml\n";
}

// A valid scenario body (after the header): lines 5 to 20 of the file.
inline std::string valid_body() {
  return "workload:\n"                      // line 5
         "  interval_s: 60\n"               // 6
         "  batch_size: 1000\n"             // 7
         "  sample_bytes: 100\n"            // 8
         "learner:\n"                       // 9
         "  model_bytes: 1000000\n"         // 10
         "  train_s_per_sample: 0.00001\n"  // 11
         "faas:\n"                          // 12
         "  memory_mb: 1024\n"              // 13
         "  region: us-east-1\n"            // 14
         "iaas:\n"                          // 15
         "  instance: t3.small\n";          // 16
}

// Writes `text` to a fresh file named scenario.yaml and returns its path.
inline std::string write_scenario(const std::string& text) {
  static int counter = 0;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("breakeven-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::create_directories(dir);
  const auto path = dir / "scenario.yaml";
  std::ofstream(path) << text;
  return path.string();
}

// Loads `text` and returns its error messages with the file's path shown as "scenario.yaml".
inline std::vector<std::string> load_errors(const std::string& text,
                                            const std::vector<std::string>& overrides = {}) {
  const std::string path = write_scenario(text);
  std::vector<std::string> out;
  try {
    load_scenario(path, overrides);
  } catch (const InputError& e) {
    for (const auto& d : e.diagnostics()) {
      std::string line = format_diagnostic(d);
      if (line.rfind(path, 0) == 0) line = "scenario.yaml" + line.substr(path.size());
      out.push_back(line);
    }
  }
  return out;
}

}  // namespace breakeven::test
