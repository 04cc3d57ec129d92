// Step 2 of the review: non-adherence as a format problem. Each finding names the element
// of the program to change, the evidence, and a suggested change for the therapist.
#include <fmt/format.h>

#include "tools/checkins/adherence_review.h"
#include "tools/findings.h"
#include "tools/text/readability.h"

namespace ptmcp::tools::checkins {
namespace {

double pct(double part, double whole) {
  return whole > 0 ? text::round1(100.0 * part / whole) : 0;
}

}  // namespace

std::vector<Diagnosis> diagnose(const Review& r, const hep::Program& program) {
  std::vector<Diagnosis> out;
  auto add = [&](int element, std::string finding, std::string evidence, std::string suggestion) {
    out.push_back({element, element_name(element), std::move(finding), std::move(evidence),
                   std::move(suggestion)});
  };
  if (r.checkins == 0) {
    add(5, "No check-ins at all in this period.",
        fmt::format("0 check-ins for {} scheduled sessions.", r.scheduled_sessions),
        "Ask how the patient would rather log a session (text, app, a mark on the page) and make "
        "that the channel; the silence says little about the exercises.");
    return out;
  }
  const double scheduled = r.scheduled_sessions;
  for (const auto& w : r.by_weekday) {
    const double other_s = scheduled - w.scheduled;
    const double other_d = r.sessions_done - w.done;
    if (w.scheduled >= 2 && w.percent <= 50 && other_s > 0 && pct(other_d, other_s) >= 75) {
      add(3, fmt::format("Misses cluster on {}s: the trigger may not happen that day.", w.day),
          fmt::format("{}s: {:g} of {:g} done; other days: {:g} of {:g}.", w.day, w.done,
                      w.scheduled, other_d, other_s),
          fmt::format("Find a routine that happens on {}s too (the trigger now: \"{}\"), or take "
                      "that day off the schedule.",
                      w.day, program.trigger));
    }
  }
  for (std::size_t i = 0; i < r.by_exercise.size() && r.by_exercise.size() > 1; ++i) {
    double others = 0;
    for (std::size_t j = 0; j < r.by_exercise.size(); ++j)
      others += j == i ? 0 : r.by_exercise[j].percent;
    others /= static_cast<double>(r.by_exercise.size() - 1);
    const auto& e = r.by_exercise[i];
    if (e.percent <= 50 && others >= 75) {
      add(2, fmt::format("\"{}\" is skipped far more than the others.", e.name),
          fmt::format("{}: {:g}% of sessions; the others: {:g}% on average.", e.name, e.percent,
                      text::round1(others)),
          "Ask what makes it hard: the description (element 2) may not match what was done in "
          "the clinic, it may be too hard, or it may not need to be in the program yet (element "
          "1).");
    }
  }
  if (r.pain_rule_hits.size() >= 2) {
    std::string dates;
    for (const auto& d : r.pain_rule_hits)
      dates += (dates.empty() ? "" : ", ") + d;
    add(3, "Pain rose past the stop rule more than once: the dose may be too much.",
        "Pain-rule hits on " + dates + ".",
        "Review the dose (fewer rounds, a shorter hold) or the exercise that hurts.");
  }
  if (r.milestone.status == "reported met") {
    add(6, "The milestone was reached before the next visit.",
        "Reported met on " + r.milestone.date + ".",
        "Set the next milestone: one small, observable step further toward the plan-of-care "
        "goal.");
  }
  return out;
}

}  // namespace ptmcp::tools::checkins
