// review_adherence: an honest review of a program's check-ins between two dates, treating
// non-adherence as a format problem (the review itself: adherence_review.h). Also the
// adherence calendar resource and the adherence_review prompt. Read-only.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/catalog.h"
#include "tools/checkins/adherence_review.h"
#include "tools/hep/program.h"
#include "tools/store/program_store.h"

namespace ptmcp::tools::checkins {

// The period review_adherence reviews when `from` or `to` is not given: from the day after
// the visit of the version in force today (`versions` oldest first; a revision whose visit
// is still ahead is not in force yet) to the day before its next visit, or `today` if
// earlier. Always a period (from on or before to) that never ends after today when today is
// in the program: a default never ends before a given `from` or starts after a given `to`,
// and before anything can have happened it is the visit day alone. Nothing when a given
// date is not a date or the given dates are the wrong way round.
std::optional<ReviewPeriod> default_period(const std::vector<hep::Program>& versions,
                                           const std::optional<std::string>& from,
                                           const std::optional<std::string>& to,
                                           const std::string& today);

void add_review_adherence(server::Catalog& catalog,
                          const std::shared_ptr<store::ProgramStore>& store);

}  // namespace ptmcp::tools::checkins
