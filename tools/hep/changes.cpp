#include "tools/hep/changes.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "tools/hep/dates.h"
#include "tools/text/normalize.h"

namespace ptmcp::tools::hep {
namespace {

constexpr const char* kArrow = " \xE2\x86\x92 ";  // " → "

std::string or_none(const std::string& value) {
  return value.empty() ? "none" : value;
}

std::string days_chart(const std::vector<std::string>& days) {
  if (days.size() == 7) return "daily";
  if (days.empty()) return "none";
  std::string out;
  for (const auto& d : days)
    out += (out.empty() ? "" : ", ") + weekday_name(d).substr(0, 3);
  return out;
}

std::string label(const ProgramExercise& e) {
  return e.clinical_name.empty() ? e.name : e.clinical_name;
}

// Exercises are the same exercise when they share a library id, else a folded name.
std::string key(const ProgramExercise& e) {
  return e.library_id.empty() ? text::fold_name(label(e)) : "library:" + e.library_id;
}

class Changes {
 public:
  void field(const std::string& name, const std::string& before, const std::string& after) {
    if (before != after) lines_.push_back(name + ": " + or_none(before) + kArrow + or_none(after));
  }
  void line(std::string text) { lines_.push_back(std::move(text)); }
  std::vector<std::string> take() { return std::move(lines_); }

 private:
  std::vector<std::string> lines_;
};

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items)
    out += (out.empty() ? "" : "; ") + i;
  return out;
}

}  // namespace

std::string chart_dose(const ProgramExercise& e) {
  std::vector<std::string> parts;
  const auto& d = e.dose;
  if (d.sets && d.reps) {
    parts.push_back(fmt::format("{}x{}", *d.sets, *d.reps));
  } else if (d.reps) {
    parts.push_back(fmt::format("{} reps", *d.reps));
  } else if (d.sets) {
    parts.push_back(fmt::format("{} sets", *d.sets));
  }
  if (d.hold_seconds) parts.push_back(fmt::format("{} s hold", *d.hold_seconds));
  if (d.minutes) parts.push_back(fmt::format("{} min", *d.minutes));
  if (e.side == "right") parts.push_back("R");
  if (e.side == "left") parts.push_back("L");
  if (e.side == "both") parts.push_back("bilateral");
  std::string out;
  for (const auto& p : parts)
    out += (out.empty() ? "" : ", ") + p;
  return out;
}

std::vector<std::string> describe_changes(const Program& before, int before_version,
                                          const Program& after, const std::string& renamed_from) {
  Changes c;
  if (!renamed_from.empty()) {
    c.line("Patient renamed: " + before.patient_name + kArrow + after.patient_name);
  } else {
    c.field("Patient name spelled", before.patient_name, after.patient_name);
  }
  c.field("Caregiver", before.caregiver, after.caregiver);
  if (before.reading_grade_max != after.reading_grade_max) {
    c.line(fmt::format("Reading level target: grade {}{}grade {}", before.reading_grade_max, kArrow,
                       after.reading_grade_max));
  }
  c.field("Visit", before.visit_date, after.visit_date);
  c.field("Next visit", before.next_visit, after.next_visit);
  c.field("Condition", before.condition, after.condition);
  c.field("Plan-of-care goal", before.plan_of_care_goal, after.plan_of_care_goal);

  for (const auto& e : after.exercises) {
    auto old = std::find_if(before.exercises.begin(), before.exercises.end(),
                            [&](const ProgramExercise& b) { return key(b) == key(e); });
    if (old == before.exercises.end()) {
      c.line("Added " + label(e) + " (" + chart_dose(e) + ")");
      continue;
    }
    c.field(label(e), chart_dose(*old), chart_dose(e));
    if (old->name != e.name) c.field(label(e) + ", name on the page", old->name, e.name);
    if (old->description != e.description || old->clinic_link != e.clinic_link)
      c.line(label(e) + ": instructions reworded");
  }
  for (const auto& b : before.exercises) {
    const bool kept = std::any_of(after.exercises.begin(), after.exercises.end(),
                                  [&](const ProgramExercise& e) { return key(e) == key(b); });
    if (!kept) c.line("Removed " + label(b));
  }

  c.field("Days", days_chart(before.days), days_chart(after.days));
  c.field("Time of day", before.when, after.when);
  c.field("Place", before.where, after.where);
  c.field("Trigger", before.trigger, after.trigger);
  c.field("Calendar alarm", before.time, after.time);
  c.field("Sessions a day", std::to_string(std::max<std::size_t>(1, before.sessions.size())),
          std::to_string(std::max<std::size_t>(1, after.sessions.size())));
  if (before.pain_rise_max != after.pain_rise_max) {
    c.line(fmt::format("Pain rule: stop if pain rises more than {}{}{} points",
                       before.pain_rise_max, kArrow, after.pain_rise_max));
  }
  c.field("Clinic contact", before.contact, after.contact);
  c.field("Log channel", before.channel, after.channel);
  c.field("Log instruction", before.log_instruction, after.log_instruction);
  c.field("Problem contact", before.problem_contact, after.problem_contact);
  c.field("Milestone", before.milestone, after.milestone);
  c.field("Next-visit additions", joined(before.next_visit_additions),
          joined(after.next_visit_additions));

  std::vector<std::string> lines = c.take();
  if (lines.empty()) lines.push_back(fmt::format("No changes from version {}.", before_version));
  return lines;
}

}  // namespace ptmcp::tools::hep
