// Streaming readers for the public data sets (not shipped; docs/data.md says where to get them).
// They read a line at a time: memory does not grow with the file. A malformed line throws InputError
// naming the file, line and column, after the rows before it were appended to the batch.
#pragma once

#include <fstream>
#include <string>

#include "model/stream/sample_stream.h"

namespace breakeven {

// MovieLens ratings.csv: header `userId,movieId,rating,timestamp`, then one rating per line.
class MovieLensReader final : public SampleStream {
 public:
  explicit MovieLensReader(std::string path);  // throws InputError if unreadable or the header is wrong
  std::size_t next(Batch& out, std::size_t n) override;
  std::size_t feature_count() const override { return 0; }
  std::string describe() const override { return "MovieLens ratings CSV " + path_; }
  std::uint64_t line() const { return line_; }

 private:
  std::string path_;
  std::ifstream in_;
  std::string text_;
  std::uint64_t line_ = 0;
};

// Criteo display-advertising TSV: label (0/1), 13 integer features (empty = missing), then 26
// categorical fields which are ignored. A missing integer becomes 0; every integer x becomes
// log(1 + max(x, 0)) when log_transform is set, because the counts are heavy-tailed.
class CriteoReader final : public SampleStream {
 public:
  static constexpr std::size_t kIntegerFeatures = 13;
  CriteoReader(std::string path, bool log_transform = true);  // throws InputError if unreadable
  std::size_t next(Batch& out, std::size_t n) override;
  std::size_t feature_count() const override { return kIntegerFeatures; }
  std::string describe() const override { return "Criteo-style TSV " + path_; }
  std::uint64_t line() const { return line_; }

 private:
  std::string path_;
  bool log_transform_;
  std::ifstream in_;
  std::string text_;
  std::uint64_t line_ = 0;
};

}  // namespace breakeven
