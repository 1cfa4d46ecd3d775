#include "model/des/kernel.h"

#include <algorithm>
#include <stdexcept>

namespace breakeven::des {

void Simulator::Lane::pop_front() {
  ++head;
  if (head == events.size()) {
    events.clear();
    head = 0;
  } else if (head >= 1024 && head * 2 >= events.size()) {
    // Reclaim the taken half: amortised O(1) per event, memory bounded by twice the pending events.
    events.erase(events.begin(), events.begin() + static_cast<std::ptrdiff_t>(head));
    head = 0;
  }
}

EventId Simulator::schedule_at(TimeUs at, EventHandler* handler, int kind, std::int64_t arg) {
  if (at < now_) throw std::logic_error("event scheduled in the past");
  if (kind < 0 || kind >= (1 << kKindBits)) throw std::logic_error("event kind out of range");
  const EventId id = next_seq_++;
  const Event e{at, (id << kKindBits) | static_cast<std::uint64_t>(kind), handler, arg};
  if (kind < kLanes) {
    Lane& lane = lanes_[kind];
    // Sequence numbers only grow, so a time not below the lane's last keeps the lane in order.
    if (lane.empty() || at >= lane.events.back().time) {
      lane.events.push_back(e);
      return id;
    }
  }
  heap_.push_back(e);
  std::push_heap(heap_.begin(), heap_.end(), later);
  return id;
}

void Simulator::cancel(EventId id) {
  if (id < next_seq_) cancelled_.insert(id);
}

std::size_t Simulator::pending() const {
  std::size_t n = heap_.size();
  for (const Lane& lane : lanes_) n += lane.events.size() - lane.head;
  return n - cancelled_.size();
}

int Simulator::earliest() {
  for (;;) {
    int best = heap_.empty() ? kNone : kHeap;
    const Event* best_event = heap_.empty() ? nullptr : &heap_.front();
    for (int l = 0; l < kLanes; ++l) {
      const Lane& lane = lanes_[l];
      if (!lane.empty() && (!best_event || earlier(lane.front(), *best_event))) {
        best = l;
        best_event = &lane.front();
      }
    }
    if (best == kNone || cancelled_.empty() || !cancelled_.count(best_event->seq())) return best;
    cancelled_.erase(take(best).seq());
  }
}

Simulator::Event Simulator::take(int source) {
  if (source == kHeap) {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    const Event e = heap_.back();
    heap_.pop_back();
    return e;
  }
  Lane& lane = lanes_[source];
  const Event e = lane.front();
  lane.pop_front();
  return e;
}

bool Simulator::step() {
  const int source = earliest();
  if (source == kNone) return false;
  const Event e = take(source);
  now_ = e.time;
  ++events_run_;
  e.handler->on_event(e.kind(), e.arg);
  return true;
}

void Simulator::run_until(TimeUs until) {
  for (;;) {
    const int source = earliest();
    if (source == kNone) break;
    const Event& next = source == kHeap ? heap_.front() : lanes_[source].front();
    if (next.time > until) break;
    const Event e = take(source);
    now_ = e.time;
    ++events_run_;
    e.handler->on_event(e.kind(), e.arg);
  }
  if (until > now_) now_ = until;
}

void Simulator::run_all() {
  while (step()) {
  }
}

}  // namespace breakeven::des
