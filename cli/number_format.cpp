#include "cli/number_format.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace breakeven::cli {

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
  char buffer[64];
  const double a = std::abs(x);
  if (a >= 100)
    std::snprintf(buffer, sizeof buffer, "$%.2f", x);
  else if (a >= 0.01 || a == 0)
    std::snprintf(buffer, sizeof buffer, "$%.4f", x);
  else
    std::snprintf(buffer, sizeof buffer, "$%.3g", x);
  return buffer;
}

std::string seconds(double x) {
  char buffer[64];
  const double a = std::abs(x);
  if (a == 0) return "0 s";
  if (a < 1e-3)
    std::snprintf(buffer, sizeof buffer, "%.3g us", x * 1e6);
  else if (a < 1)
    std::snprintf(buffer, sizeof buffer, "%.3g ms", x * 1e3);
  else if (a < 600)
    std::snprintf(buffer, sizeof buffer, "%.4g s", x);
  else if (a < 2 * 86400)  // whole seconds, never an exponent: "86400 s (24 h)"
    std::snprintf(buffer, sizeof buffer, "%.0f s (%.3g h)", x, x / 3600);
  else
    std::snprintf(buffer, sizeof buffer, "%.0f s (%.3g days)", x, x / 86400);
  return buffer;
}

std::string percent(double fraction) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.2f %%", fraction * 100);
  return buffer;
}

std::string plain(double x, int significant) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*g", significant, x);
  return buffer;
}

}  // namespace breakeven::cli
