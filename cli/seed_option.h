// --seed for simulate and sweep --mode des: read strictly, so "-1" is an error instead of wrapping to
// 2^64 - 1 (what a plain unsigned option would silently do).
#pragma once

#include <cstdint>
#include <string>

namespace breakeven::cli {

// Throws InputError unless `text` is a whole number from 0 to 2^64 - 1.
std::uint64_t parse_seed(const std::string& text);

}  // namespace breakeven::cli
