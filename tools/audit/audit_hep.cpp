#include "tools/audit/audit_hep.h"

#include <algorithm>
#include <map>
#include <regex>

#include <fmt/format.h>

#include "server/assets.h"
#include "tools/findings.h"
#include "tools/library/exercise_library.h"
#include "tools/text/jargon.h"
#include "tools/text/normalize.h"
#include "tools/text/readability.h"
#include "tools/text/sms.h"
#include "tools/text/wording.h"

namespace ptmcp::tools::audit {
namespace {

using Json = nlohmann::json;

std::regex icase(const char* pattern) {
  return text::icase_regex(pattern);
}

// The patterns each element looks for. Kept together so the rules read as one table.
struct Patterns {
  std::regex dose = icase(
      R"(\b\d+\s*[x×]\s*\d+\b|\b\d+(\s*-\s*\d+)?\s*x\s*/?\s*(day|d|week|wk)\b|\b\d+\s*(reps?|sets?)\b|\b\d+\s+(rounds?|times)\b|\bhold(ing)?( each)? for \d+|\b\d+\s*(sec|secs|seconds?|min|mins|minutes?)\b)");
  std::regex abstract_dose = icase(
      R"(\b\d+(\s*-\s*\d+)?\s*x\s*/\s*(day|d|week|wk)\b|\b\d+(\s*-\s*\d+)?\s*x\s*(a|per)\s*(day|week)\b|\b\d+\s*[x×]\s*\d+\b|\b\d+(\s*-\s*\d+)?\s*times\s*(a|per)\s*(day|week)\b|\b(daily|as needed|prn)\b)");
  std::regex weekday = icase(
      R"(\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|every day|each day|every morning|every evening|every night)\b)");
  std::regex trigger = icase(
      R"(\b(right |just )?(after|before|when|while|once) you\b|\bafter (breakfast|lunch|dinner|supper|your (morning|evening|shower|coffee|walk|breakfast|lunch|dinner))\b)");
  std::regex vague_trigger = icase(
      R"(\bwhen(ever)? you (have|get|find) (time|a chance|a minute)|\bwhen you (can|remember|feel like it)\b|\bif you have time\b)");
  std::regex tie_back = icase(
      R"(\b(today|in the clinic|at the clinic|in clinic|we did|you did|we practiced|you practiced|we worked on|at your visit|like the one|same (one|move|as))\b)");
  std::regex pain = icase(R"(\bpain\b|\bhurts?\b|\bsore(ness)?\b)");
  std::regex pain_limit = icase(
      R"(\bstop\b|\bmore than\b|\bgoes up\b|\bgets worse\b|\bworse\b|\bpoints?\b|\b\d+\s*/\s*10\b|\bout of 10\b)");
  std::regex missed_day = icase(
      R"(\bmiss(ed|es)? (a|one|the) (day|session)|\bskip(ped)? a day\b|\bdo not make (it|up)|\bdon't make (it|up)|\bnot make up\b)");
  std::regex contact =
      icase(R"(\b(call|phone|message|email|contact|portal)\b|\b\d{3}[-. ]\d{4}\b)");
  std::regex logging = icase(
      R"(\b(text|reply|send)\b[^.\n]{0,30}\b(done|yes|did it)\b|\b(log|logged|check off|check it off|tick|tap|mark it|write down|record)\b)");
  std::regex personal_channel = icase(
      R"(\b(my|his|her) (personal )?(cell|mobile|cell phone|phone)\b|\btext me\b|\bmy number\b)");
  std::regex next_visit = icase(
      R"(\b(by|before|at|for) (your|the|our) next (visit|appointment|session)\b|\bnext time (we see you|you come in)\b)");
  std::regex measurable = icase(
      R"(\b\d+\b|\b(one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|hundred)\b|\b(minutes?|seconds?|feet|steps|times|days|degrees|miles|blocks|stairs)\b|\bwithout\b)");
};

const Patterns& patterns() {
  static const Patterns p;
  return p;
}

bool has(const std::string& text, const std::regex& re) {
  return std::regex_search(text, re);
}

std::string first_match(const std::string& text, const std::regex& re) {
  std::smatch m;
  return std::regex_search(text, m, re) ? m.str() : "";
}

std::string quote(const std::string& s) {
  return "\"" + s + "\"";
}

// Lines that start with a list marker ("1.", "2)", "-", "*", "•"), without the marker.
std::vector<std::string> list_items(const std::string& text) {
  static const std::regex marker(R"(^\s*(\d{1,2}[.)]|[-*]|•)\s+(.*)$)");
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(start, nl - start);
    std::smatch m;
    if (std::regex_match(line, m, marker)) items.push_back(m[2].str());
    start = nl + 1;
  }
  return items;
}

// A list item names an exercise when it carries a dose or a library name, clinical name or
// alias.
bool names_exercise(const std::string& item) {
  if (has(item, patterns().dose)) return true;
  const auto found = library::search({item, "", "", 1});
  return !found.hits.empty() && found.hits[0].score >= 8;
}

std::vector<std::string> find_exercises(const std::string& text) {
  std::vector<std::string> found;
  for (const auto& item : list_items(text)) {
    if (!names_exercise(item)) continue;
    // The exercise's name: the item up to its first colon, dash or period.
    std::string name = item.substr(0, item.find_first_of(":."));
    if (auto dash = name.find(" - "); dash != std::string::npos) name.resize(dash);
    found.push_back(name.substr(0, 60));
  }
  if (!found.empty()) return found;
  // Prose without a list: count library exercises named in it.
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
      if (lowered.find(name) != std::string::npos) {
        found.push_back(e.name);
        break;
      }
    }
  }
  return found;
}

// Sentences (and list items) that match, for evidence.
std::vector<std::string> sentences_with(const std::vector<std::string>& sentences,
                                        const std::regex& re) {
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

ElementAudit element2(const std::string& text, const std::vector<text::JargonFinding>& jargon,
                      double grade, double target) {
  ElementAudit e{2, element_name(2), false, {}, ""};
  std::vector<std::string> bare;
  for (const auto& f : jargon) {
    if (f.entry->severity == text::JargonSeverity::kError &&
        std::find(bare.begin(), bare.end(), f.matched) == bare.end()) {
      bare.push_back(f.matched);
    }
  }
  const bool tied = has(text, patterns().tie_back);
  const bool readable = grade <= target;
  if (!bare.empty()) {
    std::string list;
    for (const auto& b : bare)
      list += (list.empty() ? "" : ", ") + quote(b);
    e.evidence.push_back("Clinical names a patient may not know: " + list);
  }
  e.evidence.push_back(fmt::format("Grade level {:.1f} ({} the target of {:g})", grade,
                                   readable ? "at or below" : "above", target));
  e.evidence.push_back(tied ? "Ties an exercise to the clinic: \"" +
                                  first_match(text, patterns().tie_back) + "\""
                            : "Nothing ties the exercises to what the patient did in the clinic");
  e.met = bare.empty() && tied && readable;
  if (!e.met) {
    std::string fix;
    if (!bare.empty()) {
      const auto* entry = jargon.front().entry;
      for (const auto& f : jargon) {
        if (f.entry->severity == text::JargonSeverity::kError) {
          entry = f.entry;
          break;
        }
      }
      fix += "Use plain names (for \"" + entry->term + "\": \"" + entry->plain + "\"). ";
    }
    if (!readable) fix += "Use shorter sentences and shorter words. ";
    if (!tied) {
      fix +=
          "Describe each exercise in 2 or 3 plain sentences tied to today's visit (\"Like the "
          "one we did at the end of today's session\").";
    }
    e.fix = fix;
  }
  return e;
}

ElementAudit element3(const std::string& text) {
  ElementAudit e{3, element_name(3), false, {}, ""};
  const bool days = has(text, patterns().weekday);
  const std::string vague = first_match(text, patterns().vague_trigger);
  const bool trigger = has(text, patterns().trigger) && vague.empty();
  std::vector<std::string> abstract;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), patterns().abstract_dose);
       it != std::sregex_iterator() && abstract.size() < 5; ++it) {
    if (std::find(abstract.begin(), abstract.end(), it->str()) == abstract.end()) {
      abstract.push_back(it->str());
    }
  }
  if (!abstract.empty()) {
    std::string list;
    for (const auto& a : abstract)
      list += (list.empty() ? "" : ", ") + quote(a);
    e.evidence.push_back("Abstract dose, not a behavior: " + list);
  }
  e.evidence.push_back(days ? "Names the days: \"" + first_match(text, patterns().weekday) + "\""
                            : "No days of the week named");
  if (!vague.empty()) e.evidence.push_back("Vague trigger: \"" + vague + "\"");
  e.evidence.push_back(trigger ? "Anchored to a routine: \"" +
                                     first_match(text, patterns().trigger) + "\""
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
  for (const auto& s : sentences_with(sentences, patterns().pain)) {
    if (has(s, patterns().pain_limit)) pain_rules.push_back(s);
  }
  const auto missed = sentences_with(sentences, patterns().missed_day);
  const auto contact = sentences_with(sentences, patterns().contact);
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
  const auto contact = sentences_with(sentences, patterns().contact);
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
  for (const auto& s : sentences_with(sentences, patterns().next_visit)) {
    if (has(s, patterns().measurable)) milestones.push_back(s);
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
  Json hardest = Json::array();
  for (const auto& [sentence, grade] : a.hardest_sentences) {
    hardest.push_back({{"text", sentence}, {"grade_level", text::round1(grade)}});
  }
  return {{"score", a.score},
          {"out_of", 6},
          {"elements", std::move(elements)},
          {"exercise_count", a.exercises.size()},
          {"exercises", a.exercises},
          {"grade_level", text::round1(a.grade_level)},
          {"reading_ease", text::round1(a.reading_ease)},
          {"grade_target", a.grade_target},
          {"hardest_sentences", std::move(hardest)},
          {"jargon", std::move(jargon)},
          {"words", a.words},
          {"sms_segments", a.sms_segments}};
}

// The text copy: everything an assistant needs to explain the audit, in reading order.
std::string audit_text(const HepAudit& a) {
  std::string out = fmt::format(
      "Score {} of 6. {} exercises, grade level {:.1f} (target {:g}), {} words, {} text-message "
      "segments.\n",
      a.score, a.exercises.size(), a.grade_level, a.grade_target, a.words, a.sms_segments);
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
  return out;
}

}  // namespace

HepAudit audit_hep(const std::string& raw, std::optional<double> grade_target) {
  const std::string text = text::normalize_punctuation(raw);
  HepAudit a;
  a.grade_target = grade_target.value_or(6);
  const auto sentences = text::split_sentences(text);
  const text::Readability r = text::measure(text);
  a.grade_level = r.grade;
  a.reading_ease = r.reading_ease;
  a.words = r.words;
  a.sms_segments = static_cast<int>(text::sms_size(text::to_gsm7(text)).segments);
  for (const auto& h : text::hardest_sentences(text, 3))
    a.hardest_sentences.emplace_back(h.text, h.grade);

  const auto jargon = text::find_jargon(text);
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

  a.exercises = find_exercises(text);
  a.elements = {element1(a.exercises),
                element2(text, jargon, r.grade, a.grade_target),
                element3(text),
                element4(sentences),
                element5(text, sentences),
                element6(sentences)};
  for (const auto& e : a.elements)
    a.score += e.met ? 1 : 0;
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
            HepAudit a = audit_hep(arguments["text"].get<std::string>(), target);
            return server::ToolResult::success(audit_json(a), audit_text(a));
          }};
}

}  // namespace ptmcp::tools::audit
