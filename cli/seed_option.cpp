#include "cli/seed_option.h"

#include <charconv>

#include "model/diagnostics.h"

namespace breakeven::cli {

std::uint64_t parse_seed(const std::string& text) {
  std::uint64_t seed = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, seed);
  if (text.empty() || ec != std::errc() || ptr != end)
    throw InputError({Diagnostic{SourcePlace{"--seed " + text, 0, 0}, "",
                                 "expected a whole number from 0 to 18446744073709551615"}});
  return seed;
}

}  // namespace breakeven::cli
