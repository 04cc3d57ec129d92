// Reads one check-in text the way patients write them ("DONE", "did 2, knee sore 5/10",
// "skipped, calf swollen", "listo 👍"): the status, a pain score, which exercises, whether it
// speaks of yesterday, opt-out and help words, and red flags by tier, negation-aware ("no
// swelling" raises nothing). Phrases and tiers are data (data/clinical/checkin_phrases.json).
// Pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ptmcp::tools::checkins {

struct RedFlag {
  std::string tier;   // emergency, urgent, same_day
  std::string label;  // "possible blood clot"
  std::string matched;
};

struct ParsedCheckin {
  std::string status = "unclear";  // done, partial, skipped, unclear
  std::optional<int> pain;         // 0-10
  std::vector<RedFlag> flags;
  std::string tier;  // the most urgent flag's tier, empty when none
  bool opt_out = false;
  bool help = false;
  bool yesterday = false;
  std::vector<int> exercises_done;  // indexes into the program's exercises
  std::vector<int> exercises_skipped;
  // A person at the clinic must read this message (within the clinic's hours): it mentions a
  // body site with a finding, a symptom word the rules do not resolve, or asks about a
  // finding. Never acknowledged with praise. Independent of `tier` (a flagged message is
  // escalated; needs_review is for what is unsure).
  bool needs_review = false;
  std::string review_reason;       // plain words for the therapist, e.g. "asks about calf swelling"
  bool pain_severe_words = false;  // severe pain said without a number ("killing me")
  std::string skip_reason;         // "can't today, <reason>": the reason as written
};

// `exercise_names` are the program's exercises, plain and clinical names, in program order:
// names[i] lists every name of exercise i.
ParsedCheckin parse_checkin(std::string_view message,
                            const std::vector<std::vector<std::string>>& exercise_names);

// Tiers ranked: emergency 3, urgent 2, same_day 1, none 0.
int tier_rank(std::string_view tier);

}  // namespace ptmcp::tools::checkins
