// Calendar dates as the programs use them: "YYYY-MM-DD", weekdays as "mon".."sun".
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ptmcp::tools::text {
class Messages;
}

namespace ptmcp::tools::hep {

std::optional<std::chrono::sys_days> parse_date(std::string_view text);
std::string format_date(std::chrono::sys_days day);   // "2026-11-24"
std::string long_date(std::chrono::sys_days day);     // "Monday, November 30"
std::string short_date(std::chrono::sys_days day);    // "Tue 11/24"
std::string weekday_code(std::chrono::sys_days day);  // "tue"

// "mon", "Monday", "Mon." -> "mon"; nothing when not a weekday.
std::optional<std::string> weekday_from(std::string_view text);

// "mon" -> "Monday".
std::string weekday_name(std::string_view code);

// The same in a patient's language (data/messages): "martes 1 de diciembre", "1/12",
// "martes", "mar".
std::string long_date(std::chrono::sys_days day, const text::Messages& m);
std::string numeric_date(std::chrono::sys_days day, const text::Messages& m);
std::string weekday_name(std::string_view code, const text::Messages& m);
std::string weekday_short(std::string_view code, const text::Messages& m);

// The days from `first` to `last` inclusive whose weekday is in `codes`.
std::vector<std::chrono::sys_days> scheduled_days(std::chrono::sys_days first,
                                                  std::chrono::sys_days last,
                                                  const std::vector<std::string>& codes);

// An RFC 3339 timestamp with an offset ("2026-11-24T07:20:00-05:00"): the calendar day in
// the sender's own offset, and the instant in UTC ("2026-11-24T12:20:00Z") for ordering.
struct Timestamp {
  std::chrono::sys_days local_day;
  std::string utc;
};
std::optional<Timestamp> parse_timestamp(std::string_view text);

// The calendar day of an RFC 3339 UTC time ("2026-11-24T01:20:00Z") on this computer's
// clock (its local time zone); nothing when not such a time.
std::optional<std::chrono::sys_days> local_day_of(std::string_view rfc3339_utc);

// Today on this computer's clock.
std::chrono::sys_days today_local();

// Weekday codes in week order, Monday first.
const std::vector<std::string>& week_order();

}  // namespace ptmcp::tools::hep
