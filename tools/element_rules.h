// The six elements' patterns and thresholds (data/clinical/element_rules.json), read once and
// shared by generate_hep, which checks each field it is given, and audit_hep, which looks
// for the same things in a handout's text: an element means the same thing in both.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tools/text/pattern.h"

namespace ptmcp::tools {

struct ElementRules {
  text::Rule exercise_dose;          // a dose as a handout writes it beside an exercise's name
  text::Rule not_an_exercise;        // a line with a dose that is not an exercise (ice, heat)
  text::Rule routine_trigger;        // anywhere in a text
  text::Rule routine_trigger_first;  // the same, at the start of a trigger field
  text::Rule vague_trigger;
  text::Rule vague_trigger_alone;  // a whole field that is only a time of day or a frequency
  text::Rule abstract_dose;
  text::Rule named_days;
  text::Rule clinic_tie_back;
  text::Rule pain_mention;
  text::Rule pain_limit;
  text::Rule missed_day;
  text::Rule clinic_contact;
  text::Rule logging;
  text::Rule personal_channel;
  text::Rule milestone_due;
  text::Rule milestone_measurable;
  double milestone_goal_overlap_max = 0;

  // The language these patterns read; a language other than English has its patterns
  // written for folded text (lowercase, no accents), and `search` folds the text first.
  std::string language = "en";
  bool folded = false;

  // Whether `text` matches `rule` (one of the rules above); `match`, when given, gets
  // the first match as written in `text`.
  bool search(const text::Rule& rule, std::string_view text, std::string* match = nullptr) const;
  // Every distinct match, as written, up to `max`.
  std::vector<std::string> all(const text::Rule& rule, std::string_view text,
                               std::size_t max) const;
};

// The rules in `language` ("en" or "es"; a language without its own column reads English).
// Compiled once from the embedded data. Thread-safe.
const ElementRules& element_rules(std::string_view language = "en");
// One rule of the data by its name, in `language`'s column, compiled as element_rules()
// compiles it (with `prefix` before each alternative); for tests of the data.
text::Rule compile_rule(const std::string& name, std::string_view language,
                        const std::string& prefix = "");
// The languages the rule data has a column for, English first.
std::vector<std::string> element_rule_languages();

}  // namespace ptmcp::tools
