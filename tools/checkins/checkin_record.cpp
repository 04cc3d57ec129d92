#include "tools/checkins/checkin_record.h"

namespace ptmcp::tools::checkins {
namespace {

using Json = nlohmann::json;

std::string string_or_empty(const Json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

bool bool_or_false(const Json& j, const char* key) {
  return j.contains(key) && j[key].is_boolean() && j[key].get<bool>();
}

std::vector<std::string> strings(const Json& j, const char* key) {
  std::vector<std::string> out;
  if (!j.contains(key) || !j[key].is_array()) return out;
  for (const auto& s : j[key]) {
    if (s.is_string()) out.push_back(s.get<std::string>());
  }
  return out;
}

}  // namespace

void to_json(Json& j, const CheckinRecord& r) {
  Json flags = Json::array();
  for (const auto& f : r.flags)
    flags.push_back({{"tier", f.tier}, {"label", f.label}, {"matched", f.matched}});
  j = {{"status", r.status},
       {"session", r.session},
       {"pain", r.pain ? Json(*r.pain) : Json(nullptr)},
       {"exercises_done", r.exercises_done},
       {"exercises_skipped", r.exercises_skipped},
       {"flags", flags},
       {"tier", r.tier.empty() ? Json(nullptr) : Json(r.tier)},
       {"pain_rule_hit", r.pain_rule_hit},
       {"pain_rule_reason", r.pain_rule_reason},
       {"opt_out", r.opt_out},
       {"help", r.help},
       {"yesterday", r.yesterday},
       {"needs_review", r.needs_review},
       {"review_reason", r.review_reason},
       {"skip_reason", r.skip_reason},
       {"after_hours", r.after_hours},
       {"sessions", r.sessions}};
}

// Tolerant on purpose: it reads every record any earlier release stored.
void from_json(const Json& j, CheckinRecord& r) {
  r = CheckinRecord{};
  if (!j.is_object()) return;
  if (auto s = string_or_empty(j, "status"); !s.empty()) r.status = s;
  r.session = string_or_empty(j, "session");
  if (r.session.empty()) r.session = r.status == "needs_review" ? "unclear" : r.status;
  if (j.contains("pain") && j["pain"].is_number_integer()) r.pain = j["pain"].get<int>();
  r.exercises_done = strings(j, "exercises_done");
  r.exercises_skipped = strings(j, "exercises_skipped");
  if (j.contains("flags") && j["flags"].is_array()) {
    for (const auto& f : j["flags"]) {
      if (!f.is_object()) continue;
      r.flags.push_back(
          {string_or_empty(f, "tier"), string_or_empty(f, "label"), string_or_empty(f, "matched")});
    }
  }
  r.tier = string_or_empty(j, "tier");
  r.pain_rule_hit = bool_or_false(j, "pain_rule_hit");
  r.pain_rule_reason = string_or_empty(j, "pain_rule_reason");
  if (r.pain_rule_hit && r.pain_rule_reason.empty()) r.pain_rule_reason = "rise";
  r.opt_out = bool_or_false(j, "opt_out");
  r.help = bool_or_false(j, "help");
  r.yesterday = bool_or_false(j, "yesterday");
  r.needs_review = bool_or_false(j, "needs_review");
  r.review_reason = string_or_empty(j, "review_reason");
  r.skip_reason = string_or_empty(j, "skip_reason");
  r.after_hours = bool_or_false(j, "after_hours");
  if (j.contains("sessions") && j["sessions"].is_array()) {
    for (const auto& s : j["sessions"]) {
      if (s.is_number_integer()) r.sessions.push_back(s.get<int>());
    }
  }
}

}  // namespace ptmcp::tools::checkins
