#include "cli/number_format.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace breakeven::cli {

namespace {

// "1234567.5" -> "1,234,567.5": commas between groups of three digits of the integer part.
std::string group_thousands(const std::string& text) {
  const std::size_t start = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
  std::size_t end = text.find_first_not_of("0123456789", start);
  if (end == std::string::npos) end = text.size();
  std::string out = text.substr(0, start);
  for (std::size_t i = start; i < end; ++i) {
    out += text[i];
    const std::size_t left = end - i - 1;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  return out + text.substr(end);
}

// `x` in fixed notation with `significant` digits (at least `min_decimals` decimals); trailing zeros of
// the fraction dropped when `trim`.
std::string fixed_significant(double x, int significant, int min_decimals, bool trim) {
  const double a = std::abs(x);
  const int magnitude = a > 0 ? static_cast<int>(std::floor(std::log10(a))) : 0;
  int decimals = std::max(min_decimals, significant - 1 - magnitude);
  decimals = std::min(decimals, 20);
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, x);
  std::string text = buffer;
  if (trim && text.find('.') != std::string::npos) {
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
  }
  return group_thousands(text);
}

}  // namespace

double stable(double x) {
  if (!std::isfinite(x) || x == 0) return x;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.10g", x);
  return std::strtod(buffer, nullptr);
}

std::string stable_text(double x) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.10g", x);
  return buffer;
}

std::string usd(double x) {
  if (!std::isfinite(x)) return plain(x);
  const double a = std::abs(x);
  std::string text;
  if (a >= 100)
    text = fixed_significant(x, 1, 2, false);  // cents: "$1,234.56"
  else if (a >= 0.01 || a == 0)
    text = fixed_significant(x, 1, 4, false);  // "$0.0230"
  else
    text = fixed_significant(x, 3, 0, false);  // three significant digits: "$0.0000217"
  return text[0] == '-' ? "-$" + text.substr(1) : "$" + text;
}

std::string seconds(double x) {
  const double a = std::abs(x);
  if (a == 0) return "0 s";
  if (a < 1e-3) return plain(x * 1e6, 3) + " us";
  if (a < 1) return plain(x * 1e3, 3) + " ms";
  if (a < 600) return plain(x, 4) + " s";
  if (a < 2 * 86400) return plain(x, 4) + " s (" + plain(x / 3600, 3) + " h)";
  return plain(x, 4) + " s (" + plain(x / 86400, 3) + " days)";
}

std::string percent(double fraction) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.2f %%", fraction * 100);
  return buffer;
}

std::string plain(double x, int significant) {
  const double a = std::abs(x);
  if (!std::isfinite(x) || x == 0 || a < 1e-6 || a >= 1e15) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*g", significant, x);
    return buffer;
  }
  // Round to the significant digits first, so 999.96 with 4 digits reads "1,000", not "1,000.0".
  char rounded[64];
  std::snprintf(rounded, sizeof rounded, "%.*e", std::max(significant - 1, 0), x);
  return fixed_significant(std::strtod(rounded, nullptr), significant, 0, true);
}

std::string count(long long n) {
  return group_thousands(std::to_string(n));
}

}  // namespace breakeven::cli
