// The one number formatter of the command line. JSON and CSV numbers are rounded to 10 significant
// digits so that last-bit differences between machines' maths libraries cannot change the output bytes;
// numbers for people are in fixed notation (never "2.17e-05") with commas between thousands.
#pragma once

#include <string>

namespace breakeven::cli {

// `x` rounded to 10 significant digits (still a double).
double stable(double x);

// Shortest text of stable(x), as JSON and CSV print it.
std::string stable_text(double x);

// Money for people: "$1,234.56", "$0.0230", and three significant digits below a cent: "$0.0000217".
std::string usd(double x);

// Seconds for people: "12.6 s", "4.1 ms", "3,600 s (1 h)".
std::string seconds(double x);

// A fraction as a percentage: "8.50 %".
std::string percent(double fraction);

// A plain number with up to `significant` digits, fixed notation with thousands separated: "1,024",
// "0.72", "142"; below 1e-6 or from 1e15 on, scientific.
std::string plain(double x, int significant = 6);

// A whole count with thousands separated: "10,000".
std::string count(long long n);

}  // namespace breakeven::cli
