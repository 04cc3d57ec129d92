// A home exercise program as ptmcp stores and renders it: the therapist's choices and the
// patient-facing words after every check has passed, with the library's wording filled in
// where the assistant gave none. Only the contract's fields.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tools/library/exercise_library.h"

namespace ptmcp::tools::hep {

struct ProgramExercise {
  std::string name;
  std::string clinical_name;
  std::string library_id;  // empty when none
  std::string description;
  std::string clinic_link;
  library::Dose dose;
  std::string side;  // "right", "left", "both" or empty
  std::string dose_text;
  bool picture_space = false;  // room on the page for a sketch or photo the clinic prints in
};

struct WarningSign {
  std::string tier;  // emergency, urgent, same_day
  std::string text;
};

// One of the day's sessions in a program done more than once a day ("every morning, after
// you turn off your alarm" and "every evening, after dinner").
struct Session {
  std::string when;
  std::string where;
  std::string trigger;
  std::string time;            // "HH:MM" or empty
  std::vector<int> exercises;  // indexes into the program's exercises; empty: all of them
};

struct Program {
  std::string patient_name;
  std::string language = "en";  // BCP 47: every fixed text the patient reads is in it
  int reading_grade_max = 6;
  std::string caregiver;
  bool large_print = false;  // 14 pt body text; the page may take two sheets
  std::string visit_date;    // YYYY-MM-DD
  std::string next_visit;    // YYYY-MM-DD
  std::string condition;
  std::string condition_id;  // library condition, empty when not known
  std::string plan_of_care_goal;
  std::vector<ProgramExercise> exercises;
  std::vector<std::string> days;  // "mon".."sun", in week order
  std::string when;
  std::string where;
  std::string trigger;
  std::string time;  // "HH:MM" or empty
  // Two or more when the program runs more than once a day (schedule.sessions); empty for
  // the simple case. When given, when/where/trigger/time above are the first session's.
  std::vector<Session> sessions;
  int pain_rise_max = 2;
  std::string contact;
  std::string pain_rule;
  std::string missed_day_rule;
  std::string feels_different_rule;
  std::vector<WarningSign> warning_signs;
  std::string channel;
  std::string log_instruction;
  std::string problem_contact;
  std::string milestone;
  std::vector<std::string> next_visit_additions;
};

// The caregiver as the page says it to the patient: {"name": "Ana", "relation": "daughter"}
// or "her daughter Ana" (or "Maria's daughter Ana") -> "your daughter Ana"; a name alone
// stays as it is. `caregiver` is generate_hep's patient.caregiver, an object or a string. In
// Spanish, {"name": "Lucía", "relation": "hija"} -> "su hija Lucía".
std::string caregiver_for_patient(const nlohmann::json& caregiver, const std::string& patient_name,
                                  const std::string& language = "en");

void to_json(nlohmann::json& j, const Program& p);
void from_json(const nlohmann::json& j, Program& p);

}  // namespace ptmcp::tools::hep
