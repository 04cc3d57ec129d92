// One check-in as record_checkin stores it and review_adherence reads it back: what the
// patient said (status, pain, exercises, warning signs, STOP/HELP) and what was decided
// (needs_review, the pain rule, after hours). Records written before a field existed read
// with that field's default.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tools/checkins/checkin_parser.h"

namespace ptmcp::tools::checkins {

struct CheckinRecord {
  // done, partial, skipped, unclear; needs_review when a person must read the message.
  std::string status = "unclear";
  // What the message says of the session (done, partial, skipped, unclear), whatever the
  // status: a "done, but my knee feels warm" still counts as a session done.
  std::string session = "unclear";
  std::optional<int> pain;  // 0-10, the peak the message reports
  std::vector<std::string> exercises_done;
  std::vector<std::string> exercises_skipped;
  std::vector<RedFlag> flags;
  std::string tier;  // the most urgent flag's tier, empty when none
  bool pain_rule_hit = false;
  std::string pain_rule_reason;  // "severe", "severe_words", "rise"; empty when no hit
  bool opt_out = false;
  bool help = false;
  bool yesterday = false;
  bool needs_review = false;
  std::string review_reason;
  std::string skip_reason;
  bool after_hours = false;  // the clinic was closed when it arrived
  // For a program done more than once a day: the sessions the message names ("did the
  // morning ones": the first), as indexes into the program's sessions; empty when none.
  std::vector<int> sessions;
};

void to_json(nlohmann::json& j, const CheckinRecord& r);
void from_json(const nlohmann::json& j, CheckinRecord& r);

}  // namespace ptmcp::tools::checkins
