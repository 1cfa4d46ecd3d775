// Where data files are found: the explicit directory first, then the scenario's include relative to the
// scenario file, then the fallback directories; a file found nowhere is reported with every place tried.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "model/diagnostics.h"
#include "model/spec/data_paths.h"
#include "tests/scenario_files.h"

namespace fs = std::filesystem;
using namespace breakeven;

namespace {

// A scratch tree with three data directories, each holding pricing/aws.yaml with different text.
struct DataTree {
  fs::path root = fs::temp_directory_path() / ("breakeven-data-paths-" + std::to_string(::getpid()));
  DataTree() {
    for (const char* d : {"explicit", "project/data", "share/data"}) {
      fs::create_directories(root / d / "pricing");
      std::ofstream(root / d / "pricing" / "aws.yaml") << d << "\n";
    }
    fs::create_directories(root / "project" / "scenarios");
  }
  ~DataTree() {
    set_data_search({});
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  std::string scenario() const { return (root / "project" / "scenarios" / "s.yaml").string(); }
  std::string dir(const char* d) const { return (root / d).string(); }
};

}  // namespace

TEST_CASE("a data file's name in the data directory is the path after its last data component") {
  CHECK(name_in_data_dir("../data/pricing/aws.yaml") == "pricing/aws.yaml");
  CHECK(name_in_data_dir("data/platform/aws-default.yaml") == "platform/aws-default.yaml");
  CHECK(name_in_data_dir("my-prices.yaml").empty());
}

TEST_CASE("an explicit data directory wins over the scenario's include and the fallbacks") {
  DataTree t;
  set_data_search({t.dir("explicit"), "--data-dir", {t.dir("share/data")}});
  const DataLookup found = find_included_file("../data/pricing/aws.yaml", t.scenario());
  CHECK(found.found);
  CHECK(found.path == t.dir("explicit") + "/pricing/aws.yaml");
  CHECK(found.tried.size() == 1);
}

TEST_CASE("without an explicit directory the include relative to the scenario comes before the fallbacks") {
  DataTree t;
  set_data_search({"", "", {t.dir("share/data")}});
  CHECK(find_included_file("../data/pricing/aws.yaml", t.scenario()).path ==
        t.dir("project/data") + "/pricing/aws.yaml");
  // An include that does not hold relative to the scenario falls back to the installed directory.
  const DataLookup fallback = find_included_file("../../data/pricing/aws.yaml", t.scenario());
  CHECK(fallback.found);
  CHECK(fallback.path == t.dir("share/data") + "/pricing/aws.yaml");
  CHECK(fallback.tried.size() == 2);
}

TEST_CASE("a file found nowhere is reported with every place tried and how to set the directory") {
  DataTree t;
  set_data_search({t.dir("nowhere"), "BREAKEVEN_DATA_DIR", {t.dir("share/data")}});
  const DataLookup lookup = find_data_file("platform/aws-default.yaml");
  CHECK_FALSE(lookup.found);
  CHECK(describe_tried(lookup) == "looked in " + t.dir("nowhere") + "/platform/aws-default.yaml and " +
                                      t.dir("share/data") +
                                      "/platform/aws-default.yaml; set --data-dir DIR or BREAKEVEN_DATA_DIR "
                                      "to the data/ directory");
  CHECK(first_data_dir() == t.dir("share/data"));
}

TEST_CASE("a scenario whose include is found nowhere names the include and the places tried") {
  DataTree t;
  set_data_search({"", "", {t.dir("share/data")}});
  std::ofstream(t.scenario()) << "schema_version: 1\ninclude:\n  pricing: ../nodata/pricing.yaml\n"
                                 "  platform: ../data/platform/none.yaml\n";
  try {
    load_scenario(t.scenario(), {});
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    REQUIRE(e.diagnostics().size() >= 2);
    CHECK(format_diagnostic(e.diagnostics()[0]) ==
          t.scenario() + ":3:12: include.pricing: cannot find ../nodata/pricing.yaml; looked in " +
              t.dir("project/nodata") +
              "/pricing.yaml; set --data-dir DIR or BREAKEVEN_DATA_DIR to the data/ "
              "directory");
    CHECK(format_diagnostic(e.diagnostics()[1]) ==
          t.scenario() + ":4:13: include.platform: cannot find ../data/platform/none.yaml; looked in " +
              t.dir("project/data") + "/platform/none.yaml and " + t.dir("share/data") +
              "/platform/none.yaml; set --data-dir DIR or BREAKEVEN_DATA_DIR to the data/ directory");
  }
}
