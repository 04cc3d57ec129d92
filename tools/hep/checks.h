// The six elements of a home exercise program as rules (DESIGN §2). Errors block the
// program; warnings ride along with it. The checks never choose exercises, doses or
// thresholds: they check that the therapist's choices are present, concrete and readable,
// and fill in the library's wording only where the assistant wrote none.
#pragma once

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "tools/findings.h"
#include "tools/hep/hep_limits.h"
#include "tools/hep/program.h"

namespace ptmcp::tools::hep {

// `request` is generate_hep's arguments, already valid against its input schema.
Outcome<Program> check_hep(const nlohmann::json& request, const HepLimits& limits);

// Whole-page checks on the rendered page text: grade level against the target and the
// ceiling, and the word budget of one printed page.
std::vector<Finding> check_page(const std::string& page_text, const Program& program,
                                const HepLimits& limits);

// A revision must be for the patient the program is for: `stored` is the program's latest
// version, `revision` the checked request, `renamed_from` the request's
// patient.renamed_from (empty when not given). Names compare after case and accent folding
// ("JOSÉ" is "Jose"). A different name is refused, naming both names and how to start a new
// program; a rename is accepted when renamed_from names the stored patient.
std::vector<Finding> check_same_patient(const std::string& program_id, const Program& stored,
                                        const Program& revision, const std::string& renamed_from);

// A next visit already past `today` is a warning, not a refusal: a therapist may enter a
// program after the fact.
std::vector<Finding> check_dates_against_today(const Program& program, std::chrono::sys_days today);

}  // namespace ptmcp::tools::hep
