// Fuzz target: sweep and solve --grid outputs read back (cli/results_table.cpp, as `chart` reads them)
// and joined (cli/cmd_merge.cpp, as `merge` reads shards). The first byte picks the format (.csv or
// .json); the rest is one shard output, or two split at a line "#next-shard".
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/results_table.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  namespace fz = breakeven::fuzz;
  const std::string ext = (data[0] & 1) ? ".json" : ".csv";
  const std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string separator = "\n#next-shard\n";
  const auto split = body.find(separator);
  std::vector<std::string> shards;
  shards.push_back(fz::write_file("shard0" + ext, body.substr(0, split)));
  if (split != std::string::npos)
    shards.push_back(fz::write_file("shard1" + ext, body.substr(split + separator.size())));
  fz::expect_only_input_errors([&] { (void)breakeven::cli::read_results(shards.front()); });
  fz::expect_only_input_errors([&] {
    std::ostringstream out, err;
    (void)breakeven::cli::cmd_merge(shards, out, err);
  });
  return 0;
}
