// What a revision changed, in the words a therapist writes in the chart: exercises added
// and removed, doses, schedule, trigger, rules, feedback and milestone, each "old → new".
// Stored with every version and returned by generate_hep.
#pragma once

#include <string>
#include <vector>

#include "tools/hep/program.h"

namespace ptmcp::tools::hep {

// A dose as charted: "2x10, 5 s hold, R".
std::string chart_dose(const ProgramExercise& exercise);

// The changes from `before` (version `before_version`) to `after`, one line each;
// "No changes from version N." when there are none. `renamed_from`, when not empty, is the
// name the therapist said the patient was renamed from.
std::vector<std::string> describe_changes(const Program& before, int before_version,
                                          const Program& after,
                                          const std::string& renamed_from = "");

// The changes line of a first version.
inline constexpr const char* kFirstVersionChanges = "New program.";

}  // namespace ptmcp::tools::hep
