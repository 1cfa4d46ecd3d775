// Deltas between two images of one model: for each table, the runs of rows that differ from the base
// (rows beyond the base's end included), compressed with zstd. This knows the model's structure,
// where the thesis ran Xdelta3 over two pickles (docs/performance.md compares the two).
// apply_delta(base, encode_delta(base, current)) == current, byte for byte.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "model/learner/model_image.h"

namespace breakeven {

struct DeltaStats {
  std::size_t raw_bytes = 0;         // delta before compression
  std::size_t compressed_bytes = 0;  // what would be stored
  std::size_t rows_changed = 0;      // rows shipped (changed or new)
  std::size_t rows_total = 0;        // rows in the current image
};

constexpr int kDefaultDeltaZstdLevel = 3;  // zstd's own default level (zstd.h, ZSTD_CLEVEL_DEFAULT)

// Throws RunError when the images are of different learner kinds or layouts.
std::vector<std::uint8_t> encode_delta(const ModelImage& base, const ModelImage& current,
                                       int zstd_level = kDefaultDeltaZstdLevel, DeltaStats* stats = nullptr);
// Throws RunError when the delta is corrupt or was made against another base.
ModelImage apply_delta(const ModelImage& base, std::span<const std::uint8_t> delta);

}  // namespace breakeven
