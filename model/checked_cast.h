// Checked conversion of a double to an integer type. A cast of a value outside the integer's range
// (1e20 to int, NaN to long) is undefined behaviour in C++; every conversion of a user-derived double
// goes through here, so such a value becomes an input error that names the key, the place and the
// allowed range.
#pragma once

#include <cmath>
#include <concepts>
#include <limits>
#include <optional>
#include <string>

#include "model/diagnostics.h"
#include "model/text.h"

namespace breakeven {

// `x` truncated toward zero (as static_cast does) when it is finite and the result lies in
// [min, max]; nullopt otherwise (NaN, infinity, out of range).
template <std::integral T>
std::optional<T> checked_cast(double x, T min = std::numeric_limits<T>::min(),
                              T max = std::numeric_limits<T>::max()) {
  if (!std::isfinite(x)) return std::nullopt;
  const double t = std::trunc(x);
  // 2^digits is exactly representable and is one past the type's maximum; the minimum of a signed type
  // is -2^digits (also exact), so these bounds are checked without rounding.
  const double past_max = std::ldexp(1.0, std::numeric_limits<T>::digits);
  const double lowest = std::numeric_limits<T>::is_signed ? -past_max : 0.0;
  if (!(t >= lowest && t < past_max)) return std::nullopt;
  const T v = static_cast<T>(t);
  if (v < min || v > max) return std::nullopt;
  return v;
}

// `x` rounded to the nearest integer (halves away from zero), with the same checks.
template <std::integral T>
std::optional<T> checked_round(double x, T min = std::numeric_limits<T>::min(),
                               T max = std::numeric_limits<T>::max()) {
  if (!std::isfinite(x)) return std::nullopt;
  return checked_cast<T>(std::round(x), min, max);
}

// "from MIN to MAX": the allowed range in messages.
template <std::integral T>
std::string integer_range_text(T min, T max) {
  return "from " + std::to_string(min) + " to " + std::to_string(max);
}

// Why checked_cast refused `x`, e.g. "1e+20 is out of range: expected a whole number from 128 to 10240"
// or "nan is not a finite number: expected a whole number from 1 to 64".
template <std::integral T>
std::string checked_cast_message(double x, T min, T max) {
  const std::string what = std::isnan(x)   ? "nan"
                           : std::isinf(x) ? (x > 0 ? "inf" : "-inf")
                                           : short_number(x, 12);
  return what + (std::isfinite(x) ? " is out of range" : " is not a finite number") +
         ": expected a whole number " + integer_range_text(min, max);
}

// checked_cast, or an InputError at `place` for `key` with checked_cast_message.
template <std::integral T>
T checked_cast_or_throw(double x, const SourcePlace& place, const std::string& key,
                        T min = std::numeric_limits<T>::min(), T max = std::numeric_limits<T>::max()) {
  if (const auto v = checked_cast<T>(x, min, max)) return *v;
  throw InputError({Diagnostic{place, key, checked_cast_message(x, min, max)}});
}

}  // namespace breakeven
