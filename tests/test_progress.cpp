// The progress bar every long command shares (cli/progress.h): drawn on a terminal only.
#include <doctest/doctest.h>

#include <sstream>
#include <thread>

#include "cli/progress.h"
#include "cli/run.h"

using namespace breakeven::cli;

TEST_CASE("a progress bar is never drawn on a stream that is not the terminal's stderr") {
  std::ostringstream err;
  {
    Progress progress(err, 10, "batches");
    CHECK_FALSE(progress.enabled());
    for (std::uint64_t i = 0; i <= 10; ++i) progress.update(i);
  }
  CHECK(err.str().empty());
  CHECK_FALSE(is_terminal(err));
}

TEST_CASE("a drawn bar shows done of total and the unit, and clears its line when finished") {
  std::ostringstream err;
  {
    Progress progress = Progress::always(err, 4, "points");
    REQUIRE(progress.enabled());
    progress.update(2);
    // Half of 30 cells filled: 15 '#' then 15 '.'.
    CHECK(err.str().find("[###############...............] 2/4 points  50%") != std::string::npos);
    progress.update(4);  // the last update is always drawn, however soon after the previous one
    CHECK(err.str().find("4/4 points 100%") != std::string::npos);
  }
  // The destructor erased the line: the output after it starts at column 0 on a cleared line.
  const std::string s = err.str();
  CHECK(s.substr(s.size() - 4) == "\r\x1b[K");
}

TEST_CASE("updates closer together than a tenth of a second are not redrawn") {
  std::ostringstream err;
  Progress progress = Progress::always(err, 1000, "batches");
  progress.update(1);
  const std::size_t after_first = err.str().size();
  progress.update(2);  // immediately after: skipped
  CHECK(err.str().size() == after_first);
  std::this_thread::sleep_for(std::chrono::milliseconds(120));
  progress.update(3);
  CHECK(err.str().size() > after_first);
}

TEST_CASE("a sweep run into a string stream writes no progress bar to its stderr") {
  std::ostringstream out, err;
  REQUIRE(run({"sweep", "scenarios/thesis-movielens.yaml", "--grid", "faas.memory_mb=1024,2048"}, out, err) ==
          0);
  CHECK(err.str().find('[') == std::string::npos);
  CHECK(err.str().find('\r') == std::string::npos);
}
