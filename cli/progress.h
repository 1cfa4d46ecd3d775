// One progress bar for every command that can take more than two seconds. It is drawn on stderr only
// when stderr is a terminal, so files and pipes never see it; it redraws at most ten times a second and
// clears its line when the work is done, so the command's own output starts on a clean line.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace breakeven::cli {

// True when `err` is the process's std::cerr and file descriptor 2 is a terminal.
bool is_terminal(const std::ostream& err);

class Progress {
 public:
  // Draws on `err` when it is a terminal; `what` names the unit counted ("batches", "points").
  Progress(std::ostream& err, std::uint64_t total, std::string what);
  // Draws whatever `err` is (for tests): the same bar a terminal would show.
  static Progress always(std::ostream& err, std::uint64_t total, std::string what);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // `done` of the total so far; cheap when nothing is drawn.
  void update(std::uint64_t done);
  // Clears the bar's line (also done by the destructor).
  void finish();
  bool enabled() const { return enabled_; }

 private:
  Progress(std::ostream& err, std::uint64_t total, std::string what, bool enabled);
  void draw(std::uint64_t done);

  std::ostream* err_;
  std::uint64_t total_;
  std::string what_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace breakeven::cli
