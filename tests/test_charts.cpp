// Charts: every kind draws an image with gnuplot and keeps its script and data beside it; results that
// lack what a kind needs are input errors; nothing from a results file or an option can make the
// generated script run a command. (gnuplot is installed by scripts/install-deps.sh.)
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli/chart_script_check.h"
#include "cli/charts_text.h"
#include "sweep_run.h"

using breakeven::cli::chart_script_problems;
using breakeven::test::cli;
using breakeven::test::fresh_dir;
using breakeven::test::read_all;
using breakeven::test::write_all;
namespace fs = std::filesystem;

namespace {

const std::string kSeed = "scenarios/thesis-movielens.yaml";
const std::string kPngSignature = "\x89PNG\r\n\x1a\n";

bool gnuplot_present() {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "");
  for (std::string d; std::getline(dirs, d, ':');)
    if (!d.empty() && fs::exists(fs::path(d) / "gnuplot")) return true;
  return false;
}

// The files in `dir`, by name.
std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

// The data blocks of a .dat file (separated by two blank lines), each as rows of whitespace-split cells
// (a quoted label is one cell), comments left out.
std::vector<std::vector<std::vector<std::string>>> blocks(const std::string& data) {
  std::vector<std::vector<std::vector<std::string>>> out(1);
  std::istringstream lines(data);
  int blank = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) {
      if (++blank == 2) out.emplace_back();
      continue;
    }
    blank = 0;
    if (line[0] == '#') continue;
    std::vector<std::string> cells;
    for (std::size_t i = 0; i < line.size();) {
      if (line[i] == ' ') {
        ++i;
      } else if (line[i] == '"') {
        const auto end = line.find('"', i + 1);
        cells.push_back(line.substr(i + 1, end - i - 1));
        i = end + 1;
      } else {
        const auto end = std::min(line.find(' ', i), line.size());
        cells.push_back(line.substr(i, end - i));
        i = end;
      }
    }
    out.back().push_back(cells);
  }
  while (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

struct Chart {
  std::string script, data;
};

// Draws `results` as `kind` into dir/NAME.svg; requires success (or only gnuplot missing).
Chart draw(const std::string& results, const std::string& kind, const fs::path& dir, const std::string& name,
           std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"chart", results, "--kind",
                                   kind,    "--out", (dir / (name + ".svg")).string()};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto r = cli(args);
  CAPTURE(r.err);
  REQUIRE(r.code == (gnuplot_present() ? 0 : 1));
  return {read_all(dir / (name + ".gp")), read_all(dir / (name + ".dat"))};
}

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
                        {"cost-breakdown", memory, "breakdown.pdf"},
                        {"power-tuning", memory, "tuning.png"}};
  for (const auto& c : cases) {
    CAPTURE(c.kind);
    const auto image = dir / c.image;
    const auto r = cli({"chart", c.results, "--kind", c.kind, "--out", image.string()});
    CAPTURE(r.err);
    REQUIRE(r.code == 0);
    const std::string bytes = read_all(image);
    const std::string ext = image.extension().string();
    if (ext == ".png") CHECK(bytes.rfind(kPngSignature, 0) == 0);
    if (ext == ".svg") CHECK(bytes.find("<svg") != std::string::npos);
    if (ext == ".pdf") CHECK(bytes.rfind("%PDF", 0) == 0);
    const std::string script = read_all(image.parent_path() / (image.stem().string() + ".gp"));
    CHECK(has(script, "set output './" + image.filename().string() + "'"));
    CHECK(has(script, "data = './" + image.stem().string() + ".dat'"));
    CHECK(chart_script_problems(script).empty());
    CHECK_FALSE(read_all(image.parent_path() / (image.stem().string() + ".dat")).empty());
  }
}

TEST_CASE("results without what a chart kind needs are input errors") {
  const auto dir = fresh_dir("chart-errors");
  const auto memory = (dir / "memory.csv").string();
  REQUIRE(cli({"sweep", kSeed, "--grid", "faas.memory_mb=512,1024", "--out", memory}).code == 0);
  auto r = cli({"chart", memory, "--kind", "cost-vs-interval", "--out", (dir / "x.png").string()});
  CHECK(r.code == 2);
  CHECK(has(r.err, "--kind cost-vs-interval needs workload.interval_s among the swept keys"));
  r = cli({"chart", memory, "--kind", "break-even-map", "--out", (dir / "x.png").string()});
  CHECK(r.code == 2);
  CHECK(has(r.err, "needs a grid of exactly two keys"));
  r = cli({"chart", memory, "--kind", "cost-vs-intervall", "--out", (dir / "x.png").string()});
  CHECK(r.code == 2);
  CHECK(has(r.err, "(did you mean 'cost-vs-interval'?)"));
  r = cli({"chart", memory, "--kind", "power-tunin", "--out", (dir / "x.png").string()});
  CHECK(r.code == 2);
  CHECK(has(r.err, "(did you mean 'power-tuning'?)"));
  r = cli({"chart", memory, "--kind", "cost-breakdown", "--out", (dir / "x.gif").string()});
  CHECK(r.code == 2);
  CHECK(has(r.err, "must end in .png, .svg or .pdf"));
}

TEST_CASE("a results JSON of the wrong shape is an input error that says what was expected") {
  const auto dir = fresh_dir("chart-json-shapes");
  struct Case {
    const char* json;
    const char* expected;
  };
  const Case cases[] = {
      {R"({"columns": "point,status", "rows": []})",
       "\"columns\" is string, expected an array of column names"},
      {R"({"columns": ["point", 7, "status"], "rows": []})",
       "\"columns\" holds number, expected column names"},
      {R"({"columns": ["point", "x", "status"], "rows": "none"})", "\"rows\" is string, expected an array"},
      {R"({"columns": ["point", "x", "status"], "rows": [[1, 2, "ok"]]})",
       "rows[0] is array, expected an object of column: value"},
      {R"({"command": 5, "scenario": [], "set": 3, "columns": ["point"], "rows": []})",
       "the first column must be 'point' and a 'status' column must follow"},
      {R"([1, 2])", "not the JSON output of breakeven sweep or solve --grid"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.json);
    write_all(dir / "bad.json", c.json);
    const auto r = cli({"chart", (dir / "bad.json").string(), "--kind", "cost-breakdown", "--out",
                        (dir / "x.png").string()});
    CHECK(r.code == 2);
    CHECK(has(r.err, c.expected));
  }
}

TEST_CASE("a missing output directory and an --out naming a directory are input errors") {
  const auto dir = fresh_dir("chart-out");
  const auto memory = (dir / "memory.csv").string();
  REQUIRE(cli({"sweep", kSeed, "--grid", "faas.memory_mb=512,1024", "--out", memory}).code == 0);
  auto r = cli({"chart", memory, "--kind", "cost-breakdown", "--out", (dir / "absent" / "x.png").string()});
  CHECK(r.code == 2);
  CHECK(
      has(r.err, "the output directory " + (dir / "absent").string() + " does not exist (create it first)"));
  fs::create_directories(dir / "pictures.png");
  r = cli({"chart", memory, "--kind", "cost-breakdown", "--out", (dir / "pictures.png").string()});
  CHECK(r.code == 2);
  CHECK(has(r.err, "names a directory; expected an image file in it"));
  r = cli({"chart", memory, "--kind", "cost-breakdown", "--out", (dir / "a\nb.png").string()});
  CHECK(r.code == 2);
  CHECK(has(r.err, "expected a plain file name"));
  CHECK(listing(dir) == std::set<std::string>{"memory.csv", "pictures.png"});
}

namespace {

// Text that would run `touch pwned` (or break the script) if it reached gnuplot unescaped: a newline
// or CR ending a string's line, quotes ending the string, a backquote (gnuplot runs it inside double
// quotes), a macro, a backslash at the end (escapes a closing double quote), invalid UTF-8 and a
// right-to-left override, and text long enough to test the cut.
const std::vector<std::string> kPayloads = {
    "x\nsystem('touch pwned')",
    "x\rsystem('touch pwned')",
    "`touch pwned`",
    "@macro; system('touch pwned')",
    "\"; system('touch pwned'); \"",
    "'; system('touch pwned'); '",
    "ends in \\",
    "\\\nsystem('touch pwned')",
    "x\n!touch pwned",
    "x\n<touch pwned",
    "bad \xff\xfe utf-8 \xe2\x80\xae reversed\x1b[31m",
    std::string(5000, 'A') + "\nsystem('touch pwned')",
};

// `results` (a sweep or solve JSON) with the swept key `key` renamed to `payload` and its values
// replaced by `payload` and the value's position; the scenario's name becomes `payload` too.
std::string with_payload(const std::string& results, const std::string& key, const std::string& payload,
                         const std::string& numeric_key = "") {
  auto j = nlohmann::json::parse(results);
  j["scenario"] = payload;
  std::vector<std::string> seen;
  for (auto& c : j["columns"])
    if (c == key)
      c = payload;
    else if (c == numeric_key)
      c = payload + " 2";
  for (auto& row : j["rows"]) {
    const std::string value = row[key].dump();
    const auto at = std::find(seen.begin(), seen.end(), value);
    if (at == seen.end()) seen.push_back(value);
    row[payload] = payload + " " + std::to_string(std::find(seen.begin(), seen.end(), value) - seen.begin());
    row.erase(key);
    if (!numeric_key.empty()) row[payload + " 2"] = row[numeric_key], row.erase(numeric_key);
  }
  // nlohmann writes JSON only in UTF-8: invalid bytes are left out here (they reach the chart through
  // --title and CSV files instead).
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::ignore);
}

}  // namespace

TEST_CASE("no text from a results file or --title makes a chart's script run a command") {
  const auto base = fresh_dir("chart-payload-base");
  REQUIRE(cli({"sweep", kSeed, "--grid", "workload.interval_s=1:3600:log6", "--grid",
               "faas.cache_hit_rate=0,1", "--format", "json", "--out", (base / "interval.json").string()})
              .code == 0);
  REQUIRE(cli({"sweep", kSeed, "--grid", "faas.memory_mb=128,1024,2048", "--grid", "faas.cache_hit_rate=0,1",
               "--format", "json", "--out", (base / "memory.json").string()})
              .code == 0);
  REQUIRE(cli({"solve", kSeed, "--grid", "faas.cache_hit_rate=0:1:3", "--grid", "faas.memory_mb=1024,2048",
               "--format", "json", "--out", (base / "map.json").string()})
              .code == 0);
  const std::string interval = read_all(base / "interval.json"), memory = read_all(base / "memory.json"),
                    map = read_all(base / "map.json");
  struct Case {
    const char* kind;
    const std::string& results;
    const char* numeric_key;  // a numeric swept key renamed too, where the kind does not need it by name
  };
  const Case cases[] = {{"cost-vs-interval", interval, ""},
                        {"cost-breakdown", interval, "workload.interval_s"},
                        {"latency-vs-memory", memory, ""},
                        {"power-tuning", memory, ""},
                        {"break-even-map", map, "faas.memory_mb"}};
  for (const auto& payload : kPayloads)
    for (const auto& c : cases) {
      CAPTURE(payload);
      CAPTURE(c.kind);
      const auto dir = fresh_dir("chart-payload");
      write_all(dir / "results.json", with_payload(c.results, "faas.cache_hit_rate", payload, c.numeric_key));
      const Chart chart = draw((dir / "results.json").string(), c.kind, dir, "chart", {"--title", payload});
      const auto problems = chart_script_problems(chart.script);
      CHECK_MESSAGE(problems.empty(), (problems.empty() ? std::string() : problems.front()));
      // The payload reached the chart (as inert text) and nothing but the chart's files was written.
      if (has(payload, "touch pwned") && payload.size() < 100)
        CHECK(has(chart.script + chart.data, "touch pwned"));
      std::set<std::string> expected = {"results.json", "chart.gp", "chart.dat"};
      if (gnuplot_present()) expected.insert("chart.svg");
      CHECK(listing(dir) == expected);
    }
}

TEST_CASE("an image name starting with < or | is written as a file, not run") {
  const auto dir = fresh_dir("chart-pipe-name");
  const auto memory = (dir / "memory.csv").string();
  REQUIRE(cli({"sweep", kSeed, "--grid", "faas.memory_mb=512,1024", "--out", memory}).code == 0);
  for (const std::string name : {"|touch pwned", "<touch pwned"}) {
    CAPTURE(name);
    const Chart chart = draw(memory, "cost-breakdown", dir, name);
    CHECK(chart_script_problems(chart.script).empty());
    CHECK(has(chart.script, "set output './" + name + ".svg'"));
    if (gnuplot_present()) CHECK(fs::exists(dir / (name + ".svg")));
    CHECK_FALSE(fs::exists(dir / "pwned"));
  }
}

TEST_CASE("the script check finds every way a line could run a command") {
  const std::string ok =
      "set terminal svg\nset output './a.svg'\ndata = './a.dat'\nset title 'it\u2019s'\n"
      "plot \\\n  data index 0 using 1:2 title 'a, b', \\\n  $contours using 1:2 notitle\n";
  CHECK(chart_script_problems(ok).empty());
  const char* const bad[] = {
      "set title 'x\nsystem('touch pwned')'\n",       // the string ends at the newline
      "set title \"x\" ; system(\"touch pwned\")\n",  // a second command on the line
      "set title \"`touch pwned`\"\n",                // a backquote
      "set title 'x'\nsystem('touch pwned')\n",       // a command that is not set/unset/plot
      "@macro\n",                                     // a macro
      "!touch pwned\n",                               // a shell escape
      "set title 'a\rb'\n",                           // a control character
      "# a comment \\\nsystem('touch pwned')\n",      // a comment continued onto the next line
      "set output '|touch pwned'\n",                  // an output pipe
      "data = '<touch pwned'\n",                      // an input pipe
      "plot '<touch pwned' using 1:2\n",              // a plotted pipe
      "plot data using 1:2, '<touch pwned' using 1:2\n",
      "set title 'x' \\\n",  // continues past the end
      "load 'other.gp'\n",
      "set label 1 sprintf('%s', system('id'))\n",
      "set title 'unterminated\n",
  };
  for (const char* script : bad) {
    CAPTURE(script);
    CHECK_FALSE(chart_script_problems(script).empty());
  }
}

TEST_CASE("chart text keeps printable UTF-8 and makes everything else inert") {
  using breakeven::cli::clean_text;
  using breakeven::cli::dat_quote;
  using breakeven::cli::gp_quote;
  CHECK(clean_text("Lambda 2048 MB, µs") == "Lambda 2048 MB, µs");
  CHECK(clean_text("a\nb\rc\td\x7f"
                   "e") == "a b c d e");
  CHECK(clean_text("\xe2\x80\xae"
                   "abc\xc2\x85") == " abc ");  // right-to-left override, NEL
  CHECK(clean_text("\xff\xc3") == "??");        // not UTF-8; a cut sequence
  CHECK(clean_text("\xc0\xaf") == "??");        // overlong '/'
  CHECK(clean_text("run `id`") == "run 'id'");
  CHECK(clean_text(std::string(200, 'a'), 10) == "aaaaaaaaaa...");
  CHECK(gp_quote("it's \\") == "'it\u2019s \\'");
  CHECK(dat_quote({"say \"hi\"", "C:\\"}) == "\"say 'hi'\\nC:/\"");
}

namespace {

// The rows of a sweep or solve JSON output.
nlohmann::json rows_of(const fs::path& results) {
  return nlohmann::json::parse(read_all(results))["rows"];
}

bool is_nan_cell(const std::string& cell) {
  return cell == "NaN";
}

}  // namespace

TEST_CASE(
    "cost-vs-interval names curves for people, colours break-evens like their curve, skips infeasible") {
  const auto dir = fresh_dir("chart-interval-kind");
  const auto results = dir / "sweep.json";
  REQUIRE(cli({"sweep", kSeed, "--grid", "workload.interval_s=1:3600:log20", "--grid",
               "faas.cache_hit_rate=0,0.5,1", "--format", "json", "--out", results.string()})
              .code == 0);
  const Chart chart = draw(results.string(), "cost-vs-interval", dir, "cost", {"--scenario", kSeed});
  for (const char* title : {"title 'FaaS, model never cached'", "title 'FaaS, model cached 50 % of the time'",
                            "title 'FaaS, model always cached'", "title 'EC2 t2.small'",
                            "set title 'thesis-movielens: Cost per hour against the interval between batches "
                            "(Lambda 2048 MB)'",
                            "set arrow 1 from 600, graph 0"})  // the scenario's keep-alive_s: 600
    CHECK_MESSAGE(has(chart.script, title), title);
  const auto rows = rows_of(results);
  const auto b = blocks(chart.data);
  REQUIRE(b.size() == 6);  // three curves, then the break-even points of each
  // Rows come hit rate fastest: curve k holds every third row from k, in interval order.
  std::size_t nan_rows = 0;
  for (std::size_t k = 0; k < 3; ++k) {
    REQUIRE(b[k].size() == rows.size() / 3);
    for (std::size_t i = 0; i < b[k].size(); ++i) {
      const auto& row = rows[3 * i + k];
      CHECK(std::stod(b[k][i][0]) == doctest::Approx(row["workload.interval_s"].get<double>()));
      CHECK(is_nan_cell(b[k][i][1]) == !row["faas_feasible"].get<bool>());
      CHECK(is_nan_cell(b[k][i][2]) == !row["iaas_feasible"].get<bool>());
      nan_rows += is_nan_cell(b[k][i][1]);
    }
  }
  CHECK(nan_rows > 0);  // the short intervals are infeasible for FaaS (an invocation takes 3-6 s)
  // At 1 s neither side keeps up in this scenario: the shaded range says so.
  REQUIRE(rows[0]["faas_feasible"] == false);
  CHECK(has(chart.script,
            rows[0]["iaas_feasible"] == false ? "'neither FaaS nor EC2 keeps up'" : "'FaaS cannot keep up'"));
  // Each curve's break-even lies between the two neighbouring intervals where the cheaper side changes
  // with both sides feasible, is labelled with its interval, and is drawn in its curve's colour.
  for (std::size_t k = 0; k < 3; ++k) {
    REQUIRE(b[3 + k].size() == 1);
    const double x = std::stod(b[3 + k][0][0]);
    bool bracketed = false;
    for (std::size_t i = 0; i + 1 < b[k].size(); ++i) {
      const auto &a = rows[3 * i + k], &c = rows[3 * (i + 1) + k];
      if (a["cheaper"] != c["cheaper"] && a["faas_feasible"] == true && a["iaas_feasible"] == true &&
          c["faas_feasible"] == true && c["iaas_feasible"] == true)
        bracketed = bracketed || (a["workload.interval_s"].get<double>() < x &&
                                  x < c["workload.interval_s"].get<double>());
    }
    CHECK(bracketed);
    CHECK(b[3 + k][0][3] == breakeven::cli::short_time(x));
    const std::string colour = chart.script.substr(
        chart.script.find("data index " + std::to_string(k) + " using 1:2 with linespoints"), 200);
    const std::string mark = chart.script.substr(
        chart.script.find("data index " + std::to_string(3 + k) + " using 1:2 with points"), 200);
    CHECK(colour.substr(colour.find("lc rgb"), 16) == mark.substr(mark.find("lc rgb"), 16));
  }
}

TEST_CASE(
    "latency-vs-memory, cost-breakdown and power-tuning never draw an infeasible memory size as valid") {
  const auto dir = fresh_dir("chart-memory-kinds");
  const auto results = dir / "memory.json";
  REQUIRE(cli({"sweep", kSeed, "--grid", "faas.memory_mb=128,256,1024,2048", "--grid",
               "faas.arch=x86_64,arm64", "--format", "json", "--out", results.string()})
              .code == 0);
  const auto rows = rows_of(results);
  std::set<std::string> infeasible;  // memory sizes the sweep marks infeasible, as the data file writes them
  double cheapest_cost = INFINITY, cheapest_mb = 0;
  for (const auto& row : rows) {
    if (row["faas_feasible"] == false) infeasible.insert(std::to_string(row["faas.memory_mb"].get<int>()));
    if (row["faas_feasible"] == true && row["faas_cost_usd_per_hour"].get<double>() < cheapest_cost)
      cheapest_cost = row["faas_cost_usd_per_hour"], cheapest_mb = row["faas.memory_mb"];
  }
  // The seed's model does not fit in 128 MB (docs/model.md: model bytes and the runtime must fit).
  REQUIRE(infeasible.count("128") == 1);

  const Chart latency = draw(results.string(), "latency-vs-memory", dir, "latency", {"--scenario", kSeed});
  auto b = blocks(latency.data);
  REQUIRE(b.size() == 3);  // one block per architecture, then the infeasible sizes
  for (std::size_t k = 0; k < 2; ++k)
    for (const auto& cells : b[k]) CHECK(is_nan_cell(cells[1]) == (infeasible.count(cells[0]) == 1));
  std::set<std::string> marked;
  for (const auto& cells : b[2])
    if (!is_nan_cell(cells[0])) marked.insert(cells[0]);
  CHECK(marked == infeasible);
  // Both architectures are named: one curve each, or one curve that says they are alike.
  CHECK((has(latency.script, "title 'FaaS (x86_64 and arm64 alike)'") ||
         (has(latency.script, "title 'FaaS, x86_64'") && has(latency.script, "title 'FaaS, arm64'"))));
  CHECK(has(latency.script, "title 'EC2 t2.small, one batch'"));
  CHECK(has(latency.script, "set title 'thesis-movielens: Time of one training invocation"));

  const Chart breakdown = draw(results.string(), "cost-breakdown", dir, "breakdown", {"--scenario", kSeed});
  b = blocks(breakdown.data);
  REQUIRE(b.size() == 1);
  REQUIRE(b[0].size() == rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string mb = std::to_string(rows[i]["faas.memory_mb"].get<int>());
    // One line per swept key, joined by gnuplot's newline escape: no literal "n", no run-together keys.
    CHECK(b[0][i][1] == mb + " MB\\n" + rows[i]["faas.arch"].get<std::string>());
    const bool ok = rows[i]["faas_feasible"];
    for (std::size_t col = 2; col <= 4; ++col) CHECK(is_nan_cell(b[0][i][col]) == !ok);
    CHECK(b[0][i][7] == (ok ? "" : "FaaS infeasible"));
  }
  CHECK(has(breakdown.script, "set xlabel 'swept point (Lambda memory (MB), Lambda architecture)'"));
  CHECK(has(breakdown.script, "title 'EC2 t2.small instance'"));

  const Chart tuning = draw(results.string(), "power-tuning", dir, "tuning", {"--scenario", kSeed});
  b = blocks(tuning.data);
  REQUIRE(b.size() == 4);  // two settings, the infeasible sizes, the cheapest size of each setting
  for (std::size_t k = 0; k < 2; ++k)
    for (const auto& cells : b[k]) {
      CHECK(is_nan_cell(cells[1]) == (infeasible.count(cells[0]) == 1));
      CHECK(is_nan_cell(cells[2]) == (infeasible.count(cells[0]) == 1));
    }
  double best = INFINITY;
  for (const auto& cells : b[3])
    if (!is_nan_cell(cells[1])) best = std::min(best, std::stod(cells[1]));
  CHECK(best == doctest::Approx(cheapest_cost));
  CHECK(has(tuning.data, "cheapest: " + std::to_string(static_cast<int>(cheapest_mb)) + " MB\""));
  CHECK(has(tuning.script, "title 'EC2 t2.small: cost'"));
  CHECK(has(tuning.script, "title 'x86_64: cost'"));
  CHECK(has(tuning.script, "title 'arm64: time'"));
}

TEST_CASE("break-even-map names the scenario and labels every contour level, however short") {
  const auto dir = fresh_dir("chart-map-kind");
  const auto results = dir / "map.json";
  REQUIRE(cli({"solve", kSeed, "--grid", "faas.cache_hit_rate=0:1:5", "--grid",
               "faas.memory_mb=1024,2048,4096", "--format", "json", "--out", results.string()})
              .code == 0);
  for (const auto& row : rows_of(results)) REQUIRE(row["break_even_interval_s"].is_number());
  const Chart chart = draw(results.string(), "break-even-map", dir, "map");
  CHECK(has(chart.script,
            "set title 'thesis-movielens: Break-even interval between batches"));  // from the JSON
  const auto levels_at = chart.script.find("set cntrparam levels discrete ");
  REQUIRE(levels_at != std::string::npos);
  const std::string levels = chart.script.substr(levels_at, chart.script.find('\n', levels_at) - levels_at);
  const auto b = blocks(chart.data);
  REQUIRE(b.size() == 4);  // cells, the grid, cells without a break-even, the contour labels
  // Every level lies strictly between the smallest and largest break-even of a grid with no gap, so
  // it crosses some pair of neighbouring cells: one label each.
  std::size_t labels = 0;
  for (const auto& cells : b[3]) labels += !is_nan_cell(cells[0]);
  CHECK(labels == static_cast<std::size_t>(std::count(levels.begin(), levels.end(), ',') + 1));
  CHECK(has(chart.script, "set logscale y"));  // 1024..4096 MB: doubling sizes get equal cells
}
