#include "diagnostics.h"

#include "model/problem_cap.h"

namespace breakeven {

std::string format_diagnostic(const Diagnostic& d) {
  std::string out = d.place.file;
  if (d.place.line > 0) {
    out += ":" + std::to_string(d.place.line);
    if (d.place.column > 0) out += ":" + std::to_string(d.place.column);
  }
  out += ": ";
  if (!d.key.empty()) out += d.key + ": ";
  out += d.message;
  return out;
}

static std::string join_messages(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) {
    if (!out.empty()) out += "\n";
    out += format_diagnostic(d);
  }
  return out;
}

// The first kMaxReportedProblems problems, and one line that counts the rest.
static std::vector<Diagnostic> capped(std::vector<Diagnostic> diagnostics) {
  if (diagnostics.size() <= kMaxReportedProblems) return diagnostics;
  const std::size_t more = diagnostics.size() - kMaxReportedProblems;
  SourcePlace place{diagnostics[kMaxReportedProblems].place.file, 0, 0};
  diagnostics.resize(kMaxReportedProblems);
  diagnostics.push_back(Diagnostic{std::move(place), "",
                                   "and " + std::to_string(more) + " more problems (the first " +
                                       std::to_string(kMaxReportedProblems) +
                                       " are shown); fix these and run again"});
  return diagnostics;
}

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join_messages(capped(diagnostics))), diagnostics_(capped(std::move(diagnostics))) {}

}  // namespace breakeven
