#include "tools/hep/program.h"

#include "tools/text/messages.h"

namespace ptmcp::tools::hep {

using Json = nlohmann::json;

namespace {

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::string text_of(const Json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? trimmed(j[key].get<std::string>())
                                                                : "";
}

std::string lowered(std::string s) {
  for (auto& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "her daughter" -> "your daughter": the possessive that starts a phrase about the patient
// (a pronoun, or the patient's own name with 's) turned to the patient's person.
std::string turned(const std::string& phrase, const std::string& patient_name,
                   const text::Messages& m) {
  std::vector<std::string> leads = m.list("page.possessive_leads");
  if (!patient_name.empty() && m.language() == "en") leads.push_back(lowered(patient_name) + "'s ");
  const std::string folded = lowered(phrase);
  for (const auto& lead : leads) {
    if (folded.starts_with(lead)) return m.text("page.possessive") + phrase.substr(lead.size());
  }
  return phrase;
}

}  // namespace

std::string caregiver_for_patient(const Json& caregiver, const std::string& patient_name,
                                  const std::string& language) {
  const text::Messages& m = text::messages(language);
  if (caregiver.is_string()) return turned(trimmed(caregiver.get<std::string>()), patient_name, m);
  std::string name = text_of(caregiver, "name");
  std::string relation = text_of(caregiver, "relation");
  if (relation.empty()) return name;
  relation = turned(relation, patient_name, m);
  const std::string& own = m.text("page.possessive");
  if (!relation.starts_with(own)) relation = own + relation;
  return name.empty() ? relation : relation + " " + name;
}

void to_json(Json& j, const Program& p) {
  Json exercises = Json::array();
  for (const auto& e : p.exercises) {
    exercises.push_back({{"name", e.name},
                         {"clinical_name", e.clinical_name},
                         {"library_id", e.library_id},
                         {"description", e.description},
                         {"clinic_link", e.clinic_link},
                         {"dose", e.dose},
                         {"side", e.side},
                         {"dose_text", e.dose_text},
                         {"picture_space", e.picture_space}});
  }
  Json sessions = Json::array();
  for (const auto& s : p.sessions) {
    sessions.push_back({{"when", s.when},
                        {"where", s.where},
                        {"trigger", s.trigger},
                        {"time", s.time},
                        {"exercises", s.exercises}});
  }
  Json signs = Json::array();
  for (const auto& s : p.warning_signs)
    signs.push_back({{"tier", s.tier}, {"text", s.text}});
  j = {{"patient",
        {{"name", p.patient_name},
         {"language", p.language},
         {"reading_grade_max", p.reading_grade_max},
         {"caregiver", p.caregiver},
         {"large_print", p.large_print}}},
       {"visit",
        {{"date", p.visit_date},
         {"next_visit", p.next_visit},
         {"condition", p.condition},
         {"condition_id", p.condition_id},
         {"plan_of_care_goal", p.plan_of_care_goal}}},
       {"exercises", exercises},
       {"schedule",
        {{"days", p.days},
         {"when", p.when},
         {"where", p.where},
         {"trigger", p.trigger},
         {"time", p.time},
         {"sessions", sessions}}},
       {"rules",
        {{"pain_rise_max", p.pain_rise_max},
         {"contact", p.contact},
         {"pain_rule", p.pain_rule},
         {"missed_day_rule", p.missed_day_rule},
         {"feels_different_rule", p.feels_different_rule},
         {"warning_signs", signs}}},
       {"feedback",
        {{"channel", p.channel},
         {"log_instruction", p.log_instruction},
         {"problem_contact", p.problem_contact}}},
       {"milestone", p.milestone},
       {"next_visit_additions", p.next_visit_additions}};
}

void from_json(const Json& j, Program& p) {
  const Json& patient = j.at("patient");
  p.patient_name = patient.at("name");
  p.language = patient.value("language", "en");  // absent in programs stored before it
  p.reading_grade_max = patient.at("reading_grade_max");
  p.caregiver = patient.at("caregiver");
  p.large_print = patient.value("large_print", false);  // absent in programs stored before it
  const Json& visit = j.at("visit");
  p.visit_date = visit.at("date");
  p.next_visit = visit.at("next_visit");
  p.condition = visit.at("condition");
  p.condition_id = visit.at("condition_id");
  p.plan_of_care_goal = visit.at("plan_of_care_goal");
  p.exercises.clear();
  for (const auto& e : j.at("exercises")) {
    p.exercises.push_back({e.at("name"), e.at("clinical_name"), e.at("library_id"),
                           e.at("description"), e.at("clinic_link"),
                           e.at("dose").get<library::Dose>(), e.at("side"), e.at("dose_text"),
                           e.value("picture_space", false)});
  }
  const Json& schedule = j.at("schedule");
  p.days = schedule.at("days").get<std::vector<std::string>>();
  p.when = schedule.at("when");
  p.where = schedule.at("where");
  p.trigger = schedule.at("trigger");
  p.time = schedule.at("time");
  p.sessions.clear();  // programs stored before sessions have none
  for (const auto& s : schedule.value("sessions", Json::array())) {
    p.sessions.push_back({s.at("when"), s.at("where"), s.at("trigger"), s.at("time"),
                          s.at("exercises").get<std::vector<int>>()});
  }
  const Json& rules = j.at("rules");
  p.pain_rise_max = rules.at("pain_rise_max");
  p.contact = rules.at("contact");
  p.pain_rule = rules.at("pain_rule");
  p.missed_day_rule = rules.at("missed_day_rule");
  p.feels_different_rule = rules.at("feels_different_rule");
  p.warning_signs.clear();
  for (const auto& s : rules.at("warning_signs"))
    p.warning_signs.push_back({s.at("tier"), s.at("text")});
  const Json& feedback = j.at("feedback");
  p.channel = feedback.at("channel");
  p.log_instruction = feedback.at("log_instruction");
  p.problem_contact = feedback.at("problem_contact");
  p.milestone = j.at("milestone");
  p.next_visit_additions = j.at("next_visit_additions").get<std::vector<std::string>>();
}

}  // namespace ptmcp::tools::hep
