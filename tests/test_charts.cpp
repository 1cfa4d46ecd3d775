// Charts: every kind draws an image with gnuplot and keeps its script and data beside it; results that
// lack what a kind needs are input errors. (gnuplot is installed by scripts/install-deps.sh.)
#include <doctest/doctest.h>

#include "sweep_run.h"

using breakeven::test::cli;
using breakeven::test::fresh_dir;
using breakeven::test::read_all;

namespace {
const std::string kSeed = "scenarios/thesis-movielens.yaml";
const std::string kPngSignature = "\x89PNG\r\n\x1a\n";
}  // namespace

TEST_CASE("each chart kind writes its image, script and data") {
  const auto dir = fresh_dir("charts");
  const auto sweep = (dir / "interval.csv").string();
  REQUIRE(cli({"sweep", kSeed, "--grid", "workload.interval_s=1:3600:log30", "--grid",
               "faas.cache_hit_rate=0,1", "--out", sweep})
              .code == 0);
  const auto memory = (dir / "memory.json").string();
  REQUIRE(cli({"sweep", kSeed, "--grid", "faas.memory_mb=512:4096:6", "--out", memory}).code == 0);
  const auto map = (dir / "map.csv").string();
  REQUIRE(cli({"solve", kSeed, "--grid", "faas.cache_hit_rate=0:1:4", "--grid",
               "faas.memory_mb=1024,2048,3008", "--out", map})
              .code == 0);
  struct Case {
    const char* kind;
    std::string results;
    const char* image;
  };
  const Case cases[] = {{"cost-vs-interval", sweep, "cost.png"},
                        {"break-even-map", map, "map.png"},
                        {"latency-vs-memory", memory, "latency.svg"},
                        {"cost-breakdown", memory, "breakdown.pdf"}};
  for (const auto& c : cases) {
    CAPTURE(c.kind);
    const auto image = dir / c.image;
    const auto r = cli({"chart", c.results, "--kind", c.kind, "--out", image.string()});
    REQUIRE(r.code == 0);
    const std::string bytes = read_all(image);
    const std::string ext = image.extension().string();
    if (ext == ".png") CHECK(bytes.rfind(kPngSignature, 0) == 0);
    if (ext == ".svg") CHECK(bytes.find("<svg") != std::string::npos);
    if (ext == ".pdf") CHECK(bytes.rfind("%PDF", 0) == 0);
    const std::string script = read_all(image.parent_path() / (image.stem().string() + ".gp"));
    CHECK(script.find("set output \"" + image.filename().string() + "\"") != std::string::npos);
    CHECK(script.find("data = \"" + image.stem().string() + ".dat\"") != std::string::npos);
    CHECK_FALSE(read_all(image.parent_path() / (image.stem().string() + ".dat")).empty());
  }
  // The cost chart marks where the FaaS curves cross the IaaS line: one label per hit rate.
  const std::string data = read_all(dir / "cost.dat");
  CHECK(data.find("# break-even points") != std::string::npos);
}

TEST_CASE("results without what a chart kind needs are input errors") {
  const auto dir = fresh_dir("chart-errors");
  const auto memory = (dir / "memory.csv").string();
  REQUIRE(cli({"sweep", kSeed, "--grid", "faas.memory_mb=512,1024", "--out", memory}).code == 0);
  auto r = cli({"chart", memory, "--kind", "cost-vs-interval", "--out", (dir / "x.png").string()});
  CHECK(r.code == 2);
  CHECK(r.err.find("--kind cost-vs-interval needs workload.interval_s among the swept keys") !=
        std::string::npos);
  r = cli({"chart", memory, "--kind", "break-even-map", "--out", (dir / "x.png").string()});
  CHECK(r.code == 2);
  CHECK(r.err.find("needs a grid of exactly two keys") != std::string::npos);
  r = cli({"chart", memory, "--kind", "cost-vs-intervall", "--out", (dir / "x.png").string()});
  CHECK(r.code == 2);
  CHECK(r.err.find("(did you mean 'cost-vs-interval'?)") != std::string::npos);
  r = cli({"chart", memory, "--kind", "cost-breakdown", "--out", (dir / "x.gif").string()});
  CHECK(r.code == 2);
  CHECK(r.err.find("must end in .png, .svg or .pdf") != std::string::npos);
}

TEST_CASE("cost-vs-interval draws each distinct curve once, named by what sets it") {
  const auto dir = fresh_dir("chart-curves");
  const auto results = (dir / "curves.csv").string();
  // FaaS cost does not depend on the instance, IaaS cost not on Lambda memory: 4 series, 2 + 2 curves.
  REQUIRE(cli({"sweep", kSeed, "--grid", "workload.interval_s=1:3600:log20", "--grid",
               "faas.memory_mb=1024,4096", "--grid", "iaas.instance=t2.small,m5.large", "--out", results})
              .code == 0);
  REQUIRE(
      cli({"chart", results, "--kind", "cost-vs-interval", "--out", (dir / "curves.svg").string()}).code ==
      0);
  const std::string script = read_all(dir / "curves.gp");
  CHECK(script.find("title \"FaaS memory\\\\_mb=1024\"") !=
        std::string::npos);  // _ escaped for enhanced text
  CHECK(script.find("title \"FaaS memory\\\\_mb=4096\"") != std::string::npos);
  CHECK(script.find("title \"IaaS instance=t2.small\"") != std::string::npos);
  CHECK(script.find("title \"IaaS instance=m5.large\"") != std::string::npos);
  std::size_t curves = 0;
  for (auto p = script.find("title \"FaaS"); p != std::string::npos; p = script.find("title \"FaaS", p + 1))
    ++curves;
  for (auto p = script.find("title \"IaaS"); p != std::string::npos; p = script.find("title \"IaaS", p + 1))
    ++curves;
  CHECK(curves == 4);
}
