// Step 3 of the review: the summary a therapist reads first, an opt-out and what a person
// had to see before the figures.
#include <fmt/format.h>

#include "tools/checkins/adherence_review.h"

namespace ptmcp::tools::checkins {

std::string summarize(const Review& r) {
  std::string s;
  if (r.opt_out.opted_out) {
    s += r.opt_out.since.empty()
             ? "OPTED OUT of texts (STOP): reach the patient another way. "
             : fmt::format("OPTED OUT of texts (STOP) on {}: reach the patient another way. ",
                           r.opt_out.since);
  }
  if (r.period.from != r.requested.from && r.period.from <= r.period.to) {
    s += fmt::format("The program began on {}, so the review starts then. ", r.period.from);
  }
  if (r.period.from > r.period.to) {
    return s + fmt::format("The program began on {}, after this period: nothing to review.",
                           r.period.from);
  }
  s += fmt::format("{} did {:g} of {} scheduled sessions ({:g}%) from {} to {}.", r.patient_name,
                   r.sessions_done, r.scheduled_sessions, r.adherence_percent, r.period.from,
                   r.period.to);
  if (r.versions.size() > 1)
    s += fmt::format(" {} program versions, each counted on its own schedule.", r.versions.size());
  if (r.streaks.longest > 1) s += fmt::format(" Longest streak: {} sessions.", r.streaks.longest);
  if (!r.said_skipped.empty() || !r.no_word.empty()) {
    s += fmt::format(" Not done: {} said skipped, {} with no word.", r.said_skipped.size(),
                     r.no_word.size());
  }
  if (r.pain)
    s += fmt::format(" Pain {} to {} (max {}, {}).", r.pain->first, r.pain->last, r.pain->max,
                     r.pain->trend);
  if (!r.pain_rule_hits.empty())
    s += fmt::format(" Pain rule hit {} times.", r.pain_rule_hits.size());
  if (!r.red_flags.empty())
    s += fmt::format(" Red flags: {}; check they were handled.", r.red_flags.size());
  if (r.needs_review > 0)
    s += fmt::format(" Messages a person had to read: {}; check they were answered.",
                     r.needs_review);
  if (r.extra_sessions > 0)
    s += fmt::format(" {} extra sessions on unscheduled days (not make-ups).", r.extra_sessions);
  for (const auto& d : r.diagnosis)
    s += " " + d.finding;
  if (r.diagnosis.empty() && r.scheduled_sessions > 0 && r.adherence_percent >= 80)
    s += " The format is working; keep it.";
  return s;
}

}  // namespace ptmcp::tools::checkins
