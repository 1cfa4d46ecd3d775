#include "model/spec/did_you_mean.h"

#include <algorithm>

namespace breakeven {

int edit_distance(std::string_view a, std::string_view b) {
  std::vector<int> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  // A typo is at most a third of the word's letters (at least 2), as Ninja and git judge it.
  const int limit = std::max<int>(2, static_cast<int>(word.size()) / 3);
  std::string best;
  int best_distance = limit + 1;
  for (const auto& c : candidates) {
    // A word may also be a mistyped start of a longer name ('x86' for 'x86_64', 'memroy' for 'memory_mb').
    int d = edit_distance(word, c);
    if (word.size() >= 3 && c.size() > word.size())
      d = std::min(d, edit_distance(word, std::string_view(c).substr(0, word.size())) + 1);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

}  // namespace breakeven
