// A learner's parameters as named tables of fixed-width rows: the unit of exact serialisation and of
// delta encoding (a delta ships only the rows that changed since a base image).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

namespace breakeven {

struct ImageTable {
  std::string name;
  std::uint32_t row_bytes = 0;     // bytes per row; > 0
  std::vector<std::uint8_t> data;  // row_count() x row_bytes, raw little-endian values

  std::size_t row_count() const { return row_bytes == 0 ? 0 : data.size() / row_bytes; }
};

struct ModelImage {
  std::string kind;                // learner kind, e.g. "biased_mf"
  std::uint32_t kind_version = 1;  // version of that learner's table layout
  std::vector<ImageTable> tables;

  const ImageTable& table(const std::string& name) const;  // throws RunError when missing
  std::size_t payload_bytes() const;                       // sum of all table data
};

// Appends raw values to a table / reads them back; used by the learners' image() and load_image().
template <typename T>
ImageTable make_table(std::string name, std::uint32_t row_bytes, const std::vector<T>& values) {
  ImageTable t{std::move(name), row_bytes, {}};
  t.data.resize(values.size() * sizeof(T));
  if (!values.empty()) std::memcpy(t.data.data(), values.data(), t.data.size());
  return t;
}
template <typename T>
std::vector<T> table_values(const ImageTable& t) {
  std::vector<T> v(t.data.size() / sizeof(T));
  if (!v.empty()) std::memcpy(v.data(), t.data.data(), v.size() * sizeof(T));
  return v;
}

// A whole number read from an image's config table, checked to lie in [min, max] before any cast:
// a corrupt file must give a RunError, not undefined behaviour. `what` names it in the message.
double checked_count(double value, double min, double max, const char* what);

// The versioned binary format: magic "BEVM", format version, kind, kind version, tables.
constexpr std::uint32_t kImageFormatVersion = 1;
std::vector<std::uint8_t> encode_image(const ModelImage& image);
// Throws RunError naming what is wrong when the bytes are not a valid image (truncated, bad magic,
// unknown format version).
ModelImage decode_image(std::span<const std::uint8_t> bytes);
// encode_image(image).size(), without encoding.
std::size_t encoded_size(const ModelImage& image);

// Little-endian byte writer/reader shared by the image and delta formats.
class ByteWriter {
 public:
  explicit ByteWriter(std::vector<std::uint8_t>& out) : out_(out) {}
  template <typename T>
  void put(T v) {
    put_bytes(reinterpret_cast<const std::uint8_t*>(&v), sizeof(T));
  }
  // resize + memcpy rather than insert: GCC 12 at -O3 reports a false -Wstringop-overflow for insert.
  void put_bytes(const std::uint8_t* p, std::size_t n) {
    if (n == 0) return;
    const std::size_t at = out_.size();
    out_.resize(at + n);
    std::memcpy(out_.data() + at, p, n);
  }
  void put_string(const std::string& s) {
    put<std::uint32_t>(static_cast<std::uint32_t>(s.size()));
    put_bytes(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
  }

 private:
  std::vector<std::uint8_t>& out_;
};

class ByteReader {
 public:
  ByteReader(std::span<const std::uint8_t> in, const char* what) : in_(in), what_(what) {}
  template <typename T>
  T get() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, in_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  std::span<const std::uint8_t> get_bytes(std::size_t n) {
    need(n);
    auto s = in_.subspan(pos_, n);
    pos_ += n;
    return s;
  }
  std::string get_string();
  bool at_end() const { return pos_ == in_.size(); }
  std::size_t position() const { return pos_; }

 private:
  void need(std::size_t n) const;
  std::span<const std::uint8_t> in_;
  const char* what_;
  std::size_t pos_ = 0;
};

}  // namespace breakeven
