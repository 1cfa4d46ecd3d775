#include "model/learner/model_image.h"

#include <bit>

#include "model/diagnostics.h"

namespace breakeven {

static_assert(std::endian::native == std::endian::little,
              "model images store raw little-endian values; a big-endian host would need byte swapping");

namespace {
constexpr std::uint8_t kMagic[4] = {'B', 'E', 'V', 'M'};
constexpr std::uint32_t kMaxNameBytes = 4096;
}  // namespace

double checked_count(double value, double min, double max, const char* what) {
  if (!(value >= min && value <= max) || value != static_cast<double>(static_cast<long long>(value)))
    throw RunError(std::string("model image is corrupt: ") + what +
                   " is not a whole number in the expected range");
  return value;
}

const ImageTable& ModelImage::table(const std::string& name) const {
  for (const auto& t : tables)
    if (t.name == name) return t;
  throw RunError("model image of kind '" + kind + "' has no table '" + name + "'");
}

std::size_t ModelImage::payload_bytes() const {
  std::size_t n = 0;
  for (const auto& t : tables) n += t.data.size();
  return n;
}

void ByteReader::need(std::size_t n) const {
  if (n > in_.size() - pos_)
    throw RunError(std::string(what_) + " is truncated: needed " + std::to_string(n) +
                   " more bytes at offset " + std::to_string(pos_) + " of " + std::to_string(in_.size()));
}

std::string ByteReader::get_string() {
  const auto n = get<std::uint32_t>();
  if (n > kMaxNameBytes)
    throw RunError(std::string(what_) + " is corrupt: a name of " + std::to_string(n) + " bytes");
  auto b = get_bytes(n);
  return std::string(reinterpret_cast<const char*>(b.data()), b.size());
}

std::vector<std::uint8_t> encode_image(const ModelImage& image) {
  std::vector<std::uint8_t> out;
  out.reserve(64 + image.payload_bytes());
  ByteWriter w(out);
  w.put_bytes(kMagic, 4);
  w.put<std::uint32_t>(kImageFormatVersion);
  w.put_string(image.kind);
  w.put<std::uint32_t>(image.kind_version);
  w.put<std::uint32_t>(static_cast<std::uint32_t>(image.tables.size()));
  for (const auto& t : image.tables) {
    w.put_string(t.name);
    w.put<std::uint32_t>(t.row_bytes);
    w.put<std::uint64_t>(t.row_count());
    w.put_bytes(t.data.data(), t.data.size());
  }
  return out;
}

std::size_t encoded_size(const ModelImage& image) {
  // magic, format version, kind (length + bytes), kind version, table count
  std::size_t n = 4 + 4 + 4 + image.kind.size() + 4 + 4;
  for (const auto& t : image.tables) n += 4 + t.name.size() + 4 + 8 + t.data.size();
  return n;
}

ModelImage decode_image(std::span<const std::uint8_t> bytes) {
  ByteReader r(bytes, "model image");
  auto magic = r.get_bytes(4);
  if (std::memcmp(magic.data(), kMagic, 4) != 0)
    throw RunError("not a breakeven model image (bad magic bytes)");
  const auto format = r.get<std::uint32_t>();
  if (format != kImageFormatVersion)
    throw RunError("model image format version " + std::to_string(format) + " is not supported (expected " +
                   std::to_string(kImageFormatVersion) + ")");
  ModelImage image;
  image.kind = r.get_string();
  image.kind_version = r.get<std::uint32_t>();
  const auto n_tables = r.get<std::uint32_t>();
  for (std::uint32_t i = 0; i < n_tables; ++i) {
    ImageTable t;
    t.name = r.get_string();
    t.row_bytes = r.get<std::uint32_t>();
    const auto rows = r.get<std::uint64_t>();
    if (t.row_bytes == 0 || rows > bytes.size() / t.row_bytes)
      throw RunError("model image is corrupt: table '" + t.name + "' claims " + std::to_string(rows) +
                     " rows of " + std::to_string(t.row_bytes) + " bytes");
    auto data = r.get_bytes(rows * t.row_bytes);
    t.data.assign(data.begin(), data.end());
    image.tables.push_back(std::move(t));
  }
  if (!r.at_end())
    throw RunError("model image has " + std::to_string(bytes.size() - r.position()) + " trailing bytes");
  return image;
}

}  // namespace breakeven
