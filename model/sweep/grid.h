// The grid of a sweep: one axis per swept scenario key, parsed from `--grid KEY=SPEC`. SPEC is a list
// (`512,1024,2048`), a linear range (`0:1:11`, 11 points from 0 to 1) or a logarithmic range
// (`1:3600:log50`, 50 points). Points are numbered in row-major order: the last axis varies fastest.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "model/spec/keys.h"

namespace breakeven {

struct GridAxis {
  const KeyDef* key = nullptr;      // the swept key (from the key table)
  std::string spec;                 // SPEC as the user gave it
  std::vector<std::string> values;  // each value as text, applied like `--set key=text`
};

// Parses one `KEY=SPEC`; throws InputError naming the option, what was expected and a suggestion.
// Range values are printed with 10 significant digits; for integer keys they are rounded and repeated
// values dropped.
GridAxis parse_grid_axis(const std::string& text);

// Parses every --grid option; a key given twice is an error.
std::vector<GridAxis> parse_grid(const std::vector<std::string>& texts);

// Row-major numbering of the points of a grid.
class GridShape {
 public:
  explicit GridShape(const std::vector<GridAxis>& axes);
  std::size_t point_count() const { return count_; }
  std::size_t axis_count() const { return sizes_.size(); }
  // The value index on `axis` of point `point`.
  std::size_t digit(std::size_t point, std::size_t axis) const {
    return point / strides_[axis] % sizes_[axis];
  }

 private:
  std::vector<std::size_t> sizes_, strides_;
  std::size_t count_ = 1;
};

// The points of shard `index` (0-based) of `count`: every count-th point starting at `index`, so each
// shard gets a fair share of every region of the grid and a missing shard leaves visible gaps.
inline bool in_shard(std::size_t point, std::size_t index, std::size_t count) {
  return point % count == index;
}

}  // namespace breakeven
