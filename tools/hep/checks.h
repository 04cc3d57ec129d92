// The six elements of a home exercise program as rules (DESIGN §2). Errors block the
// program; warnings ride along with it. The checks never choose exercises, doses or
// thresholds: they check that the therapist's choices are present, concrete and readable,
// and fill in the library's wording only where the assistant wrote none.
#pragma once

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

}  // namespace ptmcp::tools::hep
