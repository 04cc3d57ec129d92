// The six elements' patterns and thresholds (data/clinical/element_rules.json), read once and
// shared by generate_hep, which checks each field it is given, and audit_hep, which looks
// for the same things in a handout's text: an element means the same thing in both.
#pragma once

#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace ptmcp::tools {

struct ElementRules {
  std::regex exercise_dose;          // a dose as a handout writes it beside an exercise's name
  std::regex not_an_exercise;        // a line with a dose that is not an exercise (ice, heat)
  std::regex routine_trigger;        // anywhere in a text
  std::regex routine_trigger_first;  // the same, at the start of a trigger field
  std::regex vague_trigger;
  std::regex vague_trigger_alone;  // a whole field that is only a time of day or a frequency
  std::regex abstract_dose;
  std::regex named_days;
  std::regex clinic_tie_back;
  std::regex pain_mention;
  std::regex pain_limit;
  std::regex missed_day;
  std::regex clinic_contact;
  std::regex logging;
  std::regex personal_channel;
  std::regex milestone_due;
  std::regex milestone_measurable;
  double milestone_goal_overlap_max = 0;

  // The language these patterns read; a language other than English has its patterns
  // written for folded text (lowercase, no accents), and `search` folds the text first.
  std::string language = "en";
  bool folded = false;

  // Whether `text` matches `rule` (one of the regexes above); `match`, when given, gets
  // the first match as written in `text`.
  bool search(const std::regex& rule, std::string_view text, std::string* match = nullptr) const;
  // Every distinct match, as written, up to `max`.
  std::vector<std::string> all(const std::regex& rule, std::string_view text,
                               std::size_t max) const;
};

// The rules in `language` ("en" or "es"; a language without its own column reads English).
// Compiled once from the embedded data. Thread-safe.
const ElementRules& element_rules(std::string_view language = "en");
// The languages the rule data has a column for, English first.
std::vector<std::string> element_rule_languages();

}  // namespace ptmcp::tools
