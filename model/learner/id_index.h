// Maps external ids (user or item ids) to dense row numbers, in order of first appearance. Ids below
// kDirectLimit use a flat lookup vector (one load, no hashing: MovieLens ids are below 300,000); larger
// ids fall back to a hash map.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace breakeven {

class IdIndex {
 public:
  static constexpr std::uint64_t kDirectLimit = std::uint64_t{1} << 24;
  static constexpr std::int32_t kAbsent = -1;

  // Row of the id, or kAbsent.
  std::int32_t find(std::uint64_t id) const {
    if (id < kDirectLimit) return id < direct_.size() ? direct_[id] : kAbsent;
    auto it = large_.find(id);
    return it == large_.end() ? kAbsent : it->second;
  }
  // Starts loading the id's entry in the flat lookup vector, so a find() a few samples later hits the cache.
  void prefetch(std::uint64_t id) const {
    if (id < direct_.size()) __builtin_prefetch(direct_.data() + id);
  }
  // Row of the id; a new id gets the next row.
  std::int32_t insert(std::uint64_t id, bool& inserted) {
    const std::int32_t found = find(id);
    inserted = found == kAbsent;
    if (!inserted) return found;
    const auto row = static_cast<std::int32_t>(ids_.size());
    ids_.push_back(id);
    if (id < kDirectLimit) {
      if (id >= direct_.size()) direct_.resize(std::max<std::size_t>(id + 1, direct_.size() * 2), kAbsent);
      direct_[id] = row;
    } else {
      large_.emplace(id, row);
    }
    return row;
  }
  const std::vector<std::uint64_t>& ids() const { return ids_; }  // row -> id
  std::size_t size() const { return ids_.size(); }
  void assign(const std::vector<std::uint64_t>& ids) {
    ids_.clear();
    direct_.clear();
    large_.clear();
    bool inserted = false;
    for (auto id : ids) insert(id, inserted);
  }

 private:
  std::vector<std::uint64_t> ids_;
  std::vector<std::int32_t> direct_;
  std::unordered_map<std::uint64_t, std::int32_t> large_;
};

}  // namespace breakeven
