// The version of every JSON output's layout (docs/output.md says when it changes).
#pragma once

namespace breakeven {

// The schema_version of every JSON output (whatif, solve, simulate, sweep headers, profiles, probe files).
inline constexpr int kOutputSchemaVersion = 1;

}  // namespace breakeven
