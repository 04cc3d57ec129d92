#include "tools/audit/audit_hep.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "server/assets.h"
#include "tools/audit/exercise_lines.h"
#include "tools/element_rules.h"
#include "tools/findings.h"
#include "tools/hep/hep_limits.h"
#include "tools/library/exercise_library.h"
#include "tools/text/jargon.h"
#include "tools/text/normalize.h"
#include "tools/text/readability.h"
#include "tools/text/sms.h"
#include "tools/text/wording.h"

namespace ptmcp::tools::audit {
namespace {

using Json = nlohmann::json;

// The six elements' patterns (shared with generate_hep) in the text's language, set once
// per audit by audit_hep before the elements are read.
thread_local const ElementRules* current = nullptr;

const ElementRules& patterns() {
  return current ? *current : element_rules();
}

bool has(const std::string& text, const text::Rule& re) {
  return patterns().search(re, text);
}

std::string first_match(const std::string& text, const text::Rule& re) {
  std::string m;
  return patterns().search(re, text, &m) ? m : "";
}

// The language a handout is written in, from its most common short words: Spanish when
// more of its words are Spanish function words than English ones.
std::string detect_language(const std::string& text) {
  static const std::set<std::string> kSpanish = {
      "de",   "la",  "que", "el",   "en",    "los",     "las",    "del",   "se",  "por",  "con",
      "para", "una", "su",  "al",   "es",    "y",       "lo",     "usted", "sus", "cada", "veces",
      "si",   "no",  "le",  "haga", "antes", "despues", "cuando", "sin",   "muy", "mas"};
  static const std::set<std::string> kEnglish = {
      "the", "and",  "to",  "of",   "you",   "your",   "in",   "is", "for", "with", "on",
      "it",  "this", "do",  "each", "after", "before", "when", "if", "not", "at",   "times",
      "a",   "an",   "are", "day",  "pain",  "call",   "by",   "or", "up",  "down"};
  int es = 0;
  int en = 0;
  for (const auto& w : text::split_words(text::fold_for_matching(text).text)) {
    es += kSpanish.contains(w) ? 1 : 0;
    en += kEnglish.contains(w) ? 1 : 0;
  }
  return es > en ? "es" : "en";
}

std::string quote(const std::string& s) {
  return "\"" + s + "\"";
}

// Prose without exercise lines: the library exercises it names, as written.
std::vector<std::string> exercises_in_prose(const std::string& text) {
  std::vector<std::string> found;
  std::string lowered = text;
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& e : library::exercises()) {
    std::vector<std::string> names = e.aliases;
    names.push_back(e.clinical_name);
    names.push_back(e.name);
    for (auto name : names) {
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (auto at = lowered.find(name); at != std::string::npos) {
        found.push_back(text.substr(at, name.size()));  // as written, for the jargon check
        break;
      }
    }
  }
  return found;
}

// Sentences (and list items) that match, for evidence.
std::vector<std::string> sentences_with(const std::vector<std::string>& sentences,
                                        const text::Rule& re) {
  std::vector<std::string> out;
  for (const auto& s : sentences) {
    if (has(s, re)) out.push_back(s);
  }
  return out;
}

ElementAudit element1(const std::vector<std::string>& exercises) {
  ElementAudit e{1, element_name(1), false, {}, ""};
  const auto n = exercises.size();
  std::string listed;
  for (std::size_t i = 0; i < std::min<std::size_t>(n, 9); ++i) {
    listed += (i ? "; " : "") + exercises[i];
  }
  e.evidence.push_back(std::to_string(n) + (n == 1 ? " exercise" : " exercises") + " found" +
                       (n ? ": " + listed : ""));
  if (n == 0) {
    e.fix = "Name the 1 to 3 exercises that matter most right now, each on its own line.";
  } else if (n <= 3) {
    e.met = true;
  } else if (n == 4) {
    e.met = true;
    e.evidence.push_back("Four is sometimes fine; three is easier to keep up.");
  } else {
    e.fix = "Keep the 3 exercises that matter most now and move the other " +
            std::to_string(n - 3) +
            " to a later visit. Patients given fewer exercises do them better.";
  }
  return e;
}

// As generate_hep judges a program: a clinical name standing as an exercise's name fails
// the element, jargon inside running text is reported, and the grade level fails it only
// above the ceiling (above the target it is reported with a fix).
ElementAudit element2(const std::string& text, const std::vector<std::string>& exercise_names,
                      const HepAudit& a) {
  const hep::ReadingJudgement& level = a.reading;
  ElementAudit e{2, element_name(2), false, {}, ""};
  std::vector<std::string> bare;
  const text::JargonEntry* first = nullptr;
  for (const auto& name : exercise_names) {
    for (const auto& f : text::find_jargon(name, a.language)) {
      if (f.entry->severity != text::JargonSeverity::kError) continue;
      if (first == nullptr) first = f.entry;
      if (std::find(bare.begin(), bare.end(), f.matched) == bare.end()) bare.push_back(f.matched);
    }
  }
  const bool tied = has(text, patterns().clinic_tie_back);
  const bool readable = a.grade_measurable && !level.over_limit;
  if (!bare.empty()) {
    std::string list;
    for (const auto& b : bare)
      list += (list.empty() ? "" : ", ") + quote(b);
    e.evidence.push_back("Clinical names a patient may not know: " + list);
  }
  if (!a.grade_measurable) {
    e.evidence.push_back("Grade level not measurable: " + a.grade_note);
  } else {
    if (level.formula == "grade_level") {
      e.evidence.push_back(
          fmt::format("Grade level {:.1f} ({} the target of {:g}{})", level.score,
                      level.over_target ? "above" : "at or below", level.target,
                      readable ? "" : fmt::format(" and the ceiling of {:g}", level.limit)));
    } else {
      e.evidence.push_back(fmt::format(
          "Fernández-Huerta {:.1f}, INFLESZ {:.1f} ({}); {}{}", level.score, level.inflesz,
          level.inflesz_band,
          level.over_target ? level.against_target()
                            : fmt::format("at or above the target of {:g}", level.target),
          readable ? "" : " and " + level.against_limit()));
    }
  }
  if (!a.abbreviations.empty()) {
    std::string list;
    for (const auto& [token, count] : a.abbreviations)
      list += (list.empty() ? "" : ", ") + quote(token);
    e.evidence.push_back("May be abbreviations: " + list);
  }
  e.evidence.push_back(tied ? "Ties an exercise to the clinic: \"" +
                                  first_match(text, patterns().clinic_tie_back) + "\""
                            : "Nothing ties the exercises to what the patient did in the clinic");
  e.met = bare.empty() && tied && readable;
  std::string fix;
  if (first != nullptr)
    fix += "Use plain names (for \"" + first->term + "\": \"" + first->plain + "\"). ";
  if (!a.grade_measurable || !a.abbreviations.empty())
    fix += "Write the abbreviations and shorthand out in plain words. ";
  if (a.grade_measurable && level.over_target) fix += "Use shorter sentences and shorter words. ";
  if (!tied) {
    fix +=
        "Describe each exercise in 2 or 3 plain sentences tied to today's visit (\"Like the "
        "one we did at the end of today's session\").";
  }
  while (!fix.empty() && fix.back() == ' ')
    fix.pop_back();
  e.fix = fix;
  return e;
}

ElementAudit element3(const std::string& text) {
  ElementAudit e{3, element_name(3), false, {}, ""};
  const bool days = has(text, patterns().named_days);
  const std::string vague = first_match(text, patterns().vague_trigger);
  const bool trigger = has(text, patterns().routine_trigger) && vague.empty();
  const std::vector<std::string> abstract = patterns().all(patterns().abstract_dose, text, 5);
  if (!abstract.empty()) {
    std::string list;
    for (const auto& a : abstract)
      list += (list.empty() ? "" : ", ") + quote(a);
    e.evidence.push_back("Abstract dose, not a behavior: " + list);
  }
  e.evidence.push_back(days ? "Names the days: \"" + first_match(text, patterns().named_days) + "\""
                            : "No days of the week named");
  if (!vague.empty()) e.evidence.push_back("Vague trigger: \"" + vague + "\"");
  e.evidence.push_back(trigger ? "Anchored to a routine: \"" +
                                     first_match(text, patterns().routine_trigger) + "\""
                               : "Not anchored to something the patient already does");
  e.met = days && trigger && abstract.empty();
  if (!e.met) {
    e.fix =
        "Say the dose as a behavior on named days, tied to a daily routine: \"On Monday, "
        "Wednesday and Friday, right after you pour your morning coffee, do 2 rounds of 10.\"";
  }
  return e;
}

ElementAudit element4(const std::vector<std::string>& sentences) {
  ElementAudit e{4, element_name(4), false, {}, ""};
  std::vector<std::string> pain_rules;
  for (const auto& s : sentences_with(sentences, patterns().pain_mention)) {
    if (has(s, patterns().pain_limit)) pain_rules.push_back(s);
  }
  const auto missed = sentences_with(sentences, patterns().missed_day);
  const auto contact = sentences_with(sentences, patterns().clinic_contact);
  e.evidence.push_back(pain_rules.empty() ? "No pain rule"
                                          : "Pain rule: \"" + pain_rules[0] + "\"");
  e.evidence.push_back(missed.empty() ? "No missed-day rule"
                                      : "Missed-day rule: \"" + missed[0] + "\"");
  e.evidence.push_back(contact.empty() ? "No way to reach the clinic"
                                       : "Clinic contact: \"" + contact[0] + "\"");
  e.met = !pain_rules.empty() && !missed.empty() && !contact.empty();
  if (!e.met) {
    e.fix =
        "Add the rules: \"If your pain goes up more than 2 points, stop that exercise.\" "
        "\"If you miss a day, do not make it up; do the next day on your plan.\" \"If "
        "something feels different, call us at <clinic number>.\"";
  }
  return e;
}

ElementAudit element5(const std::string& text, const std::vector<std::string>& sentences) {
  ElementAudit e{5, element_name(5), false, {}, ""};
  const auto log = sentences_with(sentences, patterns().logging);
  const auto contact = sentences_with(sentences, patterns().clinic_contact);
  const std::string personal = first_match(text, patterns().personal_channel);
  e.evidence.push_back(log.empty() ? "No way to log \"did it today\""
                                   : "Logging: \"" + log[0] + "\"");
  e.evidence.push_back(contact.empty() ? "No way to reach the clinic with a problem"
                                       : "Problem contact: \"" + contact[0] + "\"");
  if (!personal.empty()) {
    e.evidence.push_back("Uses a personal channel: \"" + personal + "\"");
  }
  e.met = !log.empty() && !contact.empty() && personal.empty();
  // The fix names what is missing: a way to log, a way to reach the clinic, or both.
  if (!personal.empty()) {
    e.fix = "Use the clinic's official number or app, not a personal phone.";
  } else if (!e.met) {
    if (log.empty()) {
      e.fix =
          "Give one way to log each session in a channel the patient already uses, through the "
          "clinic's official line: \"Text DONE to the clinic number after you finish.\"";
    }
    if (contact.empty()) {
      e.fix += std::string(e.fix.empty() ? "" : " ") +
               "Give a way to reach the clinic with a problem: \"If you have a problem, call the "
               "clinic at <clinic number>.\"";
    }
  }
  return e;
}

ElementAudit element6(const std::vector<std::string>& sentences) {
  ElementAudit e{6, element_name(6), false, {}, ""};
  std::vector<std::string> milestones;
  for (const auto& s : sentences_with(sentences, patterns().milestone_due)) {
    if (has(s, patterns().milestone_measurable)) milestones.push_back(s);
  }
  e.evidence.push_back(milestones.empty() ? "No milestone for the next visit"
                                          : "Milestone: \"" + milestones[0] + "\"");
  e.met = milestones.size() == 1;
  if (milestones.size() > 1) e.evidence.push_back("More than one milestone; keep one");
  if (!e.met) {
    e.fix =
        "Set one small, visible goal for the next visit: \"By your next visit, stand up "
        "from a kitchen chair 5 times without using your hands.\"";
  }
  return e;
}

Json audit_json(const HepAudit& a) {
  Json elements = Json::array();
  for (const auto& e : a.elements) {
    Json item = {{"number", e.number}, {"name", e.name}, {"met", e.met}, {"evidence", e.evidence}};
    if (!e.fix.empty()) item["fix"] = e.fix;
    elements.push_back(std::move(item));
  }
  Json jargon = Json::array();
  for (const auto& j : a.jargon) {
    jargon.push_back({{"term", j.term},
                      {"plain", j.plain},
                      {"severity", j.severity},
                      {"as_written", j.as_written},
                      {"count", j.count}});
  }
  Json lines = Json::array();
  for (const auto& l : a.exercise_lines) {
    Json item = {{"line", l.line}, {"text", l.text}, {"name", l.name}};
    if (!l.library_id.empty()) item["library_id"] = l.library_id;
    lines.push_back(std::move(item));
  }
  Json hardest = Json::array();
  for (const auto& [sentence, grade] : a.hardest_sentences) {
    hardest.push_back({{"text", sentence}, {"grade_level", text::round1(grade)}});
  }
  Json abbreviations = Json::array();
  for (const auto& [token, count] : a.abbreviations)
    abbreviations.push_back({{"as_written", token}, {"count", count}});
  Json out = {
      {"score", a.score},
      {"out_of", 6},
      {"elements", std::move(elements)},
      {"exercise_count", a.exercises.size()},
      {"exercises", a.exercises},
      {"exercise_lines", std::move(lines)},
      {"unplaced_exercises", a.unplaced},
      {"grade_level", a.grade_measurable ? Json(text::round1(a.grade_level)) : Json(nullptr)},
      {"reading_ease", text::round1(a.reading_ease)},
      {"grade_target", a.grade_target},
      {"language", a.language},
      {"language_source", a.language_given ? "given" : "detected"},
      {"reading", hep::reading_figures(a.reading)},
      {"hardest_sentences", std::move(hardest)},
      {"jargon", std::move(jargon)},
      {"abbreviations", std::move(abbreviations)},
      {"words", a.words},
      {"sms_segments", a.sms_segments}};
  if (!a.grade_measurable) out["grade_note"] = a.grade_note;
  return out;
}

// The text copy: everything an assistant needs to explain the audit, in reading order.
std::string audit_text(const HepAudit& a) {
  const bool grade_formula = a.reading.formula == "grade_level";
  const std::string grade =
      !a.grade_measurable ? "grade level not measurable (" + a.grade_note + ")"
      : grade_formula     ? fmt::format("grade level {:.1f}", a.grade_level)
                      : fmt::format("Fernández-Huerta {:.1f}, INFLESZ {:.1f} ({})", a.reading.score,
                                    a.reading.inflesz, a.reading.inflesz_band);
  std::string out = fmt::format(
      "Score {} of 6. {} exercises, {} (target {:g}), {} words, {} text-message "
      "segments.\n",
      a.score, a.exercises.size(), grade, grade_formula ? a.grade_target : a.reading.target,
      a.words, a.sms_segments);
  static const std::map<std::string, std::string> kNames = {{"en", "English"}, {"es", "Spanish"}};
  const auto name = kNames.contains(a.language) ? kNames.at(a.language) : a.language;
  out += a.language_given
             ? "Read as " + name + ".\n"
             : "Read as " + name + " (from its words; pass language to read it as another).\n";
  for (const auto& l : a.exercise_lines)
    out += fmt::format("Exercise on line {}: {}\n", l.line, l.text);
  if (!a.unplaced.empty()) {
    out += "Exercises it could not place in the library:";
    for (const auto& name : a.unplaced)
      out += " \"" + name + "\";";
    out += "\n";
  }
  for (const auto& e : a.elements) {
    out += fmt::format("{}. {}: {}\n", e.number, e.name, e.met ? "met" : "not met");
    for (const auto& line : e.evidence)
      out += "   - " + line + "\n";
    if (!e.fix.empty()) out += "   Fix: " + e.fix + "\n";
  }
  if (!a.jargon.empty()) {
    out += "Jargon:";
    for (const auto& j : a.jargon)
      out += fmt::format(" \"{}\" -> \"{}\";", j.as_written.front(), j.plain);
    out += "\n";
  }
  if (!a.abbreviations.empty()) {
    out += "May be abbreviations:";
    for (const auto& [token, count] : a.abbreviations)
      out += " \"" + token + "\";";
    out += "\n";
  }
  return out;
}

}  // namespace

HepAudit audit_hep(const std::string& raw, std::optional<double> grade_target,
                   std::optional<std::string> language) {
  const std::string text = text::normalize_punctuation(raw);
  HepAudit a;
  a.language_given = language.has_value();
  a.language = language ? *language : detect_language(text);
  current = &element_rules(a.language);
  a.grade_target = grade_target.value_or(6);
  static const hep::HepLimits kLimits = hep::load_hep_limits("");
  a.reading = hep::judge_reading(text, a.language, a.grade_target, kLimits);
  const auto sentences = text::split_sentences(text);
  a.grade_level = a.reading.grade;
  a.reading_ease = a.reading.reading_ease;
  a.words = a.reading.words;
  a.sms_segments = static_cast<int>(text::sms_size(text::to_gsm7(text)).segments);
  if (a.language == "en") {
    for (const auto& h : text::hardest_sentences(text, 3))
      a.hardest_sentences.emplace_back(h.text, h.grade);
  } else if (!a.reading.hardest.empty()) {
    a.hardest_sentences.emplace_back(
        a.reading.hardest,
        hep::judge_reading(a.reading.hardest, a.language, a.grade_target, kLimits).grade);
  }

  if (const auto shorthand = text::measure_shorthand(text); shorthand.mostly()) {
    a.grade_measurable = false;
    a.grade_note = fmt::format(
        "{} of its {} words are abbreviations or shorthand, which a grade formula reads as "
        "short, easy words",
        shorthand.shorthand, shorthand.words);
  }
  for (const auto& f : text::find_unknown_abbreviations(text, a.language)) {
    auto it = std::find_if(a.abbreviations.begin(), a.abbreviations.end(),
                           [&f](const auto& seen) { return seen.first == f.token; });
    if (it == a.abbreviations.end()) {
      a.abbreviations.emplace_back(f.token, 1);
    } else {
      ++it->second;
    }
  }
  const auto jargon = text::find_jargon(text, a.language);
  std::map<std::string, JargonUse> uses;
  for (const auto& f : jargon) {
    auto& use = uses[f.entry->term];
    use.term = f.entry->term;
    use.plain = f.entry->plain;
    use.severity = f.entry->severity == text::JargonSeverity::kError ? "error" : "warning";
    if (std::find(use.as_written.begin(), use.as_written.end(), f.matched) ==
        use.as_written.end()) {
      use.as_written.push_back(f.matched);
    }
    ++use.count;
  }
  for (auto& [term, use] : uses)
    a.jargon.push_back(std::move(use));

  a.exercise_lines = find_exercise_lines(text, a.language);
  for (const auto& line : a.exercise_lines) {
    a.exercises.push_back(line.name);
    if (line.library_id.empty()) a.unplaced.push_back(line.name);
  }
  if (a.exercises.empty()) a.exercises = exercises_in_prose(text);
  a.elements = {element1(a.exercises), element2(text, a.exercises, a), element3(text),
                element4(sentences),   element5(text, sentences),      element6(sentences)};
  for (const auto& e : a.elements)
    a.score += e.met ? 1 : 0;
  current = nullptr;
  return a;
}

server::ToolDefinition audit_hep_tool() {
  return {"audit_hep",
          "Audit an existing home exercise program",
          "Scores an existing home exercise program (text pasted from a handout, portal or PDF) "
          "against the six elements of a program patients actually do: 1) three exercises or "
          "fewer, 2) plain words tied to what the patient did in the clinic, 3) the dose as a "
          "behavior on named days anchored to a daily routine, 4) pain, missed-day and contact "
          "rules, 5) a way to log \"did it today\" in the clinic's channel, 6) one observable "
          "milestone for the next visit. Returns a score out of 6, evidence and a concrete fix per "
          "element, the exercise count, grade level, jargon with plain substitutes and the number "
          "of text-message segments. Read-only. Offer to rebuild the program afterwards.",
          Json::parse(server::require_asset("schemas/audit_hep.input.json")),
          Json::parse(server::require_asset("schemas/audit_hep.output.json")),
          {.read_only = true, .idempotent = true},
          [](const Json& arguments, server::ToolContext&) {
            std::optional<double> target;
            if (arguments.contains("reading_grade_max"))
              target = arguments["reading_grade_max"].get<double>();
            std::optional<std::string> language;
            if (arguments.contains("language")) {
              std::string l = text::lower(arguments["language"].get<std::string>());
              l = l.substr(0, l.find('-'));
              const auto known = element_rule_languages();
              if (std::find(known.begin(), known.end(), l) == known.end()) {
                std::string list;
                for (const auto& k : known)
                  list += (list.empty() ? "\"" : ", \"") + k + "\"";
                return server::ToolResult::failure("/language: ptmcp has no checks in \"" + l +
                                                   "\"; use one of " + list);
              }
              language = l;
            }
            HepAudit a = audit_hep(arguments["text"].get<std::string>(), target, language);
            return server::ToolResult::success(audit_json(a), audit_text(a));
          }};
}

}  // namespace ptmcp::tools::audit
