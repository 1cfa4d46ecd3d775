// How old a constant's source is: the newest date in its as_of text against a reference date (the
// pricing file's version), so the same files print the same words on any day and any machine.
#pragma once

#include <string>

#include "model/report.h"

namespace breakeven::cli {

// The version (a date) of the report's pricing file; empty when it has none.
std::string pricing_version(const WhatIfReport& r);

// The newest YYYY-MM-DD or YYYY-MM date in an as_of text ("2025-10-28; 2026-09-06" -> "2026-09-06");
// empty when it holds none ("undated", "-").
std::string newest_date(const std::string& as_of);

// `date` (YYYY-MM-DD) minus three years; empty when it is not a date.
std::string three_years_before(const std::string& date);

// True when the newest date of `as_of` is before `cutoff` (YYYY-MM-DD); a month alone counts as its
// last day. Undated sources are not called old: nothing says they are.
bool older_than(const std::string& as_of, const std::string& cutoff);

}  // namespace breakeven::cli
