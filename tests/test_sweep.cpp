// Sweeps: grid specs, one row per point in point order whatever --jobs, invalid points reported in
// their rows, resume after an interruption, shards merged byte for byte, and agreement with whatif and
// solve at the same point.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "model/diagnostics.h"
#include "model/report.h"
#include "model/spec/load.h"
#include "model/sweep/grid.h"
#include "model/sweep/ordered_runner.h"
#include "model/sweep/sweep_plan.h"
#include "model/sweep/sweep_run.h"
#include "sweep_run.h"

using breakeven::GridShape;
using breakeven::InputError;
using breakeven::load_scenario;
using breakeven::LoadedScenario;
using breakeven::model_input;
using breakeven::ModelInput;
using breakeven::parse_grid;
using breakeven::parse_grid_axis;
using breakeven::PointScratch;
using breakeven::SweepPlan;
using breakeven::test::cli;
using breakeven::test::fresh_dir;
using breakeven::test::read_all;
using breakeven::test::write_all;

namespace {

const std::string kSeed = "scenarios/thesis-movielens.yaml";

std::string grid_error(const std::string& text) {
  try {
    parse_grid_axis(text);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// The lines of an output after a CSV's identity line (its own test checks that line).
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!(out.empty() && line.rfind("# breakeven ", 0) == 0)) out.push_back(line);
  return out;
}

// The cells of a CSV line whose cells hold no quoted commas before `count` cells.
std::vector<std::string> cells_of(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (char c : line) {
    if (c == '"')
      quoted = !quoted;
    else if (c == ',' && !quoted)
      out.emplace_back();
    else
      out.back() += c;
  }
  return out;
}

double cell(const std::vector<std::string>& header, const std::vector<std::string>& row,
            const std::string& name) {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return std::stod(row[i]);
  FAIL("no column " << name);
  return 0;
}

}  // namespace

TEST_CASE("grid specs: lists, linear ranges and log ranges give the values asked for") {
  auto a = parse_grid_axis("faas.memory_mb=512,1024,2048");
  CHECK(a.key->path == "faas.memory_mb");
  CHECK(a.values == std::vector<std::string>{"512", "1024", "2048"});
  // 11 points from 0 to 1: steps of 0.1, printed with 10 significant digits (0.30000000000000004 -> 0.3).
  a = parse_grid_axis("faas.cache_hit_rate=0:1:11");
  CHECK(a.values ==
        std::vector<std::string>{"0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1"});
  // 4 points from 1 to 1000 evenly in log: ratio 1000^(1/3) = 10.
  a = parse_grid_axis("workload.interval_s=1:1000:log4");
  CHECK(a.values == std::vector<std::string>{"1", "10", "100", "1000"});
  // Integer keys: 1000, 1000.5, ..., 1003 rounded half away from zero, repeats dropped.
  a = parse_grid_axis("faas.memory_mb=1000:1003:7");
  CHECK(a.values == std::vector<std::string>{"1000", "1001", "1002", "1003"});
  // A decreasing range is allowed and keeps its order; text keys take lists.
  CHECK(parse_grid_axis("workload.interval_s=100:1:log3").values ==
        std::vector<std::string>{"100", "10", "1"});
  CHECK(parse_grid_axis("iaas.instance=t2.small,m5.large").values ==
        std::vector<std::string>{"t2.small", "m5.large"});
}

TEST_CASE("bad grid specs name the option, what was expected and a suggestion") {
  const std::string help =
      "; SPEC is a list (512,1024,2048), a linear range FROM:TO:N (0:1:11) or a log range "
      "FROM:TO:logN (1:3600:log50)";
  CHECK(grid_error("faas.memory_mb") ==
        "--grid faas.memory_mb: expected KEY=SPEC, e.g. --grid "
        "faas.memory_mb=512,1024,2048" +
            help);
  CHECK(grid_error("faas.memroy_mb=512") ==
        "--grid faas.memroy_mb=512: faas.memroy_mb: unknown key (did you mean "
        "'faas.memory_mb'?)");
  CHECK(grid_error("faas.memory_mb=") == "--grid faas.memory_mb=: faas.memory_mb: no values" + help);
  CHECK(grid_error("faas.memory_mb=512,,1024") ==
        "--grid faas.memory_mb=512,,1024: faas.memory_mb: empty value in the list '512,,1024'" + help);
  CHECK(grid_error("faas.memory_mb=512,512") ==
        "--grid faas.memory_mb=512,512: faas.memory_mb: value '512' is listed twice");
  CHECK(grid_error("faas.cache_hit_rate=0:1") ==
        "--grid faas.cache_hit_rate=0:1: faas.cache_hit_rate: a range has three parts FROM:TO:N or "
        "FROM:TO:logN, got "
        "'0:1'" +
            help);
  CHECK(grid_error("faas.cache_hit_rate=0:x:3") ==
        "--grid faas.cache_hit_rate=0:x:3: faas.cache_hit_rate: range end 'x' is not a finite number" + help);
  CHECK(grid_error("faas.cache_hit_rate=0:1:1") ==
        "--grid faas.cache_hit_rate=0:1:1: faas.cache_hit_rate: the number of points '1' must be an integer "
        "of at "
        "least 2 (or logN for a logarithmic range)" +
            help);
  CHECK(grid_error("workload.interval_s=0:10:log5") ==
        "--grid workload.interval_s=0:10:log5: workload.interval_s: a logarithmic range needs FROM and TO "
        "above 0, got "
        "0 and 10; use a linear range FROM:TO:N to include 0");
  CHECK(grid_error("faas.arch=1:2:3") ==
        "--grid faas.arch=1:2:3: faas.arch: a range needs a numeric key; one of "
        "x86_64, arm64 is expected here: give a list, e.g. x86_64,arm64");
  CHECK_THROWS_WITH_AS(
      parse_grid({"faas.memory_mb=512", "faas.memory_mb=1024"}),
      "--grid faas.memory_mb=1024: faas.memory_mb: swept twice; give all its values in one --grid",
      InputError);
}

TEST_CASE("points are numbered row-major: the last --grid varies fastest") {
  const auto axes = parse_grid({"faas.memory_mb=512,1024", "faas.cache_hit_rate=0:1:3"});
  const GridShape shape(axes);
  CHECK(shape.point_count() == 6);
  CHECK(shape.digit(4, 0) == 1);  // point 4 = (1024, 0.5)
  CHECK(shape.digit(4, 1) == 1);
  CHECK(shape.digit(2, 0) == 0);
  CHECK(shape.digit(2, 1) == 2);
}

TEST_CASE("a sweep's rows do not depend on --jobs") {
  const auto dir = fresh_dir("jobs");
  // 3 x 1,200 points: several chunks of 1,024 points each, so the threads really interleave.
  const std::vector<std::string> base = {"sweep",  kSeed,
                                         "--grid", "faas.cache_hit_rate=0,0.5,1",
                                         "--grid", "workload.interval_s=1:86400:log1200"};
  std::vector<std::string> outputs;
  for (const char* jobs : {"1", "2", "3"}) {
    auto args = base;
    args.insert(args.end(), {"--jobs", jobs, "--out", (dir / (std::string("j") + jobs + ".csv")).string()});
    const auto r = cli(args);
    REQUIRE(r.code == 0);
    CHECK(r.out.empty());
    CHECK(r.err.empty());  // no progress bar: stderr is not a terminal here
    outputs.push_back(read_all(dir / (std::string("j") + jobs + ".csv")));
  }
  CHECK(lines_of(outputs[0]).size() == 3601);
  CHECK(outputs[0] == outputs[1]);
  CHECK(outputs[0] == outputs[2]);
}

TEST_CASE("an invalid point is reported in its row, with the message --set gives, and the sweep goes on") {
  const auto r = cli({"sweep", kSeed, "--grid", "faas.memory_mb=64,1024", "--no-break-even"});
  REQUIRE(r.code == 0);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 3);
  const auto set = cli({"whatif", kSeed, "--set", "faas.memory_mb=64"});
  CHECK(set.code == 2);
  // whatif prints "--set faas.memory_mb=64: <key>: <message>"; the row holds "<key>: <message>".
  const std::string message = set.err.substr(std::string("--set faas.memory_mb=64: ").size());
  CHECK(lines[1] == "0,64,invalid,\"" + message.substr(0, message.size() - 1) + "\"" + std::string(17, ','));
  CHECK(lines[2].rfind("1,1024,ok,,", 0) == 0);
}

TEST_CASE("sweep values equal whatif's at the same point") {
  const auto r = cli({"sweep", kSeed, "--grid", "faas.memory_mb=1024,3008", "--grid",
                      "faas.cache_hit_rate=0,0.7", "--grid", "iaas.instance=t2.small,m5.large"});
  REQUIRE(r.code == 0);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 9);
  const auto header = cells_of(lines[0]);
  const char* memory[] = {"1024", "3008"};
  const char* hit[] = {"0", "0.7"};
  const char* instance[] = {"t2.small", "m5.large"};
  for (int p = 0; p < 8; ++p) {
    const auto row = cells_of(lines[p + 1]);
    const auto w =
        cli({"whatif", kSeed, "--format", "json", "--set", std::string("faas.memory_mb=") + memory[p / 4],
             "--set", std::string("faas.cache_hit_rate=") + hit[p / 2 % 2], "--set",
             std::string("iaas.instance=") + instance[p % 2]});
    REQUIRE(w.code == 0);
    const auto j = nlohmann::json::parse(w.out);
    CAPTURE(p);
    CHECK(row[1] == memory[p / 4]);
    CHECK(cell(header, row, "faas_cost_usd_per_hour") ==
          doctest::Approx(j["faas"]["cost_usd_per_hour"].get<double>()).epsilon(1e-9));
    CHECK(cell(header, row, "iaas_cost_usd_per_hour") ==
          doctest::Approx(j["iaas"]["cost_usd_per_hour"].get<double>()).epsilon(1e-9));
    CHECK(cell(header, row, "faas_invocation_s") ==
          doctest::Approx(j["faas"]["invocation_s"].get<double>()).epsilon(1e-9));
    CHECK(cell(header, row, "faas_utilisation") ==
          doctest::Approx(j["faas"]["utilisation"].get<double>()).epsilon(1e-9));
    // A null break-even (one side cheaper everywhere) is an empty cell.
    if (j["break_even_interval_s"].is_null())
      CHECK(row[header.size() - 1].empty());
    else
      CHECK(cell(header, row, "break_even_interval_s") ==
            doctest::Approx(j["break_even_interval_s"].get<double>()).epsilon(1e-9));
    // The components add up to the side's cost.
    CHECK(cell(header, row, "faas_duration_usd_per_hour") + cell(header, row, "faas_requests_usd_per_hour") +
              cell(header, row, "faas_other_usd_per_hour") ==
          doctest::Approx(cell(header, row, "faas_cost_usd_per_hour")).epsilon(1e-8));
    CHECK(cell(header, row, "iaas_instance_usd_per_hour") + cell(header, row, "iaas_s3_usd_per_hour") ==
          doctest::Approx(cell(header, row, "iaas_cost_usd_per_hour")).epsilon(1e-8));
  }
}

TEST_CASE("solve --grid equals solve --set at each point") {
  const auto r = cli({"solve", kSeed, "--grid", "faas.cache_hit_rate=0,1", "--grid", "faas.arch=x86_64,arm64",
                      "--format", "json"});
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["points"] == 4);
  REQUIRE(j["rows"].size() == 4);
  const char* hit[] = {"0", "1"};
  const char* arch[] = {"x86_64", "arm64"};
  for (int p = 0; p < 4; ++p) {
    const auto s =
        cli({"solve", kSeed, "--format", "json", "--set", std::string("faas.cache_hit_rate=") + hit[p / 2],
             "--set", std::string("faas.arch=") + arch[p % 2]});
    REQUIRE(s.code == 0);
    const auto one = nlohmann::json::parse(s.out);
    const auto& row = j["rows"][p];
    CAPTURE(p);
    CHECK(row["point"] == p);
    CHECK(row["faas.arch"] == arch[p % 2]);
    REQUIRE(one["break_even_interval_s"].is_number());
    CHECK(row["break_even_interval_s"].get<double>() ==
          doctest::Approx(one["break_even_interval_s"].get<double>()).epsilon(1e-9));
    CHECK(row["break_even_reason"] == one["break_even_reason"]);
  }
  const auto bad = cli({"solve", kSeed, "--grid", "workload.interval_s=1,2"});
  CHECK(bad.code == 2);
  CHECK(bad.err.find("workload.interval_s cannot be swept") != std::string::npos);
}

TEST_CASE("an interrupted sweep resumes from its last whole row to the same bytes") {
  for (const char* ext : {".csv", ".json"}) {
    CAPTURE(ext);
    const auto dir = fresh_dir("resume");
    const std::vector<std::string> base = {
        "sweep",  kSeed, "--grid", "workload.interval_s=1:3600:log40", "--grid", "faas.cache_hit_rate=0,1",
        "--jobs", "2"};
    auto full_args = base;
    full_args.insert(full_args.end(), {"--out", (dir / (std::string("full") + ext)).string()});
    REQUIRE(cli(full_args).code == 0);
    const std::string full = read_all(dir / (std::string("full") + ext));
    // Cut in the middle of a row, as a killed run leaves it.
    const auto cut = dir / (std::string("cut") + ext);
    write_all(cut, full.substr(0, full.size() * 2 / 5));
    auto resume_args = base;
    resume_args.insert(resume_args.end(), {"--out", cut.string(), "--resume"});
    const auto r = cli(resume_args);
    REQUIRE(r.code == 0);
    CHECK(read_all(cut) == full);
    // Resuming a finished file changes nothing.
    REQUIRE(cli(resume_args).code == 0);
    CHECK(read_all(cut) == full);
  }
  // A shard resumes its own points only.
  {
    const auto dir = fresh_dir("resume-shard");
    const std::vector<std::string> base = {"sweep",   kSeed, "--grid",         "faas.memory_mb=512:4096:30",
                                           "--shard", "2/3", "--no-break-even"};
    auto full_args = base;
    full_args.insert(full_args.end(), {"--out", (dir / "full.csv").string()});
    REQUIRE(cli(full_args).code == 0);
    const std::string full = read_all(dir / "full.csv");
    write_all(dir / "cut.csv", full.substr(0, full.size() / 2));
    auto resume_args = base;
    resume_args.insert(resume_args.end(), {"--out", (dir / "cut.csv").string(), "--resume"});
    REQUIRE(cli(resume_args).code == 0);
    CHECK(read_all(dir / "cut.csv") == full);
    resume_args[5] = "3/3";  // another shard's rows in the file
    const auto r = cli(resume_args);
    CHECK(r.code == 2);
    CHECK(r.err.find("its rows belong to another shard") != std::string::npos);
  }
  const auto dir = fresh_dir("resume-other");
  write_all(dir / "other.csv", "point,something,status\n0,1,ok\n");
  const auto r = cli({"sweep", kSeed, "--grid", "faas.memory_mb=512,1024", "--out",
                      (dir / "other.csv").string(), "--resume"});
  CHECK(r.code == 2);
  CHECK(r.err.find("this file was not written by the same sweep") != std::string::npos);
}

TEST_CASE("four shards merge into the bytes of one unsharded run") {
  for (const char* ext : {".csv", ".json"}) {
    CAPTURE(ext);
    const auto dir = fresh_dir("shards");
    const std::vector<std::string> base = {
        "sweep",  kSeed,
        "--grid", "faas.memory_mb=512:4096:9",
        "--grid", "faas.cache_hit_rate=0:1:3"};  // 27 points: shards of 7, 7, 7, 6
    auto whole = base;
    whole.insert(whole.end(), {"--out", (dir / (std::string("whole") + ext)).string()});
    REQUIRE(cli(whole).code == 0);
    std::vector<std::string> merge = {"merge"};
    for (int i = 1; i <= 4; ++i) {
      const auto out = dir / ("shard" + std::to_string(i) + ext);
      auto args = base;
      args.insert(args.end(), {"--shard", std::to_string(i) + "/4", "--out", out.string()});
      REQUIRE(cli(args).code == 0);
      merge.push_back(out.string());
    }
    std::swap(merge[1], merge[3]);  // the order of the shard files does not matter
    auto merge_args = merge;
    merge_args.insert(merge_args.end(), {"--out", (dir / (std::string("merged") + ext)).string()});
    const auto r = cli(merge_args);
    REQUIRE(r.code == 0);
    CHECK(read_all(dir / (std::string("merged") + ext)) == read_all(dir / (std::string("whole") + ext)));
    // A missing shard is noticed.
    const auto missing = cli({"merge", merge[1], merge[2], merge[3]});
    CHECK(missing.code == 2);  // the files given are incomplete: bad input
    CHECK(missing.err.find("a shard is missing or unfinished") != std::string::npos);
    const auto twice = cli({"merge", merge[1], merge[1]});
    CHECK(twice.code == 2);
    CHECK(twice.err.find("is also in") != std::string::npos);
  }
}

TEST_CASE("sweep options: bad ones are input errors") {
  auto r = cli({"sweep", kSeed});
  CHECK(r.code == 2);
  CHECK(r.err.find("missing --grid KEY=SPEC") != std::string::npos);
  r = cli({"sweep", kSeed, "--grid", "faas.memory_mb=512", "--shard", "5/4"});
  CHECK(r.code == 2);
  CHECK(r.err.find("expected i/n with 1 <= i <= n") != std::string::npos);
  r = cli({"sweep", kSeed, "--grid", "faas.memory_mb=512", "--out", "rows.txt"});
  CHECK(r.code == 2);
  CHECK(r.err.find("must end in .csv or .json") != std::string::npos);
  r = cli({"sweep", kSeed, "--grid", "faas.memory_mb=512", "--mode", "analytc"});
  CHECK(r.code == 2);
  CHECK(r.err.find("(did you mean 'analytic'?)") != std::string::npos);
  r = cli({"sweep", kSeed, "--grid", "faas.memory_mb=512", "--seed", "3"});
  CHECK(r.code == 2);
  CHECK(r.err.find("--seed and --duration-h apply to --mode des only") != std::string::npos);
  r = cli({"sweep", kSeed, "--grid", "faas.memory_mb=512", "--mode", "des", "--duration-h", "0"});
  CHECK(r.code == 2);
  r = cli({"sweep", kSeed, "--grid", "faas.memory_mb=512", "--resume"});
  CHECK(r.code == 2);
}

TEST_CASE("the plan applies swept values without reloading: same input as loading with --set") {
  const LoadedScenario base = load_scenario(kSeed, {});
  const SweepPlan plan(base, parse_grid({"faas.memory_mb=1024,4096", "faas.arch=x86_64,arm64"}));
  PointScratch scratch;
  for (std::size_t p = 0; p < plan.point_count(); ++p) {
    REQUIRE_FALSE(plan.prepare(p, scratch));
    const ModelInput direct = model_input(load_scenario(kSeed, plan.overrides_of(p)));
    CHECK(scratch.input.spec.faas.memory_mb == direct.spec.faas.memory_mb);
    CHECK(scratch.input.spec.faas.arch == direct.spec.faas.arch);
    CHECK(scratch.input.spec.faas.cold_start_s ==
          direct.spec.faas.cold_start_s);  // default by package and arch
    CHECK(*scratch.input.prices.lambda_tiers.front().price_usd_per_gb_s.value ==
          *direct.prices.lambda_tiers.front().price_usd_per_gb_s.value);
  }
}

TEST_CASE("a sweep compares usage-based memory with fixed sizes") {
  const auto r = cli({"sweep", kSeed, "--grid", "faas.memory_policy=fixed,usage_based", "--no-break-even"});
  REQUIRE(r.code == 0);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 3);
  const auto header = cells_of(lines[0]);
  // Seed: 142 MB model, its serialised copy, and a batch of 10,000 x 26 bytes: 284,260,000 bytes;
  // x 1.2 (default headroom) = 341,112,000 bytes = 325.3 MiB -> 326 MB, against the fixed 2,048 MB.
  CHECK(cell(header, cells_of(lines[1]), "faas_memory_mb") == 2048);
  CHECK(cell(header, cells_of(lines[2]), "faas_memory_mb") == 326);
  CHECK(cell(header, cells_of(lines[2]), "faas_invocation_s") >
        cell(header, cells_of(lines[1]), "faas_invocation_s"));
}

TEST_CASE("sweep, merge and chart print their help on stdout") {
  for (const char* command : {"sweep", "merge", "chart"}) {
    const auto r = cli({command, "--help"});
    CAPTURE(command);
    CHECK(r.code == 0);
    CHECK(r.out.rfind(std::string("usage: breakeven ") + command, 0) == 0);
  }
  const auto r = cli({"solve", "--grid", "faas.memory_mb=512", "--help"});
  CHECK(r.code == 0);
  CHECK(r.out.find("--shard") != std::string::npos);
}

TEST_CASE("the ordered runner hands chunks back in point order, stops on request, and passes errors on") {
  const breakeven::PointSequence points{1, 3, 10'000};  // 1, 4, 7, ...: a shard's points
  std::string expected;
  for (std::size_t i = 0; i < points.size(); ++i) expected += std::to_string(points[i]) + ";";
  auto make_worker = [] {
    return breakeven::PointWork(
        [](std::size_t point, std::string& out) { out += std::to_string(point) + ";"; });
  };
  for (unsigned jobs : {1u, 2u, 4u}) {
    CAPTURE(jobs);
    std::string got;
    std::size_t last_done = 0;
    bool monotonic = true;
    breakeven::OrderedRunOptions options;
    options.jobs = jobs;
    options.chunk_points = 97;  // chunks that do not divide the points evenly
    breakeven::run_ordered(
        points, make_worker,
        [&](const std::string& text, std::size_t done) {
          got += text;
          monotonic = monotonic && done > last_done;
          last_done = done;
        },
        options);
    CHECK(got == expected);
    CHECK(monotonic);
    CHECK(last_done == points.size());
  }
  // A stop request after the third chunk: what was emitted is a whole prefix of the output.
  std::atomic<bool> stop{false};
  breakeven::OrderedRunOptions options;
  options.jobs = 2;
  options.chunk_points = 100;
  options.stop = &stop;
  std::string got;
  std::size_t chunks = 0;
  breakeven::run_ordered(
      points, make_worker,
      [&](const std::string& text, std::size_t) {
        got += text;
        if (++chunks == 3) stop = true;
      },
      options);
  CHECK(got.size() < expected.size());
  CHECK(expected.compare(0, got.size(), got) == 0);
  CHECK(got.back() == ';');
  // An exception in a worker stops the run and reaches the caller.
  auto failing = [] {
    return breakeven::PointWork([](std::size_t point, std::string& out) {
      if (point == 3 * 5000 + 1) throw std::runtime_error("point failed");
      out += ".";
    });
  };
  options.stop = nullptr;
  CHECK_THROWS_WITH(breakeven::run_ordered(
                        points, failing, [](const std::string&, std::size_t) {}, options),
                    "point failed");
}

TEST_CASE("JSON outputs name their data files and overrides: shards of another set-up do not merge") {
  const auto dir = fresh_dir("provenance");
  const std::vector<std::string> base = {"sweep", kSeed, "--grid", "faas.memory_mb=1024,2048",
                                         "--no-break-even"};
  auto a = base;
  a.insert(a.end(), {"--shard", "1/2", "--out", (dir / "a.json").string()});
  REQUIRE(cli(a).code == 0);
  auto b = base;
  b.insert(b.end(),
           {"--shard", "2/2", "--set", "faas.cache_hit_rate=0.5", "--out", (dir / "b.json").string()});
  REQUIRE(cli(b).code == 0);
  const auto r = cli({"merge", (dir / "a.json").string(), (dir / "b.json").string()});
  CHECK(r.code == 2);
  CHECK(r.err.find("not a shard of the same sweep") != std::string::npos);
  CHECK(read_all(dir / "b.json").find("\"set\":[\"faas.cache_hit_rate=0.5\"]") != std::string::npos);
}

TEST_CASE("--mode des with fixed arrivals gives the analytic costs, and adds latency percentiles") {
  // With fixed intervals and no randomness the simulator equals the analytic model to 1e-9 (issue's
  // cross-check, tests/test_des_crosscheck.cpp); the sweep must carry that through its rows. The rows
  // print 10 significant digits, hence 1e-8.
  const std::vector<std::string> grid = {"--grid", "faas.cache_hit_rate=0,1", "--grid",
                                         "workload.interval_s=30,60,600", "--no-break-even"};
  auto args_a = std::vector<std::string>{"sweep", kSeed};
  args_a.insert(args_a.end(), grid.begin(), grid.end());
  auto args_d = args_a;
  args_d.insert(args_d.end(), {"--mode", "des", "--duration-h", "48"});
  const auto a = cli(args_a), d = cli(args_d);
  REQUIRE(a.code == 0);
  REQUIRE(d.code == 0);
  const auto la = lines_of(a.out), ld = lines_of(d.out);
  REQUIRE(la.size() == 7);
  REQUIRE(ld.size() == 7);
  const auto ha = cells_of(la[0]), hd = cells_of(ld[0]);
  CHECK(std::find(ha.begin(), ha.end(), "latency_p99_s") == ha.end());
  CHECK(std::find(hd.begin(), hd.end(), "latency_p99_s") != hd.end());
  for (std::size_t i = 1; i < 7; ++i) {
    const auto ra = cells_of(la[i]), rd = cells_of(ld[i]);
    for (const char* column : {"faas_cost_usd_per_hour", "iaas_cost_usd_per_hour", "faas_invocation_s"})
      CHECK(cell(hd, rd, column) == doctest::Approx(cell(ha, ra, column)).epsilon(1e-8));
    CHECK(cells_of(la[i])[5] == cells_of(ld[i])[5]);  // the cheaper side
    // Every invocation takes the same time: the percentiles are that time within the histogram's 0.39 %.
    CHECK(cell(hd, rd, "latency_p99_s") == doctest::Approx(cell(ha, ra, "faas_invocation_s")).epsilon(0.004));
  }
}

TEST_CASE("--mode des rows do not depend on --jobs, and the seed is recorded in the JSON header") {
  const auto dir = fresh_dir("des-jobs");
  std::vector<std::string> outputs;
  for (const char* jobs : {"1", "2"}) {
    const auto path = (dir / (std::string("d") + jobs + ".json")).string();
    const auto r = cli({"sweep", kSeed, "--mode", "des", "--seed", "7", "--duration-h", "12", "--set",
                        "workload.arrival=poisson", "--grid", "workload.interval_s=20:200:6",
                        "--no-break-even", "--jobs", jobs, "--out", path});
    REQUIRE(r.code == 0);
    outputs.push_back(read_all(path));
  }
  CHECK(outputs[0] == outputs[1]);
  CHECK(outputs[0].find("\"mode\":\"des seed=7 duration_h=12\"") != std::string::npos);
}

TEST_CASE(
    "a CSV starts with the sweep's identity, so shards of two sweeps with the same columns do not merge") {
  const auto dir = fresh_dir("csv-identity");
  // Same grid and columns, different --set: the CSV bodies look alike, but they are different sweeps.
  const std::vector<std::string> base = {"sweep",           kSeed,    "--grid", "faas.memory_mb=1024,2048",
                                         "--no-break-even", "--shard"};
  auto a = base;
  a.insert(a.end(), {"1/2", "--out", (dir / "a.csv").string()});
  REQUIRE(cli(a).code == 0);
  auto b = base;
  b.insert(b.end(), {"2/2", "--set", "faas.cache_hit_rate=0.5", "--out", (dir / "b.csv").string()});
  REQUIRE(cli(b).code == 0);
  const std::string text = read_all(dir / "a.csv");
  // "# breakeven sweep: mode analytic, 2 points, identity " and 16 hex digits, then the column names.
  REQUIRE(text.rfind("# breakeven sweep: mode analytic, 2 points, identity ", 0) == 0);
  const auto nl = text.find('\n');
  CHECK(nl == std::string("# breakeven sweep: mode analytic, 2 points, identity ").size() + 16);
  CHECK(text.compare(nl + 1, 17, "point,faas.memory") == 0);
  const auto r = cli({"merge", (dir / "a.csv").string(), (dir / "b.csv").string()});
  CHECK(r.code == 2);
  CHECK(r.err.find("b.csv:1: its header differs") != std::string::npos);
  // Resuming b's file with a's command line is refused the same way.
  a.back() = (dir / "b.csv").string();
  a[6] = "2/2";
  a.push_back("--resume");
  const auto resumed = cli(a);
  CHECK(resumed.code == 2);
  CHECK(resumed.err.find("this file was not written by the same sweep") != std::string::npos);
}

TEST_CASE("merge of a JSON whose points is not a number is bad input at the header") {
  const auto dir = fresh_dir("merge-points");
  REQUIRE(cli({"sweep", kSeed, "--grid", "faas.memory_mb=1024,2048", "--no-break-even", "--out",
               (dir / "a.json").string()})
              .code == 0);
  std::string text = read_all(dir / "a.json");
  const auto at = text.find("\"points\":2");
  REQUIRE(at != std::string::npos);
  text.replace(at, 10, "\"points\":\"2\"");
  write_all(dir / "a.json", text);
  const auto r = cli({"merge", (dir / "a.json").string()});
  CHECK(r.code == 2);
  CHECK(r.err.find("a.json:1: not a sweep output: the header's \"points\" is string") != std::string::npos);
}

TEST_CASE(
    "every --out that names a directory, or a file in a missing directory, is refused before the work") {
  const auto dir = fresh_dir("out-dir");
  std::filesystem::create_directories(dir / "d.csv");
  auto r = cli({"sweep", kSeed, "--grid", "faas.memory_mb=1024", "--out", (dir / "d.csv").string()});
  CHECK(r.code == 2);
  CHECK(r.err.find("d.csv: is a directory, expected a file: e.g. --out ") != std::string::npos);
  r = cli({"solve", kSeed, "--grid", "faas.memory_mb=1024", "--out", (dir / "no" / "m.csv").string()});
  CHECK(r.code == 2);
  CHECK(r.err.find("does not exist; create it first") != std::string::npos);
  REQUIRE(cli({"sweep", kSeed, "--grid", "faas.memory_mb=1024", "--out", (dir / "a.csv").string()}).code ==
          0);
  r = cli({"merge", (dir / "a.csv").string(), "--out", (dir / "d.csv").string()});
  CHECK(r.code == 2);
  CHECK(r.err.find("is a directory") != std::string::npos);
  r = cli({"profile", "--learner", "biased_mf", "--synthetic", "users=100", "--out", dir.string()});
  CHECK(r.code == 2);
  CHECK(r.err.find("is a directory, expected a file: e.g. --out ") != std::string::npos);
}

TEST_CASE("a grid's size is counted from its specs before any axis is generated") {
  // Two 10^7-value axes: 10^14 points, above 2^40 (1.1e12). It used to take 27-91 s and 1.5 GB to
  // generate both axes before the check; now the specs alone refuse it.
  CHECK_THROWS_WITH_AS(
      parse_grid({"faas.cache_hit_rate=0:1:10000000", "workload.sample_bytes=1:1e9:10000000"}),
      "--grid workload.sample_bytes=1:1e9:10000000: workload.sample_bytes: the grid would have more than "
      "2^40 "
      "(1099511627776) points (10000000 x 10000000 values so far); sweep fewer values, or split the ranges "
      "over several sweeps",
      InputError);
}

TEST_CASE(
    "keys validated and priced before a sweep are limited in combinations, counted before any is built") {
  // faas.delta_bytes and faas.ephemeral_storage_mb are structural: every pair of their values is a loader
  // run and a priced input. 100,000 x 9,729 such pairs asked for 989 GB; now the count refuses them.
  const LoadedScenario base = load_scenario(kSeed, {});
  CHECK_THROWS_WITH_AS(
      SweepPlan(base,
                parse_grid({"faas.delta_bytes=0:1e9:100000", "faas.ephemeral_storage_mb=512:10240:10000"})),
      doctest::Contains(
          "more than 100000 combinations of keys that are validated and priced before the sweep "
          "(faas.delta_bytes x faas.ephemeral_storage_mb: 100000 x 9729 values)"),
      InputError);
}

namespace {
// Keeps the rows in memory and asks the run to stop after the first chunk.
struct FirstChunkSink final : breakeven::RowSink {
  std::atomic<bool> stop{false};
  std::string text;
  int writes = 0;
  void write(const std::string& t) override {
    text += t;
    if (++writes == 2) stop = true;  // the header, then the first chunk of rows
  }
};
}  // namespace

TEST_CASE("a 10^9-point sweep streams its points: no list of them is made, and a stop ends it at once") {
  // 100,000 x 10,000 points (neither key is structural). The points were listed before the run (8 GB);
  // now they are walked, so the first chunk comes at once and the run stops after it.
  const LoadedScenario base = load_scenario(kSeed, {});
  const SweepPlan plan(base,
                       parse_grid({"faas.cache_hit_rate=0:1:100000", "workload.sample_bytes=1:1e9:10000"}));
  REQUIRE(plan.point_count() == 1'000'000'000);
  const breakeven::RowLayout layout(breakeven::RowKind::sweep, breakeven::RowFormat::csv, plan, "sweep",
                                    "analytic", "seed", false, false);
  const breakeven::AnalyticEvaluator evaluator;
  FirstChunkSink sink;
  breakeven::SweepRunOptions options;
  options.shard_index = 1;
  options.shard_count = 4;  // shard 2/4: points 1, 5, 9, ...
  options.stop = &sink.stop;
  const auto summary = breakeven::run_sweep(plan, layout, evaluator, false, sink, options);
  CHECK(summary.points == 250'000'000);
  CHECK(summary.done == evaluator.chunk_points());
  const auto lines = lines_of(sink.text);
  REQUIRE(lines.size() == 1 + evaluator.chunk_points());
  CHECK(lines[1].rfind("1,0,", 0) == 0);  // point 1: the first hit rate, the second sample size
  CHECK(lines[2].rfind("5,0,", 0) == 0);
}
