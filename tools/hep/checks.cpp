#include "tools/hep/checks.h"

#include <algorithm>
#include <regex>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "server/assets.h"
#include "tools/element_rules.h"
#include "tools/hep/dates.h"
#include "tools/library/dose_text.h"
#include "tools/text/jargon.h"
#include "tools/text/messages.h"
#include "tools/text/normalize.h"
#include "tools/text/readability.h"
#include "tools/text/wording.h"

namespace ptmcp::tools::hep {
namespace {

using Json = nlohmann::json;

using text::as_clause;
using text::sentence;
using text::trim;

std::string text_at(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? trim(it->get<std::string>()) : "";
}

std::set<std::string> content_words(const std::string& text) {
  static const std::set<std::string> kStop = {
      "a", "an", "the", "and", "or", "to", "of", "by", "with", "your", "you", "in", "on", "at",
      "for", "no", "be", "is", "it", "from",
      // Spanish
      "el", "la", "los", "las", "un", "una", "de", "del", "y", "o", "al", "en", "con", "por",
      "para", "su", "sus", "sin", "que", "se", "lo", "es", "le", "usted"};
  std::set<std::string> words;
  for (auto w : text::split_words(text)) {
    std::transform(w.begin(), w.end(), w.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!kStop.contains(w)) words.insert(w);
  }
  return words;
}

// Share of the smaller text's content words found in the other one.
double overlap(const std::string& a, const std::string& b) {
  auto wa = content_words(a);
  auto wb = content_words(b);
  if (wa.empty() || wb.empty()) return 0;
  std::size_t shared = 0;
  for (const auto& w : wa)
    shared += wb.contains(w) ? 1 : 0;
  return static_cast<double>(shared) / static_cast<double>(std::min(wa.size(), wb.size()));
}

class Checker {
 public:
  Checker(const Json& request, const HepLimits& limits) : r_(request), limits_(limits) {}

  Outcome<Program> run() {
    patient_and_visit();
    exercises();
    schedule();
    rules();
    feedback();
    milestone();
    bool blocked = std::any_of(findings_.begin(), findings_.end(),
                               [](const Finding& f) { return f.severity == Severity::kError; });
    if (blocked) {
      std::stable_partition(findings_.begin(), findings_.end(),
                            [](const Finding& f) { return f.severity == Severity::kError; });
      return Outcome<Program>::failure(std::move(findings_));
    }
    return Outcome<Program>::success(std::move(p_), std::move(findings_));
  }

 private:
  // An example of patient text for a finding, quoted, in the program's language
  // (data/messages/<language>.json's examples).
  std::string ex(const char* name) const {
    return "\"" + text::messages(p_.language).text(std::string("examples.") + name) + "\"";
  }
  // The library's English words or its Spanish ones, as the program's language needs.
  std::string in_language(const std::string& english, const std::string& spanish) const {
    return p_.language == "es" && !spanish.empty() ? spanish : english;
  }

  // Whether `text` matches one of the six elements' rules, in the program's language.
  bool found(text::Rule ElementRules::*rule, const std::string& text,
             std::string* match = nullptr) const {
    return rules_->search(rules_->*rule, text, match);
  }

  void error(std::optional<int> element, std::string pointer, std::string message,
             std::string example = "") {
    findings_.push_back(
        {Severity::kError, element, std::move(pointer), std::move(message), std::move(example)});
  }
  void warn(std::optional<int> element, std::string pointer, std::string message,
            std::string example = "") {
    findings_.push_back(
        {Severity::kWarning, element, std::move(pointer), std::move(message), std::move(example)});
  }

  // Every text the page prints says its numbers as a behavior; "3x/day" there is the
  // clinic shorthand audit_hep reports.
  void no_abstract_dose(const std::string& value, const std::string& pointer) {
    std::string m;
    if (found(&ElementRules::abstract_dose, value, &m)) {
      error(
          3, pointer,
          "\"" + m + "\" is a bare dose; put the numbers in dose and ptmcp says them as a behavior",
          "\"dose\": {\"sets\": 2, \"reps\": 10}");
    }
  }

  // A contact the page prints must say how to reach the clinic, or the patient cannot.
  void reaches_clinic(int element, const std::string& value, const std::string& pointer) {
    if (!value.empty() && !found(&ElementRules::clinic_contact, value)) {
      error(element, pointer,
            "\"" + value +
                "\" does not say how to reach the clinic; name the way (call, text, "
                "message, the app or portal) or the number",
            ex("contact"));
    }
  }

  // Examples that fit the patient: the library's exercises for the program's condition (empty
  // when the condition is not one ptmcp knows), and the condition's own examples.
  std::vector<const library::Exercise*> condition_exercises() const {
    std::vector<const library::Exercise*> out;
    if (p_.condition_id.empty()) return out;
    for (const auto& e : library::exercises()) {
      if (std::find(e.conditions.begin(), e.conditions.end(), p_.condition_id) !=
          e.conditions.end())
        out.push_back(&e);
    }
    return out;
  }
  const library::Condition* condition() const {
    return p_.condition_id.empty() ? nullptr : library::find_condition(p_.condition_id);
  }
  // The library exercise that `words` (a name or an id) most likely means, among the
  // condition's when it is known; the condition's first exercise when none matches.
  const library::Exercise* likely_exercise(const std::string& words) const {
    std::string query = words;
    std::replace(query.begin(), query.end(), '-', ' ');
    if (!query.empty()) {
      const auto found = library::search({query, p_.condition_id, "", 1});
      if (!found.hits.empty() && found.hits[0].score >= 8) return found.hits[0].exercise;
    }
    const auto mine = condition_exercises();
    return mine.empty() ? nullptr : mine.front();
  }
  // The name an exercise of the request goes by: its own, its library entry's, its clinical.
  static std::string name_in(const Json& in) {
    std::string name = text_at(in, "name");
    if (name.empty()) {
      if (const auto* lib = library::find_exercise(text_at(in, "library_id"))) name = lib->name;
    }
    return name.empty() ? text_at(in, "clinical_name") : name;
  }

  void patient_and_visit() {
    const Json& patient = r_.at("patient");
    p_.patient_name = text_at(patient, "name");
    if (p_.patient_name.empty())
      error(0, "/patient/name", "the patient's first name goes at the top of the page",
            "\"Maria\"");
    if (std::any_of(p_.patient_name.begin(), p_.patient_name.end(),
                    [](unsigned char c) { return std::isdigit(c); })) {
      error(0, "/patient/name",
            "a name has no digits; keep record numbers and dates of birth off the page",
            "\"Maria\"");
    }
    // A regional tag ("es-MX") takes its language's text.
    p_.language = text::lower(text_at(patient, "language"));
    p_.language = p_.language.substr(0, p_.language.find('-'));
    if (p_.language.empty()) p_.language = "en";
    if (!text::has_messages(p_.language)) {
      std::string known;
      for (const auto& l : text::message_languages())
        known += (known.empty() ? "\"" : ", \"") + l + "\"";
      error(0, "/patient/language",
            "ptmcp has no patient text in \"" + p_.language + "\"; use one of " + known, "\"es\"");
      p_.language = "en";
    }
    rules_ = &element_rules(p_.language);
    p_.reading_grade_max =
        patient.value("reading_grade_max", static_cast<int>(limits_.grade_target));
    p_.caregiver = caregiver_for_patient(patient.value("caregiver", Json(nullptr)), p_.patient_name,
                                         p_.language);
    p_.large_print = patient.value("large_print", false);

    const Json& visit = r_.at("visit");
    p_.visit_date = text_at(visit, "date");
    p_.next_visit = text_at(visit, "next_visit");
    auto visit_day = parse_date(p_.visit_date);
    auto next_day = parse_date(p_.next_visit);
    if (!visit_day)
      error(std::nullopt, "/visit/date", "is not a calendar date (YYYY-MM-DD)", "\"2026-11-23\"");
    if (!next_day)
      error(6, "/visit/next_visit", "is not a calendar date (YYYY-MM-DD)", "\"2026-11-30\"");
    if (visit_day && next_day && *next_day <= *visit_day) {
      error(6, "/visit/next_visit",
            "must come after the visit date, so the milestone has time to happen");
    }
    if (visit_day && next_day && *next_day - *visit_day > std::chrono::days{56}) {
      warn(6, "/visit/next_visit",
           "is more than 8 weeks away; one milestone may be too far off to keep the patient going");
    }
    p_.condition = text_at(visit, "condition");
    if (p_.condition.empty()) {
      error(4, "/visit/condition", "the condition decides which warning signs go on the page",
            "\"Right total knee replacement, 3 weeks after surgery\"");
    } else if (const auto* c = library::find_condition(p_.condition)) {
      p_.condition_id = c->id;
    } else {
      warn(4, "/visit/condition",
           "is not a condition ptmcp knows, so only the general warning signs (call 911 for chest "
           "pain or trouble breathing) were added; add any others the patient needs to "
           "rules.contact's message or the descriptions");
    }
    p_.plan_of_care_goal = text_at(visit, "plan_of_care_goal");
    if (p_.plan_of_care_goal.empty()) {
      error(6, "/visit/plan_of_care_goal",
            "is needed to check that the milestone is a step toward it, not the goal itself",
            "\"" +
                (condition() ? condition()->goal_example
                             : std::string("Walk to the mailbox and back (500 feet) by week 8")) +
                "\"");
    }
  }

  void exercises() {
    const Json& list = r_.at("exercises");
    const int n = static_cast<int>(list.size());
    if (n == 0) {
      const auto mine = condition_exercises();
      error(1, "/exercises", "has no exercises; the therapist picks 1 to 3",
            mine.empty()
                ? "[{\"library_id\": \"(an id from search_exercises)\", \"dose\": {\"sets\": "
                  "2, \"reps\": 10}}]"
                : Json::array(
                      {{{"library_id", mine.front()->id}, {"dose", mine.front()->typical_dose}}})
                      .dump());
    } else if (n > limits_.exercises_warn_max) {
      // The example moves the request's own exercises past the first few.
      Json moved = Json::array();
      for (int i = limits_.exercises_max; i < n; ++i) {
        const std::string name = name_in(list[static_cast<std::size_t>(i)]);
        if (!name.empty()) moved.push_back(name);
      }
      error(1, "/exercises",
            fmt::format("has {} exercises; more than {} do not get done. Keep the {} that matter "
                        "most now and move the rest to next_visit_additions",
                        n, limits_.exercises_warn_max, limits_.exercises_max),
            "\"next_visit_additions\": " + moved.dump());
    } else if (n > limits_.exercises_max) {
      warn(1, "/exercises",
           fmt::format("has {} exercises; sometimes {} is right, but {} are easier to keep up", n,
                       n, limits_.exercises_max));
    }
    for (int i = 0; i < n; ++i)
      exercise(list[static_cast<std::size_t>(i)], "/exercises/" + std::to_string(i));
    for (const auto& a : r_.value("next_visit_additions", Json::array()))
      p_.next_visit_additions.push_back(trim(a.get<std::string>()));
  }

  void exercise(const Json& in, const std::string& at) {
    ProgramExercise e;
    const std::string library_id = text_at(in, "library_id");
    const library::Exercise* lib = nullptr;
    if (!library_id.empty()) {
      lib = library::find_exercise(library_id);
      if (lib == nullptr) {
        const auto* likely = likely_exercise(library_id);
        error(2, at + "/library_id",
              "\"" + library_id + "\" is not in the library; search_exercises lists the ids",
              likely ? "\"" + likely->id + "\"" : "");
      }
    }
    e.library_id = lib ? lib->id : "";
    e.name = text_at(in, "name");
    e.clinical_name = text_at(in, "clinical_name");
    e.description = text_at(in, "description");
    e.clinic_link = text_at(in, "clinic_link");
    e.picture_space = in.value("picture_space", false);
    if (lib) {
      // The library's words in the program's language (every exercise has Spanish).
      const bool es = p_.language == "es" && !lib->es.name.empty();
      if (e.name.empty()) e.name = es ? lib->es.name : lib->name;
      if (e.clinical_name.empty()) e.clinical_name = lib->clinical_name;
      if (e.description.empty()) e.description = es ? lib->es.description : lib->description;
      if (e.clinic_link.empty())
        e.clinic_link = es ? lib->es.clinic_link_template : lib->clinic_link_template;
    }

    if (e.name.empty()) {
      const auto* likely = likely_exercise(e.clinical_name);
      error(2, at + "/name", "needs a plain name the patient will recognize, or a library_id",
            likely ? "\"" + in_language(likely->name, likely->es.name) + "\"" : "");
    } else {
      const text::JargonEntry* clinical = nullptr;
      for (const auto& f : text::find_jargon(e.name, p_.language)) {
        if (f.entry->severity == text::JargonSeverity::kError) {
          if (clinical == nullptr) clinical = f.entry;
        } else {
          warn(2, at + "/name",
               "\"" + f.matched + "\" may be unfamiliar; plain words: \"" + f.entry->plain + "\"");
        }
      }
      if (clinical != nullptr) {
        const auto found = library::search({e.name, "", "", 1});
        const bool in_library = !found.hits.empty() && found.hits[0].score >= 8;
        error(2, at + "/name",
              "\"" + e.name +
                  "\" is a clinical name a patient may not know; put it in clinical_name and use "
                  "plain words",
              "\"" +
                  (in_library
                       ? in_language(found.hits[0].exercise->name, found.hits[0].exercise->es.name)
                       : sentence(clinical->plain)) +
                  "\"");
      }
    }
    if (e.description.empty()) {
      const auto* likely = likely_exercise(e.clinical_name.empty() ? e.name : e.clinical_name);
      error(2, at + "/description",
            "needs 1 or 2 plain sentences saying how to do it, or a library_id",
            likely ? "\"" + in_language(likely->description, likely->es.description) + "\"" : "");
    }
    if (e.clinic_link.empty()) {
      error(2, at + "/clinic_link",
            "needs a sentence tying the exercise to what the patient did in the clinic today",
            ex("clinic_link"));
    } else if (!found(&ElementRules::clinic_tie_back, e.clinic_link)) {
      warn(2, at + "/clinic_link", "does not say where or when the patient did this in the clinic",
           ex("clinic_link_where"));
    }
    if (!e.description.empty() && !e.clinic_link.empty()) {
      const std::string both = e.description + " " + e.clinic_link;
      const auto count = static_cast<int>(text::split_sentences(both).size());
      if (count < limits_.sentences_min || count > limits_.sentences_max) {
        error(
            2, at + "/description",
            fmt::format("the description and clinic link have {} sentences together; use {} to {}",
                        count, limits_.sentences_min, limits_.sentences_max),
            "a 1-2 sentence description plus a one-sentence clinic link");
      }
      for (const auto& f : text::find_jargon(both, p_.language)) {
        warn(2, at + "/description",
             "\"" + f.matched + "\" may be unfamiliar; plain words: \"" + f.entry->plain + "\"");
      }
      for (const auto& f : text::find_unknown_abbreviations(e.name + "\n" + both, p_.language)) {
        warn(2, at + "/description",
             "\"" + f.token + "\" may be an abbreviation; write it out in plain words");
      }
      const auto level = judge_reading(both, p_.language, p_.reading_grade_max, limits_);
      if (level.over_target) {
        warn(2, at + "/description",
             "reads at " + level.figure() + ", " + level.against_target() + "; shorten: \"" +
                 level.hardest + "\"");
      }
      no_abstract_dose(e.name, at + "/name");
      no_abstract_dose(e.description, at + "/description");
      no_abstract_dose(e.clinic_link, at + "/clinic_link");
    }

    const Json dose = in.value("dose", Json(nullptr));
    const bool has_dose =
        dose.is_object() && (dose.contains("sets") || dose.contains("reps") ||
                             dose.contains("hold_seconds") || dose.contains("minutes"));
    if (!has_dose) {
      std::string example = "{\"sets\": 2, \"reps\": 10}";
      if (lib)
        example =
            Json(lib->typical_dose).dump() + " (the library's typical dose; the therapist decides)";
      error(3, at + "/dose", "needs the therapist's dose: sets and reps, a hold, or minutes",
            example);
    } else {
      e.dose = dose.get<library::Dose>();
      e.side = dose.value("side", "");
      e.dose_text = library::dose_text(
          e.dose, e.side.empty() ? std::nullopt : std::optional<std::string>(e.side), p_.language);
    }
    p_.exercises.push_back(std::move(e));
  }

  void schedule() {
    const Json schedule = r_.value("schedule", Json::object());
    const Json days = schedule.value("days", Json(nullptr));
    const std::string days_example = "[\"mon\", \"wed\", \"fri\"]";
    if (days.is_null() || (days.is_array() && days.empty())) {
      error(3, "/schedule/days", "names no days; pick the days of the week with the patient",
            days_example);
    } else if (days.is_string()) {
      error(3, "/schedule/days",
            "\"" + days.get<std::string>() + "\" is not a schedule; name the days of the week",
            days_example);
    } else {
      std::set<std::string> chosen;
      for (std::size_t i = 0; i < days.size(); ++i) {
        const std::string raw = days[i].is_string() ? days[i].get<std::string>() : days[i].dump();
        if (auto code = weekday_from(raw)) {
          chosen.insert(*code);
        } else {
          error(3, "/schedule/days/" + std::to_string(i),
                "\"" + raw + "\" is not a day of the week; \"3x/week\" is not a schedule",
                days_example);
        }
      }
      for (const auto& code : week_order()) {
        if (chosen.contains(code)) p_.days.push_back(code);
      }
    }
    const Json sessions = schedule.value("sessions", Json::array());
    if (sessions.empty()) {
      const Session one = session(schedule, "/schedule");
      p_.when = one.when;
      p_.where = one.where;
      p_.trigger = one.trigger;
      p_.time = one.time;
      return;
    }
    for (const char* field : {"when", "where", "trigger", "time"}) {
      if (schedule.contains(field)) {
        error(3, std::string("/schedule/") + field,
              "goes inside each of schedule.sessions when the program has sessions",
              "\"sessions\": [{\"when\": \"every morning\", ...}, {\"when\": \"every evening\", "
              "...}]");
      }
    }
    const auto exercise_count = static_cast<int>(r_.at("exercises").size());
    for (std::size_t i = 0; i < sessions.size(); ++i) {
      const std::string at = "/schedule/sessions/" + std::to_string(i);
      Session one = session(sessions[i], at);
      for (const auto& x : sessions[i].value("exercises", Json::array())) {
        const int index = x.get<int>();
        if (index >= exercise_count) {
          error(3, at + "/exercises",
                fmt::format("names exercise {}, but the program has {} (0 is the first)", index,
                            exercise_count),
                "[0, 1]");
        } else {
          one.exercises.push_back(index);
        }
      }
      std::sort(one.exercises.begin(), one.exercises.end());
      p_.sessions.push_back(std::move(one));
    }
    const Session& first = p_.sessions.front();
    p_.when = first.when;
    p_.where = first.where;
    p_.trigger = first.trigger;
    p_.time = first.time;
    // An exercise no session names is never scheduled (a session with no list has them all).
    std::vector<bool> scheduled(static_cast<std::size_t>(exercise_count), false);
    for (const auto& one : p_.sessions) {
      for (int i = 0; i < exercise_count; ++i) {
        if (one.exercises.empty() ||
            std::find(one.exercises.begin(), one.exercises.end(), i) != one.exercises.end())
          scheduled[static_cast<std::size_t>(i)] = true;
      }
    }
    for (int i = 0; i < exercise_count; ++i) {
      if (!scheduled[static_cast<std::size_t>(i)]) {
        warn(3, "/schedule/sessions",
             fmt::format("no session names exercise {} (0 is the first), so the page and "
                         "reminders never schedule it; add it to a session or move it to "
                         "next_visit_additions",
                         i),
             "\"exercises\": [0, 1, 2]");
      }
    }
    if (p_.sessions.size() == 1) p_.sessions.clear();  // one session is the simple case
  }

  // One session's when, where and trigger (the whole schedule's in the simple case), checked
  // at `at`.
  Session session(const Json& in, const std::string& at) {
    Session out{
        text_at(in, "when"), text_at(in, "where"), text_at(in, "trigger"), text_at(in, "time"), {}};
    if (out.when.empty())
      error(3, at + "/when", "needs the time of day, in the patient's words", ex("when"));
    if (out.where.empty())
      error(3, at + "/where", "needs the place in the patient's home", ex("where"));
    no_abstract_dose(out.when, at + "/when");
    no_abstract_dose(out.where, at + "/where");
    no_abstract_dose(out.trigger, at + "/trigger");
    const std::string trigger_example = ex("trigger");
    if (out.trigger.empty()) {
      error(3, at + "/trigger",
            "needs something the patient already does every day to do the exercises after",
            trigger_example);
    } else if (found(&ElementRules::vague_trigger, out.trigger) ||
               found(&ElementRules::vague_trigger_alone, out.trigger) ||
               !found(&ElementRules::routine_trigger_first, out.trigger)) {
      error(3, at + "/trigger",
            "\"" + out.trigger +
                "\" is not tied to a routine; anchor it to something the patient already does "
                "every day",
            trigger_example);
    }
    return out;
  }

  void rules() {
    const Json rules = r_.value("rules", Json::object());
    p_.pain_rise_max = rules.value("pain_rise_max", limits_.pain_rise_max);
    p_.contact = text_at(rules, "contact");
    // The program's own problem contact, when it has one that is not a personal phone.
    const std::string problem = text_at(r_.value("feedback", Json::object()), "problem_contact");
    const std::string example = !problem.empty() && !found(&ElementRules::personal_channel, problem)
                                    ? "\"" + as_clause(problem) + "\""
                                    : ex("contact");
    if (p_.contact.empty()) {
      error(4, "/rules/contact",
            "needs the clinic's contact for the \"something feels different\" rule", example);
    } else if (found(&ElementRules::personal_channel, p_.contact)) {
      error(5, "/rules/contact",
            "uses a personal phone; use the clinic's official number, app or portal", example);
    }
    reaches_clinic(4, p_.contact, "/rules/contact");
    no_abstract_dose(p_.contact, "/rules/contact");
    const text::Messages& m = text::messages(p_.language);
    p_.pain_rule = p_.pain_rise_max == 1
                       ? m.text("rules.pain_one")
                       : m.fill("rules.pain_many", {{"points", std::to_string(p_.pain_rise_max)}});
    p_.missed_day_rule = m.text("rules.missed_day");
    p_.feels_different_rule =
        sentence(m.fill("rules.feels_different", {{"contact", as_clause(p_.contact)}}));
    // A condition ptmcp cannot place still gets the general signs (911 for chest pain or
    // trouble breathing): a page never goes without warning signs.
    const auto* placed = condition();
    const std::string profile = placed ? placed->red_flag_profile : "general";
    // Parsed once: this runs on every generate_hep call.
    static const Json data = Json::parse(server::require_asset("data/clinical/warning_signs.json"));
    // The sign in the program's language where the data has it (every sign has Spanish).
    for (const auto& sign : data["profiles"].value(profile, Json::array())) {
      const bool own = p_.language != "en" && sign.contains(p_.language);
      p_.warning_signs.push_back({sign["tier"], sign[own ? p_.language : "text"]});
    }
  }

  void feedback() {
    const Json feedback = r_.value("feedback", Json::object());
    p_.channel = text_at(feedback, "channel");
    p_.log_instruction = text_at(feedback, "log_instruction");
    p_.problem_contact = text_at(feedback, "problem_contact");
    if (p_.channel.empty())
      error(5, "/feedback/channel",
            "needs the channel the patient already uses to say \"I did it today\"", "\"sms\"");
    if (p_.log_instruction.empty())
      error(5, "/feedback/log_instruction", "needs one simple way to log each session",
            ex("log_instruction"));
    // A way to reach the clinic: the program's own contact for the "feels different" rule
    // when it has one that is not a personal phone.
    const std::string contact_example =
        !p_.contact.empty() && !found(&ElementRules::personal_channel, p_.contact)
            ? "\"" + sentence(p_.contact) + "\""
            : ex("contact_sentence");
    if (p_.problem_contact.empty())
      error(5, "/feedback/problem_contact", "needs a way to reach the clinic with a problem",
            contact_example);
    if (!p_.log_instruction.empty() && !found(&ElementRules::logging, p_.log_instruction)) {
      error(5, "/feedback/log_instruction",
            "\"" + p_.log_instruction +
                "\" does not say how to log a session; say what to send, tap or mark",
            ex("log_instruction"));
    }
    reaches_clinic(5, p_.problem_contact, "/feedback/problem_contact");
    no_abstract_dose(p_.log_instruction, "/feedback/log_instruction");
    no_abstract_dose(p_.problem_contact, "/feedback/problem_contact");
    for (const auto& [field, value, example] :
         {std::tuple{"channel", &p_.channel, std::string("\"sms\"")},
          {"log_instruction", &p_.log_instruction, std::string(ex("log_instruction"))},
          {"problem_contact", &p_.problem_contact, contact_example}}) {
      if (found(&ElementRules::personal_channel, *value)) {
        error(5, std::string("/feedback/") + field,
              "\"" + *value +
                  "\" points to a personal phone; use the clinic's official number, app or portal "
                  "(privacy)",
              example);
      }
    }
  }

  void milestone() {
    p_.milestone = text_at(r_, "milestone");
    // The condition's own example is English; another language gets its general one.
    const std::string example = condition() && p_.language == "en"
                                    ? "\"" + condition()->milestone_example + "\""
                                    : ex("milestone");
    if (p_.milestone.empty()) {
      error(6, "/milestone", "needs one small goal the patient can reach by the next visit",
            example);
      return;
    }
    no_abstract_dose(p_.milestone, "/milestone");
    if (!found(&ElementRules::milestone_measurable, p_.milestone)) {
      error(6, "/milestone",
            "\"" + p_.milestone +
                "\" is not something you can count, time, measure or see; make it specific and "
                "observable",
            example);
    }
    if (!p_.plan_of_care_goal.empty() &&
        overlap(p_.milestone, p_.plan_of_care_goal) >= rules_->milestone_goal_overlap_max) {
      error(6, "/milestone",
            "restates the plan-of-care goal; a milestone is one small step toward it, due by the "
            "next visit",
            example);
    }
    if (!found(&ElementRules::milestone_due, p_.milestone)) {
      warn(
          6, "/milestone", "does not say it is due by the next visit",
          "start with \"" + text::messages(p_.language).text("examples.milestone_lead") + " ...\"");
    }
    if (text::split_sentences(p_.milestone).size() > 1) {
      warn(6, "/milestone", "has more than one sentence; keep one milestone");
    }
  }

  const Json& r_;
  const HepLimits& limits_;
  // The six elements' patterns (shared with audit_hep) in the program's language.
  const ElementRules* rules_ = &element_rules();
  Program p_;
  std::vector<Finding> findings_;
};

}  // namespace

Outcome<Program> check_hep(const Json& request, const HepLimits& limits) {
  return Checker(request, limits).run();
}

std::vector<Finding> check_page(const std::string& page_text, const Program& program,
                                const HepLimits& limits) {
  std::vector<Finding> findings;
  const ReadingJudgement level =
      judge_reading(page_text, program.language, program.reading_grade_max, limits);
  if (level.over_limit) {
    findings.push_back({Severity::kError, 0, "",
                        "the page reads at " + level.figure() + ", " + level.against_limit() +
                            "; shorten the hardest sentence: \"" + level.hardest + "\"",
                        ""});
  } else if (level.over_target) {
    findings.push_back({Severity::kWarning, 0, "",
                        "the page reads at " + level.figure() + ", " + level.against_target(), ""});
  }
  const int budget = program.large_print ? limits.large_print_word_budget : limits.page_word_budget;
  if (level.words > budget) {
    findings.push_back({Severity::kError, 0, "",
                        fmt::format("the page has {} words; {} {}. Shorten the "
                                    "descriptions or move an exercise to next_visit_additions",
                                    level.words,
                                    program.large_print ? "in large print, two printed pages hold"
                                                        : "one printed page holds",
                                    budget),
                        ""});
  }
  return findings;
}

std::vector<Finding> check_same_patient(const std::string& program_id, const Program& stored,
                                        const Program& revision, const std::string& renamed_from) {
  const std::string was = text::fold_name(stored.patient_name);
  const std::string is = text::fold_name(revision.patient_name);
  if (!renamed_from.empty()) {
    if (text::fold_name(renamed_from) == was) return {};
    return {{Severity::kError, std::nullopt, "/patient/renamed_from",
             fmt::format("program {} is {}'s, not {}'s; renamed_from must be the name the program "
                         "has now",
                         program_id, stored.patient_name, renamed_from),
             "\"" + stored.patient_name + "\""}};
  }
  if (was == is) return {};
  return {{Severity::kError, std::nullopt, "/patient/name",
           fmt::format("program {} is {}'s, and this request is for {}; nothing was saved. To "
                       "start a new program for {}, leave program_id out. If {} now goes by {}, "
                       "say so with patient.renamed_from",
                       program_id, stored.patient_name, revision.patient_name,
                       revision.patient_name, stored.patient_name, revision.patient_name),
           "\"renamed_from\": \"" + stored.patient_name + "\""}};
}

std::vector<Finding> check_dates_against_today(const Program& program,
                                               std::chrono::sys_days today) {
  auto next = parse_date(program.next_visit);
  if (!next || *next >= today) return {};
  return {{Severity::kWarning, 6, "/visit/next_visit",
           fmt::format("{} is already past (today is {}), so the calendar and the tracker have no "
                       "days left; fine for a program entered after the fact, otherwise correct "
                       "the date",
                       long_date(*next), long_date(today)),
           "\"" + format_date(today + std::chrono::days{7}) + "\""}};
}

}  // namespace ptmcp::tools::hep
