#include "tools/checkins/checkin_settings.h"

#include <cctype>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "server/assets.h"
#include "server/schema_validator.h"
#include "tools/hep/dates.h"
#include "tools/text/sms.h"

namespace ptmcp::tools::checkins {
namespace {

using Json = nlohmann::json;

int minutes_of(const std::string& hh_mm) {
  return std::stoi(hh_mm.substr(0, 2)) * 60 + std::stoi(hh_mm.substr(3, 2));
}

std::size_t weekday_index(std::chrono::sys_days day) {
  return std::chrono::weekday{day}.iso_encoding() - 1;  // Monday = 0
}

void apply(const Json& section, CheckinSettings& settings, const std::string& source) {
  settings.pain_severe = section.value("pain_severe", settings.pain_severe);
  // One English line, or a line per language: {"en": "...", "es": "..."}.
  if (section.contains("after_hours") && section["after_hours"].is_object()) {
    for (const auto& [language, line] : section["after_hours"].items()) {
      if (language == "en") {
        settings.after_hours = line.get<std::string>();
      } else {
        if (!text::has_messages(language)) {
          throw std::invalid_argument(source + ": /checkins/after_hours/" + language +
                                      " is a language ptmcp has no patient text in");
        }
        settings.after_hours_in[language] = line.get<std::string>();
      }
    }
  } else {
    settings.after_hours = section.value("after_hours", settings.after_hours);
  }
  if (section.contains("hours")) {
    settings.hours = {};  // a clinic's hours replace the whole week
    const auto& week = hep::week_order();
    for (std::size_t i = 0; i < week.size(); ++i) {
      if (!section["hours"].contains(week[i])) continue;
      const auto& range = section["hours"][week[i]];
      OpenHours h{minutes_of(range[0]), minutes_of(range[1])};
      if (h.close <= h.open) {
        throw std::invalid_argument(source + ": /checkins/hours/" + week[i] +
                                    " closes before it opens");
      }
      settings.hours[i] = h;
    }
  }
  // The after-hours line must reach the patient whole: one GSM-7 segment after the shortest
  // opening a reply gives it.
  const std::string reply = "Thank you for telling us. " + settings.after_hours;
  if (!text::is_gsm7(settings.after_hours) || text::sms_size(reply).segments != 1) {
    throw std::invalid_argument(source +
                                ": /checkins/after_hours must fit one text message (GSM-7, at "
                                "most 134 characters)");
  }
  // Another language's line after that language's shortest opening, as the reply sends it
  // (letters outside GSM-7 transliterated).
  for (const auto& [language, line] : settings.after_hours_in) {
    const auto& openings = text::messages(language).list("replies.same_day_after_hours");
    const std::string sent =
        text::to_gsm7(text::fill_placeholders(openings.back(), {{"after_hours", line}}));
    if (text::sms_size(sent).segments != 1) {
      throw std::invalid_argument(source + ": /checkins/after_hours/" + language +
                                  " must fit one text message with its opening (\"" + sent +
                                  "\" is longer)");
    }
  }
}

Json validated_section(const Json& file, const std::string& source) {
  server::SchemaValidator validator(
      Json::parse(server::require_asset("schemas/data/checkins.json")));
  Json only = {{"checkins", file.value("checkins", Json::object())}};
  if (auto problems = validator.validate(only); !problems.empty()) {
    throw std::invalid_argument(source + ": " + problems[0].pointer + " " + problems[0].message);
  }
  return only["checkins"];
}

// "8 AM" or "8:30 AM" in English, "8:00" or "14:30" in Spanish (data/messages, dates.clock).
std::string clock(int minutes, const text::Messages& messages) {
  const int h = minutes / 60;
  const int m = minutes % 60;
  const int h12 = h % 12 == 0 ? 12 : h % 12;
  return messages.fill(m == 0 ? "dates.clock" : "dates.clock_minutes",
                       {{"h12", std::to_string(h12)},
                        {"h24", std::to_string(h)},
                        {"mm", fmt::format("{:02}", m)},
                        {"ampm", h < 12 ? "AM" : "PM"}});
}

}  // namespace

std::optional<LocalTime> local_time_of(const std::string& rfc3339) {
  auto stamp = hep::parse_timestamp(rfc3339);
  if (!stamp || rfc3339.size() < 16 || rfc3339[13] != ':') return std::nullopt;
  const std::string hh_mm = rfc3339.substr(11, 5);
  if (!std::isdigit(static_cast<unsigned char>(hh_mm[0])) ||
      !std::isdigit(static_cast<unsigned char>(hh_mm[4]))) {
    return std::nullopt;
  }
  return LocalTime{stamp->local_day, minutes_of(hh_mm)};
}

CheckinSettings load_checkin_settings(const std::string& config_path) {
  CheckinSettings settings;
  const Json defaults = Json::parse(server::require_asset("data/config/checkins.json"));
  apply(validated_section(defaults, "data/config/checkins.json"), settings,
        "data/config/checkins.json");
  if (config_path.empty()) return settings;
  std::ifstream file(config_path);
  if (!file) throw std::invalid_argument("cannot read the configuration file " + config_path);
  Json config = Json::parse(file, nullptr, false);
  if (config.is_discarded() || !config.is_object()) {
    throw std::invalid_argument("the configuration file " + config_path + " is not valid JSON");
  }
  const std::string source = "the configuration file " + config_path;
  apply(validated_section(config, source), settings, source);
  return settings;
}

std::string CheckinSettings::after_hours_for(const std::string& language) const {
  if (language == "en") return after_hours;
  if (auto it = after_hours_in.find(language); it != after_hours_in.end()) return it->second;
  return text::messages(language).text("replies.after_hours");
}

bool clinic_open(const CheckinSettings& settings, const LocalTime& at) {
  const auto& h = settings.hours[weekday_index(at.day)];
  return h && at.minute >= h->open && at.minute < h->close;
}

std::string next_opening(const CheckinSettings& settings, const LocalTime& at,
                         const text::Messages& m) {
  for (int ahead = 0; ahead <= 7; ++ahead) {
    const auto day = at.day + std::chrono::days{ahead};
    const auto& h = settings.hours[weekday_index(day)];
    if (!h || (ahead == 0 && at.minute >= h->open)) continue;
    const std::string when =
        ahead == 0   ? m.text("dates.today")
        : ahead == 1 ? m.text("dates.tomorrow")
                     : m.fill("dates.on_weekday",
                              {{"weekday", hep::weekday_name(hep::weekday_code(day), m)}});
    return m.fill("dates.at_time", {{"when", when}, {"time", clock(h->open, m)}});
  }
  return m.text("dates.when_we_open");  // no opening hours at all: the defaults always have some
}

}  // namespace ptmcp::tools::checkins
