#include "model/des/kernel.h"

#include <algorithm>
#include <stdexcept>

namespace breakeven::des {

EventId Simulator::schedule_at(TimeUs at, EventHandler* handler, int kind, std::int64_t arg) {
  if (at < now_) throw std::logic_error("event scheduled in the past");
  if (kind < 0 || kind >= (1 << kKindBits)) throw std::logic_error("event kind out of range");
  const EventId id = next_seq_++;
  heap_.push_back(Event{at, (id << kKindBits) | static_cast<std::uint64_t>(kind), handler, arg});
  std::push_heap(heap_.begin(), heap_.end(), later);
  return id;
}

void Simulator::cancel(EventId id) {
  if (id < next_seq_) cancelled_.insert(id);
}

bool Simulator::pop_live(Event& out) {
  while (!heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    out = heap_.back();
    heap_.pop_back();
    if (!cancelled_.empty() && cancelled_.erase(out.seq())) continue;
    return true;
  }
  return false;
}

bool Simulator::step() {
  Event e;
  if (!pop_live(e)) return false;
  now_ = e.time;
  ++events_run_;
  e.handler->on_event(e.kind(), e.arg);
  return true;
}

void Simulator::run_until(TimeUs until) {
  while (!heap_.empty()) {
    // Drop cancelled events at the top so that the time test looks at a live one.
    const Event& top = heap_.front();
    if (!cancelled_.empty() && cancelled_.count(top.seq())) {
      Event dropped;
      std::pop_heap(heap_.begin(), heap_.end(), later);
      dropped = heap_.back();
      heap_.pop_back();
      cancelled_.erase(dropped.seq());
      continue;
    }
    if (top.time > until) break;
    step();
  }
  if (until > now_) now_ = until;
}

void Simulator::run_all() {
  while (step()) {
  }
}

}  // namespace breakeven::des
