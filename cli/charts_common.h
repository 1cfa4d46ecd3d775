// What the chart kinds share: finding columns and axes in the results, grouping rows into curves,
// naming curves for a reader, the script's common preamble and the colours. Internal to cli/charts*.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "cli/charts.h"

namespace breakeven::cli::charts {

// At most this many curves on one chart: beyond, neither the legend nor the dash types tell them apart.
constexpr std::size_t kMaxCurves = 15;

// Throws InputError about the results file `t`.
[[noreturn]] void bad(const ResultsTable& t, const std::string& message);

// The column `name`, or an input error saying the kind needs it.
std::size_t need_column(const ResultsTable& t, const std::string& name, const std::string& kind);

// The column of the swept key `key`, or an input error with `example` as the sweep to run.
std::size_t need_axis(const ResultsTable& t, const std::string& key, const std::string& kind,
                      const std::string& example);

// Whether the cell (row, col) says "true".
bool is_true(const ResultsTable& t, std::size_t row, std::size_t col);

// The cell as a number, or NaN.
double number_or_nan(const ResultsTable& t, std::size_t row, std::size_t col);

// A swept key for a reader: "interval between batches (s)", "Lambda memory (MB)", or the key itself.
std::string pretty_key(const std::string& key);

// Rows with status ok that share the values of every swept key except `axis`, in the file's order.
struct Series {
  std::vector<std::pair<std::string, std::string>> pairs;  // (swept key, value) of the other keys
  std::vector<std::size_t> rows;                           // sorted by the value of `axis` when numeric
};
std::vector<Series> group_by_other_axes(const ResultsTable& t, const std::string& axis);

// An input error when `series` has more curves than stay legible.
void check_curve_count(const ResultsTable& t, const std::vector<Series>& series, const std::string& kind,
                       const std::string& axis);

// Groups of identical curves (NaN equal to NaN), each group in first-seen order.
std::vector<std::vector<std::size_t>> identical_curves(const std::vector<std::vector<double>>& curves);

// The (key, value) pairs every series of `members` shares: what the curve drawn for them depends on.
std::vector<std::pair<std::string, std::string>> shared_pairs(const std::vector<Series>& series,
                                                              const std::vector<std::size_t>& members);

// One (key, value) pair for a reader: "model never cached", "2048 MB", "arm64", "batch_size = 64".
std::string describe(const std::string& key, const std::string& value);

// "FaaS, model never cached, 2048 MB": `side` then the described pairs.
std::string curve_name(const std::string& side,
                       const std::vector<std::pair<std::string, std::string>>& pairs);

// The name of a curve drawn for the series `members`: `side` with the pairs they share, keys starting
// with `ignore` left out (FaaS curves do not depend on iaas.*), and "(x86_64 and arm64 alike)" for a
// key whose values differ but give the same curve.
std::string group_name(const std::string& side, const std::vector<Series>& series,
                       const std::vector<std::size_t>& members, const std::string& ignore);

// The name of an EC2 line drawn for the series `members`: "EC2 t2.small" (the instance from the swept
// values or the context, else "EC2") with the shared values of keys other than faas.*.
std::string ec2_name(const ChartContext& context, const std::vector<Series>& series,
                     const std::vector<std::size_t>& members);

// The memory every ok row runs with (column faas_memory_mb), or 0 when it differs or is missing.
double common_memory_mb(const ResultsTable& t);

// "thesis-movielens: WHAT (DETAIL)" with the scenario's name when known; DETAIL left out when empty.
std::string default_title(const ChartContext& context, const std::string& what, const std::string& detail);

// The lines every script starts with: terminal, output, plain (not enhanced) text, title, grid, key.
std::string preamble(const ChartRequest& r, const std::string& default_title);

// Ends a plot command whose elements each end in ", \\\n": the last one ends the line instead.
void end_plot(std::string& script);

// The colour of curve k, from a palette that colour-blind readers tell apart (Okabe and Ito 2008).
std::string colour(std::size_t k);

}  // namespace breakeven::cli::charts
