#include "model/sweep/ordered_runner.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace breakeven {

namespace {
constexpr std::chrono::milliseconds kPoll{50};
}  // namespace

void run_ordered(const PointSequence& points, const std::function<PointWork()>& make_worker,
                 const std::function<void(const std::string& text, std::size_t points_done)>& emit,
                 const OrderedRunOptions& options) {
  const std::size_t chunk = std::max<std::size_t>(1, options.chunk_points);
  const std::size_t chunks = (points.size() + chunk - 1) / chunk;
  auto stopped = [&] { return options.stop && options.stop->load(); };
  auto work_chunk = [&](const PointWork& work, std::size_t c, std::string& out) {
    const std::size_t end = std::min(points.size(), (c + 1) * chunk);
    for (std::size_t k = c * chunk; k < end; ++k) work(points[k], out);
  };

  if (options.jobs <= 1 || chunks <= 1) {
    const PointWork work = make_worker();
    std::string text;
    for (std::size_t c = 0; c < chunks && !stopped(); ++c) {
      text.clear();
      work_chunk(work, c, text);
      emit(text, std::min(points.size(), (c + 1) * chunk));
    }
    return;
  }

  // Workers take chunks in order, at most `window` ahead of the last one emitted, and leave their
  // output in a ring of slots; the calling thread emits the slots in order.
  const std::size_t window = 4 * static_cast<std::size_t>(options.jobs);
  std::vector<std::string> slots(window);
  std::vector<char> ready(window, 0);
  std::size_t next = 0, emitted = 0;
  bool failed = false;
  std::exception_ptr error;
  std::size_t error_chunk = chunks;
  std::mutex m;
  std::condition_variable cv;

  auto worker = [&] {
    PointWork work;
    try {
      work = make_worker();
    } catch (...) {
      std::lock_guard<std::mutex> lock(m);
      if (!error) error = std::current_exception(), error_chunk = 0;
      failed = true;
      cv.notify_all();
      return;
    }
    std::string text;
    for (;;) {
      std::size_t c;
      {
        std::unique_lock<std::mutex> lock(m);
        // Polls `stop`, which is set from outside without notifying.
        while (!cv.wait_for(
            lock, kPoll, [&] { return failed || stopped() || next >= chunks || next < emitted + window; })) {
        }
        if (failed || stopped() || next >= chunks) return;
        c = next++;
      }
      text.clear();
      try {
        work_chunk(work, c, text);
      } catch (...) {
        std::lock_guard<std::mutex> lock(m);
        if (!error || c < error_chunk) error = std::current_exception(), error_chunk = c;
        failed = true;
        cv.notify_all();
        return;
      }
      std::lock_guard<std::mutex> lock(m);
      slots[c % window].swap(text);
      ready[c % window] = 1;
      cv.notify_all();
    }
  };

  std::vector<std::thread> threads;
  for (unsigned j = 0; j < options.jobs; ++j) threads.emplace_back(worker);
  std::exception_ptr emit_error;
  std::string text;
  for (std::size_t c = 0; c < chunks; ++c) {
    {
      std::unique_lock<std::mutex> lock(m);
      while (!cv.wait_for(lock, kPoll,
                          [&] { return ready[c % window] || failed || (stopped() && next <= c); })) {
      }
      if (!ready[c % window]) break;
      text.swap(slots[c % window]);
      ready[c % window] = 0;
    }
    try {
      emit(text, std::min(points.size(), (c + 1) * chunk));
    } catch (...) {
      emit_error = std::current_exception();
      std::lock_guard<std::mutex> lock(m);
      failed = true;
      cv.notify_all();
      break;
    }
    std::lock_guard<std::mutex> lock(m);
    ++emitted;
    cv.notify_all();
  }
  {
    std::lock_guard<std::mutex> lock(m);
    failed = failed || emitted < chunks;
    cv.notify_all();
  }
  for (auto& t : threads) t.join();
  if (emit_error) std::rethrow_exception(emit_error);
  if (error) std::rethrow_exception(error);
}

}  // namespace breakeven
