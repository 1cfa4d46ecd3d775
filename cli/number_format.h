// Number formatting shared by the printers. JSON and CSV numbers are rounded to 10 significant digits
// so that last-bit differences between machines' maths libraries cannot change the output bytes.
#pragma once

#include <string>

namespace breakeven::cli {

// `x` rounded to 10 significant digits (still a double).
double stable(double x);

// Shortest text of stable(x), as JSON and CSV print it.
std::string stable_text(double x);

// Money for people: "$0.02300" style with enough digits to compare small costs.
std::string usd(double x);

// Seconds for people: "12.6 s", "4.1 ms", "3.2 h".
std::string seconds(double x);

// A fraction as a percentage: "8.50 %".
std::string percent(double fraction);

// A plain number with up to `significant` digits.
std::string plain(double x, int significant = 6);

}  // namespace breakeven::cli
