#include "tools/element_rules.h"

#include <algorithm>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "server/assets.h"
#include "tools/text/normalize.h"

namespace ptmcp::tools {
namespace {

using Json = nlohmann::json;

// A rule's alternatives in one language's column: each a pattern, or a pattern with what
// RE2 cannot say inside it (tools/text/pattern.h).
std::vector<text::PatternSource> alternatives(const Json& rules, const char* name,
                                              const std::string& column) {
  std::vector<text::PatternSource> out;
  for (const auto& p : rules.at(name).at(column)) {
    if (p.is_string()) {
      out.push_back({p.get<std::string>()});
    } else {
      out.push_back({p.at("pattern").get<std::string>(), p.value("followed_by", ""),
                     p.value("not_followed_by", ""), p.value("not_containing", "")});
    }
  }
  return out;
}

// The data's column for a language: English's is "patterns".
std::string column_of(std::string_view language) {
  return language == "en" ? "patterns" : std::string(language);
}

const Json& data() {
  static const Json parsed = Json::parse(server::require_asset("data/clinical/element_rules.json"));
  return parsed;
}

ElementRules load(const std::string& language) {
  const Json& r = data().at("rules");
  const std::string column = column_of(language);
  const auto rule = [&r, &column](const char* name) {
    return text::Rule(alternatives(r, name, column));
  };
  ElementRules rules;
  rules.language = language;
  rules.folded = language != "en";
  rules.exercise_dose = rule("exercise_dose");
  rules.not_an_exercise = rule("not_an_exercise");
  rules.routine_trigger = rule("routine_trigger");
  rules.routine_trigger_first = text::Rule(alternatives(r, "routine_trigger", column), "^\\s*");
  rules.vague_trigger = rule("vague_trigger");
  rules.vague_trigger_alone = rule("vague_trigger_alone");
  rules.abstract_dose = rule("abstract_dose");
  rules.named_days = rule("named_days");
  rules.clinic_tie_back = rule("clinic_tie_back");
  rules.pain_mention = rule("pain_mention");
  rules.pain_limit = rule("pain_limit");
  rules.missed_day = rule("missed_day");
  rules.clinic_contact = rule("clinic_contact");
  rules.logging = rule("logging");
  rules.personal_channel = rule("personal_channel");
  rules.milestone_due = rule("milestone_due");
  rules.milestone_measurable = rule("milestone_measurable");
  rules.milestone_goal_overlap_max =
      data().at("thresholds").at("milestone_goal_overlap_max").get<double>();
  return rules;
}

}  // namespace

text::Rule compile_rule(const std::string& name, std::string_view language,
                        const std::string& prefix) {
  return text::Rule(alternatives(data().at("rules"), name.c_str(), column_of(language)), prefix);
}

std::vector<std::string> element_rule_languages() {
  std::vector<std::string> out = {"en"};
  for (const auto& [key, value] : data().at("rules").at("routine_trigger").items()) {
    if (key.size() == 2 && value.is_array()) out.push_back(key);
  }
  return out;
}

const ElementRules& element_rules(std::string_view language) {
  static const std::map<std::string, ElementRules, std::less<>> all = [] {
    std::map<std::string, ElementRules, std::less<>> out;
    for (const auto& l : element_rule_languages())
      out.emplace(l, load(l));
    return out;
  }();
  const auto it = all.find(language);
  return it == all.end() ? all.at("en") : it->second;
}

bool ElementRules::search(const text::Rule& rule, std::string_view text, std::string* match) const {
  if (!folded) {
    const auto m = rule.find(text);
    if (!m) return false;
    if (match) *match = std::string(text.substr(m->begin, m->end - m->begin));
    return true;
  }
  const text::FoldedText f = text::fold_for_matching(text);
  const auto m = rule.find(f.text);
  if (!m) return false;
  if (match) *match = std::string(f.as_written(text, m->begin, m->end - m->begin));
  return true;
}

std::vector<std::string> ElementRules::all(const text::Rule& rule, std::string_view text,
                                           std::size_t max) const {
  std::vector<std::string> out;
  const text::FoldedText f = folded ? text::fold_for_matching(text) : text::FoldedText{};
  const std::string_view subject = folded ? std::string_view(f.text) : text;
  std::size_t at = 0;
  while (out.size() < max) {
    const auto m = rule.find(subject, at);
    if (!m) break;
    std::string found = folded ? std::string(f.as_written(text, m->begin, m->end - m->begin))
                               : std::string(subject.substr(m->begin, m->end - m->begin));
    if (std::find(out.begin(), out.end(), found) == out.end()) out.push_back(std::move(found));
    at = m->end > m->begin ? m->end : m->end + 1;
    if (at > subject.size()) break;
  }
  return out;
}

}  // namespace ptmcp::tools
