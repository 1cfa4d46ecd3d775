#include "cli/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace breakeven::cli {

namespace {

constexpr int kBarWidth = 30;
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);

}  // namespace

bool is_terminal(const std::ostream& err) {
  return &err == &std::cerr && isatty(STDERR_FILENO) == 1;
}

Progress::Progress(std::ostream& err, std::uint64_t total, std::string what)
    : Progress(err, total, std::move(what), is_terminal(err)) {}

Progress Progress::always(std::ostream& err, std::uint64_t total, std::string what) {
  return Progress(err, total, std::move(what), true);
}

Progress::Progress(std::ostream& err, std::uint64_t total, std::string what, bool enabled)
    : err_(&err),
      total_(total),
      what_(std::move(what)),
      enabled_(enabled && total > 0),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_ - kRedrawEvery) {}

Progress::~Progress() {
  finish();
}

void Progress::update(std::uint64_t done) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < kRedrawEvery && done < total_) return;
  last_draw_ = now;
  draw(done);
}

void Progress::draw(std::uint64_t done) {
  done = std::min(done, total_);
  const double fraction = static_cast<double>(done) / static_cast<double>(total_);
  const int filled = static_cast<int>(fraction * kBarWidth);
  const double elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  char tail[96];
  if (done > 0 && done < total_)
    std::snprintf(tail, sizeof tail, " %3.0f%%  %.0f s left", 100 * fraction,
                  elapsed_s * (1 - fraction) / fraction);
  else
    std::snprintf(tail, sizeof tail, " %3.0f%%", 100 * fraction);
  *err_ << "\r[" << std::string(static_cast<std::size_t>(filled), '#')
        << std::string(static_cast<std::size_t>(kBarWidth - filled), '.') << "] " << done << "/" << total_
        << " " << what_ << tail << "\x1b[K" << std::flush;
  drawn_ = true;
}

void Progress::finish() {
  if (!drawn_) return;
  *err_ << "\r\x1b[K" << std::flush;  // erase the bar: the command's output starts on a clean line
  drawn_ = false;
}

}  // namespace breakeven::cli
