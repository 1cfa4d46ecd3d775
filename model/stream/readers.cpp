#include "model/stream/readers.h"

#include <charconv>
#include <cmath>
#include <string_view>
#include <vector>

#include "model/diagnostics.h"

namespace breakeven {

namespace {

// Builds the diagnostic field by field: GCC 12 at -O3 warns (falsely) about nested brace initialisers here.
[[noreturn]] void malformed(const std::string& path, std::uint64_t line, std::size_t column,
                            const std::string& msg) {
  Diagnostic d;
  d.place.file = path;
  d.place.line = static_cast<int>(line);
  d.place.column = line == 0 ? 0 : static_cast<int>(column + 1);
  d.message = msg;
  std::vector<Diagnostic> all;
  all.push_back(std::move(d));
  throw InputError(std::move(all));
}

void open_or_throw(std::ifstream& in, const std::string& path) {
  in.open(path, std::ios::binary);
  if (!in) malformed(path, 0, 0, "cannot open the data file for reading");
}

// Splits `text` at `sep`, recording each field's start column.
void split(std::string_view text, char sep, std::vector<std::string_view>& fields,
           std::vector<std::size_t>& starts) {
  fields.clear();
  starts.clear();
  std::size_t start = 0;
  while (true) {
    const auto at = text.find(sep, start);
    fields.push_back(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    starts.push_back(start);
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
}

template <typename T>
bool parse_field(std::string_view f, T& v) {
  auto [ptr, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
  return ec == std::errc() && ptr == f.data() + f.size() && !f.empty();
}

void strip_cr(std::string& s) {
  if (!s.empty() && s.back() == '\r') s.pop_back();
}

}  // namespace

MovieLensReader::MovieLensReader(std::string path) : path_(std::move(path)) {
  open_or_throw(in_, path_);
  if (!std::getline(in_, text_))
    malformed(path_, 1, 0, "empty file; expected the header userId,movieId,rating,timestamp");
  line_ = 1;
  strip_cr(text_);
  if (text_ != "userId,movieId,rating,timestamp")
    malformed(path_, 1, 0, "expected the header userId,movieId,rating,timestamp, got '" + text_ + "'");
  // A file with no rating is bad input, said here rather than as a learner that never got a batch.
  const auto data_start = in_.tellg();
  std::string probe;
  bool any = false;
  while (!any && std::getline(in_, probe)) {
    strip_cr(probe);
    any = !probe.empty();
  }
  if (!any) malformed(path_, 1, 0, "no ratings after the header userId,movieId,rating,timestamp");
  in_.clear();
  in_.seekg(data_start);
}

std::size_t MovieLensReader::next(Batch& out, std::size_t n) {
  out.feature_count = 0;
  std::vector<std::string_view> f;
  std::vector<std::size_t> col;
  std::size_t got = 0;
  while (got < n && std::getline(in_, text_)) {
    ++line_;
    strip_cr(text_);
    if (text_.empty()) continue;
    split(text_, ',', f, col);
    if (f.size() != 4)
      malformed(path_, line_, 0,
                "expected 4 comma-separated fields userId,movieId,rating,timestamp, got " +
                    std::to_string(f.size()));
    std::uint64_t user = 0, item = 0, ts = 0;
    double rating = 0;
    if (!parse_field(f[0], user))
      malformed(path_, line_, col[0], "userId '" + std::string(f[0]) + "' is not a whole number");
    if (!parse_field(f[1], item))
      malformed(path_, line_, col[1], "movieId '" + std::string(f[1]) + "' is not a whole number");
    if (!parse_field(f[2], rating) || !std::isfinite(rating))
      malformed(path_, line_, col[2], "rating '" + std::string(f[2]) + "' is not a number");
    if (!parse_field(f[3], ts))
      malformed(path_, line_, col[3], "timestamp '" + std::string(f[3]) + "' is not a whole number");
    out.user.push_back(user);
    out.item.push_back(item);
    out.label.push_back(rating);
    ++got;
  }
  if (got < n && in_.bad())
    throw RunError("reading " + path_ + " failed after line " + std::to_string(line_));
  return got;
}

CriteoReader::CriteoReader(std::string path, bool log_transform)
    : path_(std::move(path)), log_transform_(log_transform) {
  open_or_throw(in_, path_);
}

std::size_t CriteoReader::next(Batch& out, std::size_t n) {
  out.feature_count = kIntegerFeatures;
  std::vector<std::string_view> f;
  std::vector<std::size_t> col;
  double x[kIntegerFeatures];
  std::size_t got = 0;
  while (got < n && std::getline(in_, text_)) {
    ++line_;
    strip_cr(text_);
    if (text_.empty()) continue;
    split(text_, '\t', f, col);
    if (f.size() < 1 + kIntegerFeatures)
      malformed(path_, line_, 0,
                "expected a label and 13 tab-separated integer features, got " + std::to_string(f.size()) +
                    " fields");
    if (f[0] != "0" && f[0] != "1")
      malformed(path_, line_, col[0], "label '" + std::string(f[0]) + "' is not 0 or 1");
    for (std::size_t j = 0; j < kIntegerFeatures; ++j) {
      const auto& field = f[1 + j];
      long long v = 0;
      if (field.empty()) {
        v = 0;  // missing value
      } else if (!parse_field(field, v)) {
        malformed(path_, line_, col[1 + j],
                  "integer feature I" + std::to_string(j + 1) + " '" + std::string(field) +
                      "' is not a whole number (leave it empty when missing)");
      }
      const double d = static_cast<double>(v);
      x[j] = log_transform_ ? std::log1p(std::max(d, 0.0)) : d;
    }
    out.features.insert(out.features.end(), x, x + kIntegerFeatures);
    out.label.push_back(f[0] == "1" ? 1.0 : 0.0);
    ++got;
  }
  if (got < n && in_.bad())
    throw RunError("reading " + path_ + " failed after line " + std::to_string(line_));
  return got;
}

}  // namespace breakeven
