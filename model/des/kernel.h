// The discrete-event kernel: an integer clock in microseconds, an event heap ordered by (time, sequence)
// so that events at equal times run in the order they were scheduled, schedule/cancel and run_until.
// No global state: several simulators can run side by side (one per thread in a sweep).
#pragma once

#include <cstdint>
#include <unordered_set>
#include <vector>

namespace breakeven::des {

using TimeUs = std::int64_t;  // simulated time in whole microseconds

inline constexpr TimeUs kUsPerSecond = 1000000;

// Seconds -> whole microseconds (rounded to nearest) and back.
inline TimeUs to_us(double seconds) { return static_cast<TimeUs>(seconds * 1e6 + (seconds >= 0 ? 0.5 : -0.5)); }
inline double to_s(TimeUs us) { return static_cast<double>(us) * 1e-6; }

// An entity that receives events: `kind` and `arg` are the entity's own (which timer, which environment).
class EventHandler {
 public:
  virtual ~EventHandler() = default;
  virtual void on_event(int kind, std::int64_t arg) = 0;
};

using EventId = std::uint64_t;  // the event's sequence number; unique within one simulator

class Simulator {
 public:
  TimeUs now() const { return now_; }

  // Schedules `handler->on_event(kind, arg)` at absolute time `at` (not before now).
  EventId schedule_at(TimeUs at, EventHandler* handler, int kind, std::int64_t arg = 0);
  EventId schedule_in(TimeUs delay, EventHandler* handler, int kind, std::int64_t arg = 0) {
    return schedule_at(now_ + delay, handler, kind, arg);
  }

  // Cancels a pending event (lazily: it is dropped when it reaches the top of the heap).
  void cancel(EventId id);

  // Runs every event with time <= `until`, in (time, sequence) order; the clock ends at `until`
  // even when the heap empties earlier.
  void run_until(TimeUs until);

  // Runs events until the heap is empty.
  void run_all();

  // Runs the next event; false when there is none.
  bool step();

  std::size_t pending() const { return heap_.size() - cancelled_.size(); }
  std::uint64_t events_run() const { return events_run_; }

 private:
  struct Event {
    TimeUs time;
    EventId seq;
    EventHandler* handler;
    int kind;
    std::int64_t arg;
  };
  // Min-heap on (time, seq): std heap functions keep the maximum on top, so the comparison is reversed.
  static bool later(const Event& a, const Event& b) { return a.time != b.time ? a.time > b.time : a.seq > b.seq; }
  bool pop_live(Event& out);

  TimeUs now_ = 0;
  EventId next_seq_ = 0;
  std::uint64_t events_run_ = 0;
  std::vector<Event> heap_;
  std::unordered_set<EventId> cancelled_;  // only looked up, never iterated: order does not leak into output
};

}  // namespace breakeven::des
