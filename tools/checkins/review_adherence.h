// review_adherence: an honest review of a program's check-ins between two dates, treating
// non-adherence as a format problem: figures (scheduled vs done, by weekday and exercise,
// streaks, pain, rule hits, red flags, EARS), a diagnosis per element with evidence and a
// suggested change, a short summary and an SVG calendar. Read-only.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/catalog.h"
#include "tools/hep/program.h"
#include "tools/store/program_store.h"

namespace ptmcp::tools::checkins {

struct ReviewPeriod {
  std::string from;  // YYYY-MM-DD, inclusive
  std::string to;    // YYYY-MM-DD, inclusive
};

// The review as JSON (the tool's structuredContent, without the chart's resource URI).
nlohmann::json review(const hep::Program& program,
                      const std::vector<store::StoredCheckin>& checkins, const ReviewPeriod& period,
                      const std::optional<std::vector<int>>& ears);

// The SVG calendar for a review's days.
std::string adherence_svg(const nlohmann::json& review);

void add_review_adherence(server::Catalog& catalog,
                          const std::shared_ptr<store::ProgramStore>& store);

}  // namespace ptmcp::tools::checkins
