// Base64 (RFC 4648, standard alphabet with padding): Lambda's X-Amz-Log-Result is base64.
#pragma once

#include <optional>
#include <string>

namespace breakeven::calibrate {

std::string base64_encode(const std::string& bytes);

// Empty when `text` is not valid base64.
std::optional<std::string> base64_decode(const std::string& text);

}  // namespace breakeven::calibrate
