// What a clinic sets for check-ins: the pain level that is severe (never praised, always the
// pain rule), its opening hours in its own local time, and the line a same-day warning sign
// gets when it is closed. DESIGN's defaults come from data/config/checkins.json; a clinic's
// --config file overrides them ({"checkins": {...}}).
#pragma once

#include <array>
#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "tools/text/messages.h"

namespace ptmcp::tools::checkins {

struct OpenHours {
  int open = 0;   // minutes after local midnight
  int close = 0;  // exclusive
};

struct CheckinSettings {
  int pain_severe = 7;
  std::array<std::optional<OpenHours>, 7> hours;  // Monday first; empty: closed all day
  std::string after_hours;                        // in English
  // The clinic's line in another language ("es"); a language without one gets its message
  // file's line (replies.after_hours).
  std::map<std::string, std::string> after_hours_in;

  // The after-hours line for a program in `language`.
  std::string after_hours_for(const std::string& language) const;
};

// A moment in the sender's own local time (the offset of its received_at).
struct LocalTime {
  std::chrono::sys_days day;
  int minute = 0;  // minutes after midnight
};

// The local time an RFC 3339 timestamp states ("2026-11-24T19:05:00-05:00" -> 11-24, 19:05);
// nothing when it has no time of day.
std::optional<LocalTime> local_time_of(const std::string& rfc3339);

// The defaults, then the overrides in `config_path` (when not empty). Throws
// std::invalid_argument naming the file and the problem when it cannot be used.
CheckinSettings load_checkin_settings(const std::string& config_path);

bool clinic_open(const CheckinSettings& settings, const LocalTime& at);

// When the clinic next opens after `at`, in plain words in the patient's language: "today at
// 8 AM", "tomorrow at 8:30 AM", "Monday at 8 AM"; "el lunes a las 8:00".
std::string next_opening(const CheckinSettings& settings, const LocalTime& at,
                         const text::Messages& messages = text::messages("en"));

}  // namespace ptmcp::tools::checkins
