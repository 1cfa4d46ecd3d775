// Fuzz target: a scenario file with `--set` overrides (load_scenario). The input is the scenario's YAML;
// each line that starts with "#set " also gives one override (the rest of the line), so a corpus file is
// a valid scenario and its overrides at once. The scenario sits in scenarios/ of a scratch directory
// whose data/ is the repository's, so the shipped includes (../data/...) resolve.
#include <sstream>
#include <string>
#include <vector>

#include "model/spec/load.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

std::vector<std::string> overrides_in(const std::string& text) {
  std::vector<std::string> overrides;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line))
    if (line.rfind("#set ", 0) == 0) overrides.push_back(line.substr(5));
  return overrides;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  breakeven::fuzz::link_repository_data();
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string path = breakeven::fuzz::write_file("scenarios/fuzz.yaml", text);
  breakeven::fuzz::expect_only_input_errors([&] {
    const auto loaded = breakeven::load_scenario(path, overrides_in(text));
    // A loaded scenario takes more overrides the way a sweep applies its grid points.
    auto copy = loaded;
    breakeven::apply_overrides(copy, {"workload.interval_s=30"});
  });
  return 0;
}
