// The sample stream a command's learner reads: a data file (MovieLens ratings CSV for biased_mf,
// Criteo-style TSV for the others) or the synthetic generator with KEY=VALUE settings (docs/data.md).
// Shared by `profile` and `simulate --learner live`, so both accept the same options and messages.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/learner/learner.h"
#include "model/stream/sample_stream.h"

namespace breakeven::cli {

// Throws InputError when both a file and settings are given, or a setting does not suit the learner.
std::unique_ptr<SampleStream> make_learner_stream(LearnerKind kind, const std::string& data_path,
                                                  std::vector<std::string> synthetic_settings);

}  // namespace breakeven::cli
