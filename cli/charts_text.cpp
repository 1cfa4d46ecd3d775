#include "cli/charts_text.h"

#include <cmath>
#include <cstdio>

namespace breakeven::cli {

namespace {

// Length of the UTF-8 sequence starting at s[i] and its code point, or 0 when it is not valid UTF-8.
std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  if (b < 0x80) return cp = b, 1;
  if ((b & 0xE0) == 0xC0)
    n = 2, cp = b & 0x1F;
  else if ((b & 0xF0) == 0xE0)
    n = 3, cp = b & 0x0F;
  else if ((b & 0xF8) == 0xF0)
    n = 4, cp = b & 0x07;
  else
    return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not valid UTF-8.
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0;
  return n;
}

// Characters a terminal or a text renderer would act on rather than draw.
bool is_control(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

}  // namespace

std::string clean_text(std::string_view text, std::size_t max_chars) {
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (chars == max_chars) {
      out += "...";
      break;
    }
    char32_t cp = 0;
    const std::size_t n = utf8_sequence(text, i, cp);
    if (n == 0)
      out += '?', ++i;
    else if (is_control(cp))
      out += ' ', i += n;
    else if (cp == '`')
      out += '\'', ++i;
    else
      out.append(text.substr(i, n)), i += n;
    ++chars;
  }
  return out;
}

std::string gp_quote(std::string_view text, std::size_t max_chars) {
  // A quote inside becomes a typographic apostrophe: gnuplot's scanner does not read a doubled quote
  // at the start of a string as one quote, so the string holds none.
  std::string out = "'";
  for (char c : clean_text(text, max_chars))
    if (c == '\'')
      out += "\u2019";
    else
      out += c;
  return out + "'";
}

std::string gp_file(std::string_view name) {
  return gp_quote(name.starts_with('/') ? std::string(name) : "./" + std::string(name), 4096);
}

std::string dat_quote(const std::vector<std::string>& lines) {
  std::string out = "\"";
  for (std::size_t k = 0; k < lines.size(); ++k) {
    if (k) out += "\\n";
    for (char c : clean_text(lines[k])) out += c == '"' ? '\'' : c == '\\' ? '/' : c;
  }
  return out + "\"";
}

std::string num(double x) {
  if (!std::isfinite(x)) return "NaN";
  char b[40];
  std::snprintf(b, sizeof b, "%.10g", x);
  return b;
}

std::string short_time(double s) {
  char b[40];
  if (s < 1000)
    std::snprintf(b, sizeof b, "%.3g s", s);
  else if (s < 7200)
    std::snprintf(b, sizeof b, "%.3g min", s / 60);
  else if (s < 2 * 86400)
    std::snprintf(b, sizeof b, "%.3g h", s / 3600);
  else
    std::snprintf(b, sizeof b, "%.3g days", s / 86400);
  return b;
}

}  // namespace breakeven::cli
