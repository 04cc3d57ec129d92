// A dose said as part of the behavior ("2 rounds of 10, holding each for 5 seconds"),
// never as a bare "2x10", in the patient's language (data/messages, section dose).
#pragma once

#include <optional>
#include <string>

#include "tools/library/exercise_library.h"

namespace ptmcp::tools::library {

// `side` ("right", "left", "both"), when given, is said too: "right side only", "on each
// side". `language`: "en", "es" (English for one ptmcp has no messages for).
std::string dose_text(const Dose& dose, const std::optional<std::string>& side = std::nullopt,
                      const std::string& language = "en");

}  // namespace ptmcp::tools::library
