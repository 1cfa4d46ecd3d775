// A source of samples read a chunk at a time, so memory does not grow with the stream.
#pragma once

#include <cstddef>
#include <string>

#include "model/learner/batch.h"

namespace breakeven {

class SampleStream {
 public:
  virtual ~SampleStream() = default;
  // Appends up to n samples to `out` and returns how many; 0 means the stream has ended. A reader that
  // meets a malformed line throws InputError after appending the samples before it.
  virtual std::size_t next(Batch& out, std::size_t n) = 0;
  virtual std::size_t feature_count() const = 0;  // 0 for rating streams
  virtual std::string describe() const = 0;       // one line for provenance in outputs
};

}  // namespace breakeven
