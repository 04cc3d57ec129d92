// What record_checkin decides from a parsed message: the status it records, the pain rule,
// whether a person must act, and the one-segment reply the SMS gateway sends back. Replies
// are data (data/messages/<language>.json, section replies). Pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/checkins/checkin_parser.h"
#include "tools/checkins/checkin_settings.h"
#include "tools/hep/program.h"
#include "tools/hep/render.h"

namespace ptmcp::tools::checkins {

struct PainRuleResult {
  std::optional<int> first;  // the first pain this patient reported before this message
  std::optional<int> rise;   // this report minus the first
  int max_rise = 2;          // the program's pain_rise_max
  int severe_level = 7;      // the clinic's
  bool severe = false;       // at or above the severe level, or severe pain in words
  bool hit = false;          // severe, or a rise above max_rise
  std::string reason;        // "severe", "severe_words", "rise"; empty when no hit
};

struct CheckinDecision {
  std::string status;  // the parse's status, or needs_review
  PainRuleResult pain;
  bool escalate = false;     // one of the three tiers: a person must act now
  bool after_hours = false;  // the clinic was closed when it arrived
  std::string reply_kind;    // which reply list of data/messages answered
  std::string reply;         // one GSM-7 segment
};

// Where the patient stands on texts when the message arrives: opted out (STOP) before it, and
// whether the message itself is START or UNSTOP. After STOP, HELP still gets its
// informational reply (one that says texts are stopped), and START confirms texts are back.
struct Subscription {
  bool opted_out = false;
  bool opting_in = false;
};

CheckinDecision decide_checkin(const ParsedCheckin& parsed, const hep::Program& program,
                               std::optional<int> first_pain, const CheckinSettings& settings,
                               const hep::Clinic& clinic, const LocalTime& at,
                               const Subscription& subscription = {});

// START or UNSTOP, alone, in any case ("Start", "unstop!"): the carriers' words to get texts
// again after STOP.
bool is_opt_in(std::string_view message);

}  // namespace ptmcp::tools::checkins
