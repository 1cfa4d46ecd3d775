// The one place where secrets are scrubbed from text before it reaches a message, a log line or a file.
// Every message that quotes an answer, an error body or a transport error goes through redact() or
// excerpt(); excerpt() redacts before it cuts, so a cut never leaves part of a secret behind.
#pragma once

#include <cstddef>
#include <string>

#include "calibrate/aws/credentials.h"

namespace breakeven::calibrate {

// `text` with every secret part of `c` (secret key, session token) replaced by "<redacted>", also where
// only a part of a secret of 16 or more characters appears (a secret cut at the end of a truncated
// message, or a JSON copy with "\/" for "/"), and the access key id shortened to its first 4 characters.
std::string redact(std::string text, const Credentials& c);

// At most `max_chars` characters of redact(text), with "..." when something was cut. Use it whenever a
// message quotes text that came from the network.
std::string excerpt(const std::string& text, std::size_t max_chars, const Credentials& c);

// The shortest part of a secret that is still recognised and removed.
inline constexpr std::size_t kRedactPartMinChars = 16;

}  // namespace breakeven::calibrate
