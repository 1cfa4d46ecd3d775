// Fuzz target: the pricing and platform data files (model/spec/catalog_loader.cpp, applied through
// load_scenario) and the calibrated platform file's reader (calibrate/calibration_file.cpp). The first
// byte picks the file: the rest of the input replaces the shipped pricing file, the shipped platform
// file, or is read as the output of `calibrate fit`. The scenario is the shipped seed scenario.
#include <fstream>
#include <sstream>
#include <string>

#include "calibrate/calibration_file.h"
#include "model/spec/load.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The seed scenario with one include pointed at `replacement` (an absolute path).
std::string scenario_with(const std::string& include, const std::string& replacement) {
  static const std::string seed = read_text(BREAKEVEN_SOURCE_DIR "/scenarios/thesis-movielens.yaml");
  std::string text = seed;
  const auto at = text.find(include);
  if (at == std::string::npos) std::abort();
  text.replace(at, include.size(), replacement);
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  namespace fz = breakeven::fuzz;
  const std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  const int which = data[0] % 3;
  fz::link_repository_data();
  fz::expect_only_input_errors([&] {
    if (which == 2) {
      (void)breakeven::calibrate::read_calibration_file(fz::write_file("calibrated.yaml", body));
      return;
    }
    const std::string file = fz::write_file(which == 0 ? "pricing.yaml" : "platform.yaml", body);
    const std::string include = which == 0 ? "../data/pricing/aws.yaml" : "../data/platform/aws-default.yaml";
    const std::string scenario = fz::write_file("scenarios/fuzz.yaml", scenario_with(include, file));
    // The other include stays relative to the scenario: the shipped file through scratch/data.
    (void)breakeven::load_scenario(scenario, {});
  });
  return 0;
}
