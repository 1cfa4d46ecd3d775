#include "model/spec/value_parse.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <regex>
#include <sstream>

#include "model/spec/did_you_mean.h"
#include "model/text.h"
#include "model/units.h"

namespace breakeven::detail {

SourcePlace place_of(const YAML::Mark& mark, const std::string& file) {
  // yaml-cpp marks are 0-based; -1 when unknown.
  return SourcePlace{file, mark.line >= 0 ? mark.line + 1 : 0, mark.column >= 0 ? mark.column + 1 : 0};
}

SourcePlace place_of(const YAML::Node& node, const std::string& file) {
  return place_of(node.Mark(), file);
}

namespace {

// A number, or nullopt when the text is not one. A well-formed number beyond the range of a double (1e400)
// comes back as +-infinity, so the caller can say "not finite" rather than "not a number".
std::optional<double> parse_double(const std::string& text) {
  double x = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (begin != end && *begin == '+') ++begin;
  const auto [ptr, ec] = std::from_chars(begin, end, x);
  if (ptr != end || begin == end) return std::nullopt;
  if (ec == std::errc::result_out_of_range) {
    // from_chars reports underflow (1e-400) the same way; only a large exponent means overflow.
    const bool negative = *begin == '-';
    const auto e = text.find_first_of("eE");
    const bool overflow = e != std::string::npos && text.find('-', e) == std::string::npos;
    if (!overflow) return 0.0;
    return negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  }
  if (ec != std::errc()) return std::nullopt;
  return x;
}

// Factor that converts a value written with `suffix` into the key's unit, or 0 when unknown.
double unit_factor(std::string_view key_unit, std::string suffix) {
  for (auto& ch : suffix) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (key_unit == "s") {
    if (suffix == "ms") return 1e-3;
    if (suffix == "us") return 1e-6;
    if (suffix == "s" || suffix == "sec") return 1;
    if (suffix == "min" || suffix == "m") return 60;
    if (suffix == "h") return kSecondsPerHour;
    if (suffix == "d" || suffix == "days") return kSecondsPerDay;
  } else if (key_unit == "h") {
    if (suffix == "s") return 1.0 / kSecondsPerHour;
    if (suffix == "min") return 1.0 / 60;
    if (suffix == "h") return 1;
    if (suffix == "d" || suffix == "days") return 24;
  } else if (key_unit == "MB") {  // Lambda memory and /tmp sizes: AWS's MB is 2^20 bytes, GB 1024 MB
    if (suffix == "mb" || suffix == "mib") return 1;
    if (suffix == "gb" || suffix == "gib") return kLambdaMbPerGb;
  } else if (key_unit == "bytes") {
    if (suffix == "b") return 1;
    if (suffix == "kb") return 1e3;
    if (suffix == "mb") return 1e6;
    if (suffix == "gb") return 1e9;
    if (suffix == "kib") return 1024;
    if (suffix == "mib") return kBytesPerMib;
    if (suffix == "gib") return kBytesPerGib;
  }
  return 0;
}

// "'2GB' ... did you mean 2048?" when the text is a number followed by a convertible unit.
std::string unit_hint(const KeyDef& key, const std::string& text) {
  static const std::regex with_unit(R"(^\s*([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([A-Za-z]+)\s*$)");
  std::smatch m;
  if (!std::regex_match(text, m, with_unit)) return "";
  const double factor = unit_factor(key.unit, m[2].str());
  if (factor == 0) return "; write the number alone, in " + std::string(key.unit);
  const auto number = parse_double(m[1].str());
  if (!number) return "";
  return "; did you mean " + short_number(*number * factor, 12) + "?";
}

std::string expected(const KeyDef& key) {
  return "expected " + describe_expected(key);
}

}  // namespace

std::optional<KeyValue> parse_key_value(const KeyDef& key, const YAML::Node& node, const SourcePlace& place,
                                        std::vector<Diagnostic>& problems) {
  auto fail = [&](std::string message) {
    problems.push_back(Diagnostic{place, std::string(key.path), std::move(message)});
    return std::optional<KeyValue>{};
  };
  if (node.IsMap()) return fail("got a mapping, " + expected(key));
  if (node.IsSequence()) return fail("got a list, " + expected(key));
  KeyValue v;
  if (!node.IsDefined() || node.IsNull()) {
    if (key.type == KeyType::optional_number || (key.type == KeyType::text && !key.required)) {
      v.is_null = true;  // an optional name set to null is unset (its default applies)
      return v;
    }
    return fail("has no value, " + expected(key));
  }
  const std::string text = node.Scalar();
  switch (key.type) {
    case KeyType::number:
    case KeyType::integer:
    case KeyType::optional_number: {
      const auto x = parse_double(text);
      if (!x) return fail("'" + text + "' is not a number (" + expected(key) + ")" + unit_hint(key, text));
      if (!std::isfinite(*x)) {
        const bool overflow = text.find_first_of("0123456789") != std::string::npos;  // 1e400, not inf or nan
        return fail("'" + text + "' is not a finite number" +
                    (overflow ? ": it is beyond the range of a double" : "") + " (" + expected(key) + ")");
      }
      if (key.type == KeyType::integer && std::floor(*x) != *x)
        return fail(short_number(*x, 12) + " is not a whole number (" + expected(key) + ")");
      const std::string of = key.range_note.empty() ? "" : " of " + std::string(key.range_note);
      if (*x < key.min || (key.min_exclusive && *x == key.min)) {
        const std::string rel = key.min_exclusive ? "must be above " : "is below the minimum ";
        return fail(short_number(*x, 12) + " " + rel + short_number(key.min, 12) + of + " (" + expected(key) +
                    ")");
      }
      if (*x > key.max)
        return fail(short_number(*x, 12) + " is above the maximum " + short_number(key.max, 12) + of + " (" +
                    expected(key) + ")");
      v.number = *x;
      return v;
    }
    case KeyType::boolean:
      if (text == "true")
        v.boolean = true;
      else if (text == "false")
        v.boolean = false;
      else
        return fail("'" + text + "' is not true or false");
      return v;
    case KeyType::choice: {
      std::vector<std::string> options(key.choices.begin(), key.choices.end());
      for (const auto& c : options)
        if (c == text) {
          v.text = text;
          return v;
        }
      const std::string guess = closest_match(text, options);
      return fail("'" + text + "' is not " + describe_expected(key) +
                  (guess.empty() ? "" : " (did you mean '" + guess + "'?)"));
    }
    case KeyType::text:
      if (text.empty()) return fail("is empty, " + expected(key));
      v.text = text;
      return v;
    case KeyType::date_or_latest: {
      static const std::regex date(R"(^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$)");
      if (text != "latest" && !std::regex_match(text, date))
        return fail("'" + text + "' is not a date YYYY-MM-DD or latest");
      v.text = text;
      return v;
    }
  }
  return fail("unsupported key type");
}

}  // namespace breakeven::detail
