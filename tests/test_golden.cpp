// Golden outputs: whatif and solve of the seed scenario, compared byte for byte with tests/golden/.
// The expected files were checked by hand against the closed form (see docs/validation.md); to
// accept a deliberate change, run the tests with BREAKEVEN_UPDATE_GOLDEN=1 and review the diff.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "cli/run.h"

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void check_golden(const std::vector<std::string>& args, const std::string& golden) {
  std::ostringstream out, err;
  REQUIRE(breakeven::cli::run(args, out, err) == 0);
  const std::string path = std::string(BREAKEVEN_SOURCE_DIR) + "/tests/golden/" + golden;
  if (std::getenv("BREAKEVEN_UPDATE_GOLDEN")) std::ofstream(path, std::ios::binary) << out.str();
  CHECK(out.str() == read(path));
}

}  // namespace

TEST_CASE("whatif of the seed scenario matches its golden JSON") {
  check_golden({"whatif", "scenarios/thesis-movielens.yaml", "--format", "json"},
               "thesis-movielens.whatif.json");
}

TEST_CASE("whatif of the seed scenario matches its golden table") {
  check_golden({"whatif", "scenarios/thesis-movielens.yaml"}, "thesis-movielens.whatif.txt");
}

TEST_CASE("solve of the seed scenario matches its golden JSON") {
  check_golden({"solve", "scenarios/thesis-movielens.yaml", "--format", "json"},
               "thesis-movielens.solve.json");
}

TEST_CASE("the optimistic variant (model always cached, warm) matches its golden JSON") {
  check_golden(
      {"solve", "scenarios/thesis-movielens.yaml", "--set", "faas.cache_hit_rate=1", "--format", "json"},
      "thesis-movielens-optimistic.solve.json");
}
