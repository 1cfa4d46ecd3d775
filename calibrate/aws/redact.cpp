#include "calibrate/aws/redact.h"

#include <algorithm>

namespace breakeven::calibrate {

namespace {

const char kRedacted[] = "<redacted>";

void replace_all(std::string& text, const std::string& what, const std::string& with) {
  if (what.empty()) return;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size()))
    text.replace(at, what.size(), with);
}

// Replaces every run of `text` that starts like `secret` (its first kRedactPartMinChars characters) and
// follows it as far as they agree: the whole secret, or what a cut left of it.
void replace_parts(std::string& text, const std::string& secret) {
  if (secret.size() < kRedactPartMinChars) {
    replace_all(text, secret, kRedacted);
    return;
  }
  const std::string head = secret.substr(0, kRedactPartMinChars);
  for (auto at = text.find(head); at != std::string::npos; at = text.find(head, at + sizeof kRedacted - 1)) {
    std::size_t n = kRedactPartMinChars;
    while (n < secret.size() && at + n < text.size() && text[at + n] == secret[n]) ++n;
    text.replace(at, n, kRedacted);
  }
}

// The same secret as a JSON encoder that escapes '/' writes it.
std::string json_slash_escaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '/') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string redact(std::string text, const Credentials& c) {
  for (const std::string* secret : {&c.secret_access_key, &c.session_token}) {
    if (secret->empty()) continue;
    replace_parts(text, *secret);
    if (secret->find('/') != std::string::npos) replace_parts(text, json_slash_escaped(*secret));
  }
  if (c.access_key_id.size() > 4) replace_all(text, c.access_key_id, c.access_key_id.substr(0, 4) + "...");
  return text;
}

std::string excerpt(const std::string& text, std::size_t max_chars, const Credentials& c) {
  std::string out = redact(text, c);
  if (out.size() <= max_chars) return out;
  out.resize(max_chars);
  return out + "...";
}

}  // namespace breakeven::calibrate
