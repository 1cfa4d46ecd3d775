#include "diagnostics.h"

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

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join_messages(diagnostics)), diagnostics_(std::move(diagnostics)) {}

}  // namespace breakeven
