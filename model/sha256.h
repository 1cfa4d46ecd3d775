// SHA-256 of a byte string (FIPS 180-4) through OpenSSL's libcrypto, used to record which data files a
// result came from and to sign S3 payloads.
#pragma once

#include <string>
#include <string_view>

namespace breakeven {

// Lower-case hex digest of `bytes`.
std::string sha256_hex(std::string_view bytes);

}  // namespace breakeven
