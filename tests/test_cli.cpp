// The command line as a user meets it: exit codes, and where output goes.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/number_format.h"
#include "cli/run.h"

using breakeven::cli::run;
using breakeven::cli::seconds;

namespace {
struct Result {
  int code;
  std::string out, err;
};
Result call(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int code = run(args, out, err);
  return {code, out.str(), err.str()};
}
}  // namespace

TEST_CASE("--version and --help succeed and print to stdout") {
  auto r = call({"--version"});
  CHECK(r.code == 0);
  // The test program runs from the build tree, so the data directory is the source tree's; the pricing
  // version is the `version:` line of that file.
  std::ifstream pricing(BREAKEVEN_SOURCE_DIR "/data/pricing/aws.yaml");
  std::string line, version;
  while (std::getline(pricing, line))
    if (line.rfind("version: \"", 0) == 0) version = line.substr(10, line.size() - 11);
  REQUIRE_FALSE(version.empty());
  CHECK(r.out == "breakeven " BREAKEVEN_VERSION "\ndata: " BREAKEVEN_SOURCE_DIR
                 "/data\npricing: aws version " +
                     version + " (" BREAKEVEN_SOURCE_DIR "/data/pricing/aws.yaml)\n");
  r = call({"--help"});
  CHECK(r.code == 0);
  CHECK(r.out.find("whatif") != std::string::npos);
  for (const char* command : {"whatif", "solve", "keys"}) {
    r = call({command, "--help"});
    CHECK(r.code == 0);
    CHECK(r.out.rfind("usage: breakeven ", 0) == 0);
  }
}

TEST_CASE("the breakeven program hands calibrate run to breakeven-calibrate-run, which answers it") {
  // The program itself is built without the AWS client; the help text below is calibrate run's own,
  // so it can only come from the program that has the live run.
  FILE* pipe = popen("'" BREAKEVEN_PROGRAM "' calibrate run --help 2>&1", "r");
  REQUIRE(pipe != nullptr);
  std::string text;
  char buffer[4096];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) text.append(buffer, n);
  const int status = pclose(pipe);
  CHECK(status == 0);
  CHECK(text.rfind("usage: breakeven calibrate run --function NAME", 0) == 0);
}

TEST_CASE("an unknown command exits 2 with a suggestion") {
  const auto r = call({"whatfi"});
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "breakeven: unknown command 'whatfi' (did you mean 'whatif'?); see breakeven --help\n");
}

TEST_CASE("bad input exits 2 and prints nothing on stdout") {
  auto r = call({"whatif", "scenarios/thesis-movielens.yaml", "--set", "faas.memory_mb=20480"});
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("faas.memory_mb: 20480 is above the maximum 10240") != std::string::npos);
  r = call({"solve", "scenarios/thesis-movielens.yaml", "--format", "yaml"});
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  r = call({"whatif", "scenarios/thesis-movielens.yaml", "--no-such-option"});
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  r = call({"whatif"});
  CHECK(r.code == 2);
  CHECK(r.err.find("missing SCENARIO") != std::string::npos);
}

TEST_CASE("the same scenario gives the same bytes every time") {
  const auto a = call({"whatif", "scenarios/thesis-movielens.yaml", "--format", "json"});
  const auto b = call({"whatif", "scenarios/thesis-movielens.yaml", "--format", "json"});
  CHECK(a.code == 0);
  CHECK(a.out == b.out);
}

TEST_CASE("CSV is one header line and one row with the same number of cells") {
  const auto r = call({"whatif", "scenarios/thesis-movielens.yaml", "--format", "csv"});
  REQUIRE(r.code == 0);
  const auto newline = r.out.find('\n');
  const std::string header = r.out.substr(0, newline);
  CHECK(header.find("faas.cost_usd_per_hour") != std::string::npos);
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 2);
}

TEST_CASE("docs/scenario-reference.md holds the key table as `breakeven keys --markdown` prints it") {
  const auto r = call({"keys", "--markdown"});
  REQUIRE(r.code == 0);
  std::ifstream in(std::string(BREAKEVEN_SOURCE_DIR) + "/docs/scenario-reference.md");
  std::stringstream doc;
  doc << in.rdbuf();
  CHECK_MESSAGE(doc.str().find(r.out) != std::string::npos,
                "regenerate the tables: breakeven keys --markdown, pasted below the introduction");
}

TEST_CASE(
    "help texts and times read as a person writes them: no float noise, no exponent, no doubled "
    "parentheses") {
  const auto run_help = call({"calibrate", "run", "--help"});
  CHECK(run_help.out.find("--budget-usd arg (=0.05)") != std::string::npos);
  CHECK(run_help.out.find("0.050000000000000003") == std::string::npos);
  const auto fit_help = call({"calibrate", "fit", "--help"});
  CHECK(fit_help.out.find("the file's name (default: the output") != std::string::npos);
  // 30 days is 2,592,000 s, printed whole; a day is 86,400 s.
  CHECK(seconds(2592000) == "2,592,000 s (30 days)");
  CHECK(seconds(86400) == "86,400 s (24 h)");
  const auto whatif = call({"whatif", "scenarios/thesis-movielens.yaml"});
  CHECK(whatif.out.find("\n  INIT billed (rule effective 2025-08-01)\n") != std::string::npos);
  CHECK(whatif.out.find("(INIT billed (") == std::string::npos);
}
