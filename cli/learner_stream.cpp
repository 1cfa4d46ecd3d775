#include "cli/learner_stream.h"

#include "model/diagnostics.h"
#include "model/stream/readers.h"
#include "model/stream/synthetic.h"

namespace breakeven::cli {

std::unique_ptr<SampleStream> make_learner_stream(LearnerKind kind, const std::string& data_path,
                                                  std::vector<std::string> synthetic_settings) {
  auto bad = [](const std::string& option, const std::string& message) {
    return InputError({Diagnostic{SourcePlace{option, 0, 0}, "", message}});
  };
  if (!data_path.empty() && !synthetic_settings.empty())
    throw bad("--data", "give --data or --synthetic, not both");
  const bool ratings = kind == LearnerKind::biased_mf;
  if (!data_path.empty()) {
    if (ratings) return std::make_unique<MovieLensReader>(data_path);
    return std::make_unique<CriteoReader>(data_path);
  }
  bool has_kind = false;
  for (const auto& s : synthetic_settings) has_kind |= s.rfind("kind=", 0) == 0;
  if (!has_kind)
    synthetic_settings.insert(synthetic_settings.begin(), ratings ? "kind=ratings" : "kind=clicks");
  for (const auto& s : synthetic_settings)
    if (s == (ratings ? "kind=clicks" : "kind=ratings"))
      throw bad("--synthetic", "'" + s + "' does not suit learner " + to_string(kind) +
                                   "; biased_mf learns kind=ratings, the others kind=clicks");
  return make_synthetic_stream(synthetic_settings);
}

}  // namespace breakeven::cli
