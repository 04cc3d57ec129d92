#include "tools/hep/dates.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>
#include <regex>

#include <fmt/format.h>

#include "tools/text/messages.h"

namespace ptmcp::tools::hep {
namespace {

using namespace std::chrono;

constexpr std::array<const char*, 7> kCodes = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
constexpr std::array<const char*, 7> kNames = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                               "Thursday", "Friday", "Saturday"};
constexpr std::array<const char*, 12> kMonths = {"January",   "February", "March",    "April",
                                                 "May",       "June",     "July",     "August",
                                                 "September", "October",  "November", "December"};

}  // namespace

std::optional<sys_days> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
  }
  y = std::stoi(std::string(text.substr(0, 4)));
  m = static_cast<unsigned>(std::stoi(std::string(text.substr(5, 2))));
  d = static_cast<unsigned>(std::stoi(std::string(text.substr(8, 2))));
  year_month_day ymd{year{y}, month{m}, day{d}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd};
}

std::string format_date(sys_days day) {
  year_month_day ymd{day};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::string long_date(sys_days day) {
  year_month_day ymd{day};
  return fmt::format("{}, {} {}", kNames[weekday{day}.c_encoding()],
                     kMonths[static_cast<unsigned>(ymd.month()) - 1],
                     static_cast<unsigned>(ymd.day()));
}

std::string short_date(sys_days day) {
  year_month_day ymd{day};
  std::string name = kNames[weekday{day}.c_encoding()];
  return fmt::format("{} {}/{}", name.substr(0, 3), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

std::string weekday_code(sys_days day) {
  return kCodes[weekday{day}.c_encoding()];
}

std::optional<std::string> weekday_from(std::string_view text) {
  std::string lowered;
  for (char c : text) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      lowered += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  if (lowered.size() < 3) return std::nullopt;
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    std::string name = kNames[i];
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (name.starts_with(lowered) || lowered == name + "s") return kCodes[i];
  }
  return std::nullopt;
}

std::string weekday_name(std::string_view code) {
  for (std::size_t i = 0; i < kCodes.size(); ++i) {
    if (code == kCodes[i]) return kNames[i];
  }
  return std::string(code);
}

std::vector<sys_days> scheduled_days(sys_days first, sys_days last,
                                     const std::vector<std::string>& codes) {
  std::vector<sys_days> out;
  for (sys_days d = first; d <= last; d += days{1}) {
    if (std::find(codes.begin(), codes.end(), weekday_code(d)) != codes.end()) out.push_back(d);
  }
  return out;
}

std::optional<Timestamp> parse_timestamp(std::string_view text) {
  static const std::regex pattern(
      R"(^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$)");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(text.begin(), text.end(), m, pattern)) return std::nullopt;
  auto day = parse_date(m[1].str());
  const int hour = std::stoi(m[2].str());
  const int minute = std::stoi(m[3].str());
  const int second = std::stoi(m[4].str());
  if (!day || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  int offset_minutes = 0;
  if (m[7].matched) {
    const int oh = std::stoi(m[8].str());
    const int om = std::stoi(m[9].str());
    if (oh > 23 || om > 59) return std::nullopt;
    offset_minutes = (oh * 60 + om) * (m[7].str() == "-" ? -1 : 1);
  }
  const sys_seconds local = sys_seconds{*day} + hours{hour} + minutes{minute} + seconds{second};
  const sys_seconds utc = local - minutes{offset_minutes};
  const sys_days utc_day = floor<days>(utc);
  const auto time = hh_mm_ss<seconds>(utc - utc_day);
  return Timestamp{*day,
                   fmt::format("{}T{:02}:{:02}:{:02}Z", format_date(utc_day), time.hours().count(),
                               time.minutes().count(), time.seconds().count())};
}

namespace {

sys_days local_day(std::time_t t) {
  std::tm local{};
  localtime_r(&t, &local);
  return sys_days{year{local.tm_year + 1900} / month{static_cast<unsigned>(local.tm_mon + 1)} /
                  day{static_cast<unsigned>(local.tm_mday)}};
}

}  // namespace

std::optional<sys_days> local_day_of(std::string_view rfc3339_utc) {
  auto parsed = parse_timestamp(rfc3339_utc);
  if (!parsed) return std::nullopt;
  // parse_timestamp's UTC form is "YYYY-MM-DDTHH:MM:SSZ".
  const std::string& utc = parsed->utc;
  auto day = parse_date(std::string_view(utc).substr(0, 10));
  if (!day) return std::nullopt;
  const sys_seconds instant = sys_seconds{*day} + hours{std::stoi(utc.substr(11, 2))} +
                              minutes{std::stoi(utc.substr(14, 2))} +
                              seconds{std::stoi(utc.substr(17, 2))};
  return local_day(system_clock::to_time_t(instant));
}

sys_days today_local() {
  return local_day(system_clock::to_time_t(system_clock::now()));
}

const std::vector<std::string>& week_order() {
  static const std::vector<std::string> order = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  return order;
}

namespace {

std::size_t code_index(std::string_view code) {
  for (std::size_t i = 0; i < kCodes.size(); ++i) {
    if (code == kCodes[i]) return i;
  }
  return 0;
}

}  // namespace

std::string long_date(sys_days day, const text::Messages& m) {
  const year_month_day ymd{day};
  return m.fill("dates.long",
                {{"weekday", m.list("dates.weekdays")[weekday{day}.c_encoding()]},
                 {"month", m.list("dates.months")[static_cast<unsigned>(ymd.month()) - 1]},
                 {"day", std::to_string(static_cast<unsigned>(ymd.day()))}});
}

std::string numeric_date(sys_days day, const text::Messages& m) {
  const year_month_day ymd{day};
  return m.fill("dates.numeric", {{"month", std::to_string(static_cast<unsigned>(ymd.month()))},
                                  {"day", std::to_string(static_cast<unsigned>(ymd.day()))}});
}

std::string weekday_name(std::string_view code, const text::Messages& m) {
  return m.list("dates.weekdays")[code_index(code)];
}

std::string weekday_short(std::string_view code, const text::Messages& m) {
  return m.list("dates.weekdays_short")[code_index(code)];
}

}  // namespace ptmcp::tools::hep
