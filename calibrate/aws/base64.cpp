#include "calibrate/aws/base64.h"

#include <openssl/evp.h>

#include <vector>

namespace breakeven::calibrate {

namespace {

bool in_alphabet(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

}  // namespace

std::string base64_encode(const std::string& bytes) {
  // EVP_EncodeBlock writes 4 characters per 3 bytes (padded) and a terminating NUL.
  std::vector<unsigned char> out(4 * ((bytes.size() + 2) / 3) + 1);
  const int n = EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  return std::string(reinterpret_cast<const char*>(out.data()), static_cast<std::size_t>(n));
}

std::optional<std::string> base64_decode(const std::string& with_breaks) {
  std::string text;
  for (char c : with_breaks)
    if (c != '\n' && c != '\r') text += c;
  // RFC 4648 section 4: whole groups of 4 characters of the alphabet, "=" only as the last one or two.
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  for (std::size_t i = 0; i + padding < text.size(); ++i)
    if (!in_alphabet(text[i])) return std::nullopt;
  if (text.empty()) return std::string();
  std::vector<unsigned char> out(3 * (text.size() / 4));
  const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0 || static_cast<std::size_t>(n) < padding) return std::nullopt;
  // EVP_DecodeBlock counts the padding's zero bytes too.
  return std::string(reinterpret_cast<const char*>(out.data()), static_cast<std::size_t>(n) - padding);
}

}  // namespace breakeven::calibrate
