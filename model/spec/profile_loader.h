// `learner.profile`: a compute profile written by `breakeven profile` stands in for the learner's cost
// keys (train_s_per_sample and friends). Internal to spec/: load.cpp calls it while finishing a scenario.
#pragma once

#include <vector>

#include "model/diagnostics.h"
#include "model/spec/load.h"

namespace breakeven::detail {

// The scenario keys a profile fills; setting one of them as well as learner.profile is an error.
const std::vector<std::string>& profile_filled_keys();

// Reads the profile named by spec.learner.profile (relative to the file that set the key) and fills
// the learner's cost fields, and the faas.delta_* fields not set by the scenario from the profile's
// delta at the batch size closest to workload.batch_size. Appends problems; records the file in
// data_files.
void apply_learner_profile(LoadedScenario& scenario, std::vector<Diagnostic>& problems);

}  // namespace breakeven::detail
