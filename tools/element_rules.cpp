#include "tools/element_rules.h"

#include <string>

#include <nlohmann/json.hpp>

#include "server/assets.h"

namespace ptmcp::tools {
namespace {

using Json = nlohmann::json;

// A rule's alternatives as one pattern: "(?:a)|(?:b)".
std::string alternatives(const Json& rules, const char* name) {
  std::string joined;
  for (const auto& p : rules.at(name).at("patterns")) {
    joined += (joined.empty() ? "(?:" : "|(?:") + p.get<std::string>() + ")";
  }
  return joined;
}

std::regex compiled(const std::string& pattern) {
  return std::regex(pattern, std::regex::ECMAScript | std::regex::icase | std::regex::optimize);
}

ElementRules load() {
  const Json data = Json::parse(server::require_asset("data/clinical/element_rules.json"));
  const Json& r = data.at("rules");
  const auto rule = [&r](const char* name) { return compiled(alternatives(r, name)); };
  ElementRules rules;
  rules.exercise_dose = rule("exercise_dose");
  rules.not_an_exercise = rule("not_an_exercise");
  rules.routine_trigger = rule("routine_trigger");
  rules.routine_trigger_first = compiled("^\\s*(?:" + alternatives(r, "routine_trigger") + ")");
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
      data.at("thresholds").at("milestone_goal_overlap_max").get<double>();
  return rules;
}

}  // namespace

const ElementRules& element_rules() {
  static const ElementRules rules = load();
  return rules;
}

}  // namespace ptmcp::tools
