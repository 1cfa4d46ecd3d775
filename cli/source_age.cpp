#include "cli/source_age.h"

#include <cctype>

namespace breakeven::cli {

namespace {

bool digits(const std::string& s, std::size_t at, std::size_t n) {
  if (at + n > s.size()) return false;
  for (std::size_t i = at; i < at + n; ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

// A YYYY-MM(-DD) date starting at `at` (not inside a longer number), as YYYY-MM-DD; a month alone
// becomes its last possible day, "-31", so it is never older than a day within it.
std::string date_at(const std::string& s, std::size_t at) {
  if (at > 0 && std::isdigit(static_cast<unsigned char>(s[at - 1]))) return "";
  if (!digits(s, at, 4) || at + 7 > s.size() || s[at + 4] != '-' || !digits(s, at + 5, 2)) return "";
  if (at + 10 <= s.size() && s[at + 7] == '-' && digits(s, at + 8, 2) &&
      (at + 10 == s.size() || !std::isdigit(static_cast<unsigned char>(s[at + 10]))))
    return s.substr(at, 10);
  if (at + 7 < s.size() && std::isdigit(static_cast<unsigned char>(s[at + 7]))) return "";
  return s.substr(at, 7) + "-31";
}

}  // namespace

std::string pricing_version(const WhatIfReport& r) {
  for (const auto& f : r.data_files)
    if (f.role == "pricing") return f.version;
  return "";
}

std::string newest_date(const std::string& as_of) {
  std::string newest;
  for (std::size_t i = 0; i < as_of.size(); ++i) {
    const std::string d = date_at(as_of, i);
    if (!d.empty() && d > newest) newest = d;
  }
  return newest;
}

std::string three_years_before(const std::string& date) {
  if (date.size() != 10 || date_at(date, 0) != date) return "";
  const int year = std::stoi(date.substr(0, 4)) - 3;
  std::string day = date.substr(5);
  if (day == "02-29") day = "02-28";  // three years before a leap day is not one
  return std::to_string(year) + "-" + day;
}

bool older_than(const std::string& as_of, const std::string& cutoff) {
  const std::string d = newest_date(as_of);
  return !d.empty() && !cutoff.empty() && d < cutoff;
}

}  // namespace breakeven::cli
