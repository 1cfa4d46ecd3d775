#include "model/learner/delta.h"

#include <zstd.h>

#include <algorithm>
#include <memory>

#include "model/diagnostics.h"

namespace breakeven {

namespace {
constexpr std::uint8_t kMagic[4] = {'B', 'E', 'V', 'D'};
constexpr std::uint32_t kDeltaFormatVersion = 1;
constexpr std::uint8_t kModeRows = 0;  // runs of changed rows against the base table
constexpr std::uint8_t kModeFull = 1;  // the whole table (new table, or its row width changed)

const ImageTable* find_table(const ModelImage& image, const std::string& name) {
  for (const auto& t : image.tables)
    if (t.name == name) return &t;
  return nullptr;
}

// Appends the table's delta; returns rows shipped.
std::size_t encode_table(const ImageTable* base, const ImageTable& cur, ByteWriter& w) {
  w.put_string(cur.name);
  w.put<std::uint32_t>(cur.row_bytes);
  w.put<std::uint64_t>(cur.row_count());
  if (base == nullptr || base->row_bytes != cur.row_bytes) {
    w.put<std::uint8_t>(kModeFull);
    w.put_bytes(cur.data.data(), cur.data.size());
    return cur.row_count();
  }
  w.put<std::uint8_t>(kModeRows);
  const std::size_t rb = cur.row_bytes, n = cur.row_count(), n_base = base->row_count();
  auto differs = [&](std::size_t r) {
    return r >= n_base || std::memcmp(cur.data.data() + r * rb, base->data.data() + r * rb, rb) != 0;
  };
  // Runs of consecutive changed rows: (first row, row count, the rows).
  std::vector<std::uint8_t> runs;
  runs.reserve(cur.data.size() + 64);  // every row changed in a few runs: one allocation
  ByteWriter rw(runs);
  std::uint64_t n_runs = 0;
  std::size_t shipped = 0;
  for (std::size_t r = 0; r < n;) {
    if (!differs(r)) {
      ++r;
      continue;
    }
    std::size_t end = r + 1;
    while (end < n && differs(end)) ++end;
    rw.put<std::uint64_t>(r);
    rw.put<std::uint64_t>(end - r);
    rw.put_bytes(cur.data.data() + r * rb, (end - r) * rb);
    shipped += end - r;
    ++n_runs;
    r = end;
  }
  w.put<std::uint64_t>(n_runs);
  w.put_bytes(runs.data(), runs.size());
  return shipped;
}

}  // namespace

std::vector<std::uint8_t> encode_delta(const ModelImage& base, const ModelImage& current, int zstd_level,
                                       DeltaStats* stats) {
  if (base.kind != current.kind || base.kind_version != current.kind_version)
    throw RunError("cannot make a delta between a '" + base.kind + "' and a '" + current.kind + "' model");
  std::vector<std::uint8_t> raw;
  std::size_t image_bytes = 64;
  for (const auto& t : current.tables) image_bytes += t.data.size() + t.name.size() + 64;
  raw.reserve(image_bytes);
  ByteWriter w(raw);
  w.put_bytes(kMagic, 4);
  w.put<std::uint32_t>(kDeltaFormatVersion);
  w.put_string(current.kind);
  w.put<std::uint32_t>(current.kind_version);
  w.put<std::uint32_t>(static_cast<std::uint32_t>(current.tables.size()));
  DeltaStats s;
  for (const auto& t : current.tables) {
    s.rows_changed += encode_table(find_table(base, t.name), t, w);
    s.rows_total += t.row_count();
  }
  // One compression context and output buffer per thread, reused: a fresh context per call cleared
  // its tables and faulted in new pages every time, which cost more than the compression itself when a
  // live simulation encodes a delta after each batch. The bytes are the same as ZSTD_compress's.
  thread_local const std::unique_ptr<ZSTD_CCtx, std::size_t (*)(ZSTD_CCtx*)> context(ZSTD_createCCtx(),
                                                                                     ZSTD_freeCCtx);
  thread_local std::unique_ptr<std::uint8_t[]> scratch;
  thread_local std::size_t scratch_bytes = 0;
  if (!context) throw RunError("zstd could not allocate a compression context");
  const std::size_t bound = ZSTD_compressBound(raw.size());
  if (bound > scratch_bytes) {
    scratch = std::make_unique_for_overwrite<std::uint8_t[]>(bound);
    scratch_bytes = bound;
  }
  const std::size_t z =
      ZSTD_compressCCtx(context.get(), scratch.get(), bound, raw.data(), raw.size(), zstd_level);
  if (ZSTD_isError(z)) throw RunError(std::string("zstd compression failed: ") + ZSTD_getErrorName(z));
  std::vector<std::uint8_t> out(scratch.get(), scratch.get() + z);
  s.raw_bytes = raw.size();
  s.compressed_bytes = z;
  if (stats) *stats = s;
  return out;
}

ModelImage apply_delta(const ModelImage& base, std::span<const std::uint8_t> delta) {
  const unsigned long long size = ZSTD_getFrameContentSize(delta.data(), delta.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN)
    throw RunError("model delta is not a zstd frame of known size");
  // A delta cannot be larger than a full copy of every table plus headers; refuse absurd sizes.
  constexpr unsigned long long kMaxRawBytes = 1ULL << 36;
  if (size > kMaxRawBytes) throw RunError("model delta claims an implausible size");
  std::vector<std::uint8_t> raw(static_cast<std::size_t>(size));
  const std::size_t got = ZSTD_decompress(raw.data(), raw.size(), delta.data(), delta.size());
  if (ZSTD_isError(got) || got != raw.size()) throw RunError("model delta does not decompress");

  ByteReader r(raw, "model delta");
  auto magic = r.get_bytes(4);
  if (std::memcmp(magic.data(), kMagic, 4) != 0)
    throw RunError("not a breakeven model delta (bad magic bytes)");
  if (r.get<std::uint32_t>() != kDeltaFormatVersion)
    throw RunError("model delta format version is not supported");
  ModelImage out;
  out.kind = r.get_string();
  out.kind_version = r.get<std::uint32_t>();
  if (out.kind != base.kind || out.kind_version != base.kind_version)
    throw RunError("model delta is for a '" + out.kind + "' model, the base is '" + base.kind + "'");
  const auto n_tables = r.get<std::uint32_t>();
  for (std::uint32_t k = 0; k < n_tables; ++k) {
    ImageTable t;
    t.name = r.get_string();
    t.row_bytes = r.get<std::uint32_t>();
    const auto rows = r.get<std::uint64_t>();
    const auto mode = r.get<std::uint8_t>();
    const std::size_t rb = t.row_bytes;
    const ImageTable* b = find_table(base, t.name);
    // Every row is either in the delta's bytes or in the base: more rows than both hold is corruption
    // (checked before allocating, so a corrupt delta cannot ask for absurd memory).
    const std::size_t available =
        raw.size() + (b != nullptr && b->row_bytes == t.row_bytes ? b->data.size() : 0);
    if (rb == 0 || rows > available / rb) throw RunError("model delta is corrupt: table '" + t.name + "'");
    if (mode == kModeFull) {
      auto d = r.get_bytes(rows * rb);
      t.data.assign(d.begin(), d.end());
    } else if (mode == kModeRows) {
      if (b == nullptr || b->row_bytes != t.row_bytes)
        throw RunError("model delta was made against another base: table '" + t.name + "' differs");
      t.data.assign(rows * rb, 0);
      const std::size_t kept = std::min<std::size_t>(b->data.size(), t.data.size());
      if (kept > 0) std::memcpy(t.data.data(), b->data.data(), kept);  // memcpy from an empty vector is UB
      const auto n_runs = r.get<std::uint64_t>();
      for (std::uint64_t i = 0; i < n_runs; ++i) {
        const auto first = r.get<std::uint64_t>();
        const auto count = r.get<std::uint64_t>();
        if (first > rows || count > rows - first)
          throw RunError("model delta is corrupt: a run beyond table '" + t.name + "'");
        auto d = r.get_bytes(count * rb);
        if (!d.empty()) std::memcpy(t.data.data() + first * rb, d.data(), d.size());
      }
    } else {
      throw RunError("model delta is corrupt: unknown table mode");
    }
    out.tables.push_back(std::move(t));
  }
  if (!r.at_end()) throw RunError("model delta has trailing bytes");
  return out;
}

}  // namespace breakeven
