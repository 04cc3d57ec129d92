// The adherence review as a type: the facts of a period's check-ins (each day against the
// program version in force that day), a diagnosis per element, and a summary. Built in
// three steps, each its own file: review_facts.cpp, review_diagnosis.cpp,
// review_summary.cpp; drawn by adherence_svg.cpp; read by review_adherence and
// draft_progress_note. Pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tools/hep/program.h"
#include "tools/store/program_store.h"

namespace ptmcp::tools::checkins {

struct ReviewPeriod {
  std::string from;  // YYYY-MM-DD, inclusive
  std::string to;    // YYYY-MM-DD, inclusive
};

// One stored version of a program, as the review needs it.
struct ProgramVersion {
  int version = 1;
  std::string created_at;  // RFC 3339, UTC
  hep::Program program;
};

// The days of the period a version was in force (from its visit date to the next version's).
struct VersionSpan {
  int version = 1;
  std::string created_at;
  std::string visit_date;
  std::string from;
  std::string to;
  int scheduled_sessions = 0;
  double sessions_done = 0;
  double adherence_percent = 0;
};

struct WeekdayFigures {
  std::string day;  // "Monday"
  double scheduled = 0;
  double done = 0;
  double percent = 0;
};

struct ExerciseFigures {
  std::string name;
  double done = 0;
  double scheduled = 0;
  double percent = 0;
};

struct PainReport {
  std::string date;
  int pain = 0;
};

struct PainSummary {
  int first = 0;
  int last = 0;
  int max = 0;
  std::string max_date;
  std::string trend;  // rising, falling, steady
  std::vector<PainReport> reports;
};

// A message a person had to see: a warning sign (kind "red_flag", with its tier), one marked
// needs_review, or an opt-out (STOP). In the order they arrived.
struct AttentionItem {
  std::string date;         // the day it speaks of
  std::string received_at;  // as received
  std::string kind;         // red_flag, needs_review, opt_out
  std::string tier;         // emergency, urgent, same_day; empty unless a red flag
  std::string label;        // the flag's label, or the reason for review
  std::string matched;      // the words that raised the flag
  std::string message;      // the patient's text, for the therapist
};

struct RedFlagEntry {
  std::string date;
  std::string tier;
  std::string label;
  std::string matched;
};

struct SkipReport {
  std::string date;
  std::string reason;  // as written; empty when none was given
};

struct OptOutState {
  bool opted_out = false;  // texts are stopped now
  std::string since;       // the day of the last STOP in the period, empty when none
  int stops_in_period = 0;
};

struct Milestone {
  std::string text;
  std::string status = "no check-in mentions it";  // or "reported met"
  std::string date;                                // when reported met
};

struct EarsScore {
  int total = 0;
  int max = 24;
  std::vector<int> answers;
  std::string note;
};

struct Streaks {
  int current = 0;
  int longest = 0;
};

struct ReviewDay {
  std::string date;
  std::string weekday;  // "tue"
  std::string kind;     // done, partial, missed, skipped, extra, not_scheduled, before_program
  int checkins = 0;
  int version = 0;        // the version in force; 0 before the program began
  std::string flag_tier;  // the most urgent flag that day, empty when none
  bool needs_review = false;
  bool opt_out = false;
  bool red_flag() const { return !flag_tier.empty(); }
};

struct Diagnosis {
  int element = 0;
  std::string element_name;
  std::string finding;
  std::string evidence;
  std::string suggestion;
};

struct Review {
  std::string program_id;
  std::string patient_name;
  ReviewPeriod requested;  // as asked
  ReviewPeriod period;     // as reviewed: clipped to the program's first visit date
  std::vector<VersionSpan> versions;
  int scheduled_sessions = 0;
  double sessions_done = 0;
  double adherence_percent = 0;
  std::vector<WeekdayFigures> by_weekday;
  std::vector<ExerciseFigures> by_exercise;
  Streaks streaks;
  std::vector<std::string> missed_dates;  // scheduled and not kept: said skipped or no word
  std::vector<SkipReport> said_skipped;   // the patient said so
  std::vector<std::string> no_word;       // scheduled days with no check-in at all
  int extra_sessions = 0;
  int days_without_checkin = 0;
  int checkins = 0;
  std::optional<PainSummary> pain;
  std::vector<std::string> pain_rule_hits;
  std::vector<RedFlagEntry> red_flags;
  std::vector<AttentionItem> attention;  // red flags, needs_review and STOP, in order
  int needs_review = 0;
  OptOutState opt_out;
  Milestone milestone;
  std::optional<EarsScore> ears;
  std::vector<Diagnosis> diagnosis;
  std::string summary;
  std::vector<ReviewDay> days;
};

void to_json(nlohmann::json& j, const Review& r);

// Step 1: the figures. `versions` oldest first (at least one); `checkins` oldest first.
// `opted_out` is the program's opt-out state now.
Review review_facts(const std::vector<ProgramVersion>& versions,
                    const std::vector<store::StoredCheckin>& checkins, const ReviewPeriod& period,
                    const std::optional<std::vector<int>>& ears, bool opted_out);

// Step 2: non-adherence as a format problem, one finding per element with evidence and a
// suggested change. `program` is the latest version in the period.
std::vector<Diagnosis> diagnose(const Review& facts, const hep::Program& program);

// Step 3: the summary (under 120 words), an opt-out first.
std::string summarize(const Review& review);

// All three.
Review review(const std::vector<ProgramVersion>& versions,
              const std::vector<store::StoredCheckin>& checkins, const ReviewPeriod& period,
              const std::optional<std::vector<int>>& ears, bool opted_out);

// A stored program's review: every version is read, the period is clipped to the first
// version's visit date, each day is reviewed against the version in force. Nothing when no
// program has the id. Throws store::StoreError.
std::optional<Review> review_program(store::ProgramStore& store, const std::string& program_id,
                                     const ReviewPeriod& period,
                                     const std::optional<std::vector<int>>& ears = std::nullopt);

// The SVG calendar of a review's days.
std::string adherence_svg(const Review& review);

}  // namespace ptmcp::tools::checkins
