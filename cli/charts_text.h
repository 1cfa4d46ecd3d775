// Text for gnuplot: every string from a results file or an option reaches a chart's script or data file
// only through these functions (docs/security.md, "Charts: what reaches gnuplot").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace breakeven::cli {

// At most this many characters of one label or title reach a chart; longer text is cut with "...".
constexpr std::size_t kMaxChartTextChars = 160;

// `text` made inert: invalid UTF-8 bytes become '?', control characters (C0, DEL, C1, line and
// paragraph separators, bidirectional overrides) become spaces, backquotes become apostrophes, and
// text past `max_chars` characters is cut.
std::string clean_text(std::string_view text, std::size_t max_chars = kMaxChartTextChars);

// A gnuplot single-quoted string literal of clean_text(text): gnuplot expands neither backslashes,
// backquotes nor macros inside single quotes, and a quote inside is written as the apostrophe U+2019.
std::string gp_quote(std::string_view text, std::size_t max_chars = kMaxChartTextChars);

// A file name as a gnuplot string: "./NAME" unless NAME is absolute, so a name starting with '<' or
// '|' is never read as a command to run (gnuplot pipes those).
std::string gp_file(std::string_view name);

// A double-quoted string for a data file, one label line per element (joined by gnuplot's "\n"):
// clean_text with '"' as an apostrophe and '\' as '/', so nothing ends the string early.
std::string dat_quote(const std::vector<std::string>& lines);

// A number for a script or data file: %.10g, or NaN when not finite.
std::string num(double x);

// A human time: "12.6 s", "4.2 min", "3.1 h", "2.5 days".
std::string short_time(double s);

}  // namespace breakeven::cli
