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

// A rule's alternatives in one language's column as one pattern: "(?:a)|(?:b)".
std::string alternatives(const Json& rules, const char* name, const std::string& column) {
  std::string joined;
  for (const auto& p : rules.at(name).at(column)) {
    joined += (joined.empty() ? "(?:" : "|(?:") + p.get<std::string>() + ")";
  }
  return joined;
}

std::regex compiled(const std::string& pattern) {
  return std::regex(pattern, std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
}

const Json& data() {
  static const Json parsed = Json::parse(server::require_asset("data/clinical/element_rules.json"));
  return parsed;
}

ElementRules load(const std::string& language) {
  const Json& r = data().at("rules");
  const std::string column = language == "en" ? "patterns" : language;
  const auto rule = [&r, &column](const char* name) {
    return compiled(alternatives(r, name, column));
  };
  ElementRules rules;
  rules.language = language;
  rules.folded = language != "en";
  rules.exercise_dose = rule("exercise_dose");
  rules.not_an_exercise = rule("not_an_exercise");
  rules.routine_trigger = rule("routine_trigger");
  rules.routine_trigger_first =
      compiled("^\\s*(?:" + alternatives(r, "routine_trigger", column) + ")");
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

bool ElementRules::search(const std::regex& rule, std::string_view text, std::string* match) const {
  if (!folded) {
    std::match_results<std::string_view::const_iterator> m;
    if (!std::regex_search(text.begin(), text.end(), m, rule)) return false;
    if (match) *match = m.str();
    return true;
  }
  const text::FoldedText f = text::fold_for_matching(text);
  std::smatch m;
  if (!std::regex_search(f.text, m, rule)) return false;
  if (match) {
    *match = std::string(f.as_written(text, static_cast<std::size_t>(m.position(0)),
                                      static_cast<std::size_t>(m.length(0))));
  }
  return true;
}

std::vector<std::string> ElementRules::all(const std::regex& rule, std::string_view text,
                                           std::size_t max) const {
  std::vector<std::string> out;
  const text::FoldedText f = folded ? text::fold_for_matching(text) : text::FoldedText{};
  const std::string subject = folded ? f.text : std::string(text);
  for (auto it = std::sregex_iterator(subject.begin(), subject.end(), rule);
       it != std::sregex_iterator() && out.size() < max; ++it) {
    std::string found =
        folded ? std::string(f.as_written(text, static_cast<std::size_t>(it->position(0)),
                                          static_cast<std::size_t>(it->length(0))))
               : it->str();
    if (std::find(out.begin(), out.end(), found) == out.end()) out.push_back(std::move(found));
  }
  return out;
}

}  // namespace ptmcp::tools
