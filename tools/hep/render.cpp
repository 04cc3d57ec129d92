#include "tools/hep/render.h"

#include <algorithm>
#include <map>
#include <regex>

#include <kainjow/mustache.hpp>

#include <fmt/format.h>

#include "server/assets.h"
#include "tools/hep/dates.h"
#include "tools/text/messages.h"
#include "tools/text/sms.h"
#include "tools/text/wording.h"

namespace ptmcp::tools::hep {
namespace {

using text::as_clause;
using text::capitalized;
using text::sentence;

const text::Messages& messages_of(const Program& p) {
  return text::messages(p.language);
}

std::string joined(const std::vector<std::string>& items, const text::Messages& m) {
  const std::string& last = m.text("dates.list_and");
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? last : ", ";
    out += items[i];
  }
  return out;
}

std::string days_text(const Program& p, const text::Messages& m) {
  if (p.days.size() == 7) return m.text("page.every_day");
  std::vector<std::string> names;
  for (const auto& d : p.days)
    names.push_back(weekday_name(d, m));
  return joined(names, m);
}

// "every day" or "on Mon, Wed and Fri", to follow "Your home exercises, ".
std::string days_short(const Program& p, const text::Messages& m) {
  if (p.days.size() == 7) return m.text("sms.every_day");
  std::vector<std::string> names;
  for (const auto& d : p.days)
    names.push_back(weekday_short(d, m));
  return m.fill("sms.on_days", {{"days", joined(names, m)}});
}

// The milestone after a heading that already names the next visit ("Goal by 11/30:"):
// without its own "By your next visit," lead-in, which would say it twice. The lead-in is
// the language's own (page.milestone_lead, a pattern).
std::string milestone_after_heading(const Program& p) {
  const text::Messages& m = messages_of(p);
  thread_local std::map<std::string, std::regex> leads;
  auto it = leads.find(m.language());
  if (it == leads.end())
    it =
        leads.emplace(m.language(), text::icase_regex(m.text("page.milestone_lead").c_str())).first;
  std::smatch match;
  if (!std::regex_search(p.milestone, match, it->second)) return sentence(p.milestone);
  return sentence(p.milestone.substr(static_cast<std::size_t>(match.length(0))));
}

std::string when_text(const Session& s) {
  return sentence(capitalized(s.when) + ", " + as_clause(s.trigger));
}

// The day's sessions: the program's own, or its single when, where and trigger as one.
std::vector<Session> sessions_of(const Program& p) {
  if (!p.sessions.empty()) return p.sessions;
  return {Session{p.when, p.where, p.trigger, p.time, {}}};
}

std::string when_text(const Program& p) {
  return when_text(sessions_of(p).front());
}

// " Only exercises 1 and 3." for a session that does some of them; empty for all.
std::string exercises_note(const Program& p, const Session& s, const text::Messages& m) {
  if (s.exercises.empty() || s.exercises.size() == p.exercises.size()) return "";
  std::vector<std::string> numbers;
  for (int i : s.exercises)
    numbers.push_back(std::to_string(i + 1));
  return " " + m.fill(numbers.size() == 1 ? "page.only_exercise" : "page.only_exercises",
                      {{"numbers", joined(numbers, m)}});
}

std::string ordinal(std::size_t i, const text::Messages& m) {
  const auto& ordinals = m.list("sms.ordinals");
  return i < ordinals.size() ? ordinals[i] : m.text("sms.ordinal_next");
}

// `created_at`: when the program was saved; a page saved on a later day than the visit names
// the visit's day instead of "today".
std::string intro(const Program& p, const std::string& created_at = "") {
  const text::Messages& m = messages_of(p);
  std::string when = m.text("page.visit_today");
  if (auto visit = parse_date(p.visit_date)) {
    if (auto saved = local_day_of(created_at); saved && *saved > *visit)
      when = m.fill("page.visit_on", {{"date", long_date(*visit, m)}});
  }
  std::string text = m.fill(
      p.exercises.size() == 1 ? "page.intro_one" : "page.intro_many",
      {{"name", p.patient_name}, {"count", std::to_string(p.exercises.size())}, {"when", when}});
  // A program stored before the caregiver was said in the patient's person is turned here.
  if (!p.caregiver.empty()) {
    text += " " +
            m.fill("page.also_for",
                   {{"caregiver", caregiver_for_patient(p.caregiver, p.patient_name, p.language)}});
  }
  return text;
}

std::vector<std::string> rules(const Program& p) {
  return {p.pain_rule, p.missed_day_rule, p.feels_different_rule};
}

std::string problem_line(const Program& p) {
  return sentence(messages_of(p).fill("page.problem", {{"contact", as_clause(p.problem_contact)}}));
}

std::string next_visit_text(const Program& p) {
  const text::Messages& m = messages_of(p);
  auto next = parse_date(p.next_visit);
  return next ? m.fill("page.next_visit_on", {{"date", long_date(*next, m)}})
              : m.text("page.next_visit");
}

// "Lakeside Physical Therapy. Call 555-0100." for the top of the page and the calendar; empty
// when the server has no clinic settings.
std::string clinic_line(const Clinic& c) {
  if (c.name.empty()) return c.contact.empty() ? "" : sentence(c.contact);
  return c.contact.empty() ? sentence(c.name) : sentence(c.name) + " " + sentence(c.contact);
}

std::vector<std::chrono::sys_days> tracker_days(const Program& p) {
  auto visit = parse_date(p.visit_date);
  auto next = parse_date(p.next_visit);
  if (!visit || !next) return {};
  return scheduled_days(*visit + std::chrono::days{1}, *next - std::chrono::days{1}, p.days);
}

// Text for HTML: & < > and " escaped.
std::string html_text(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// RFC 5545 text: escape \ ; , and newlines, then fold lines at 75 octets.
std::string ics_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string ics_line(const std::string& line) {
  std::string out;
  std::size_t start = 0;
  std::size_t width = 75;
  while (line.size() - start > width) {
    std::size_t cut = start + width;
    // Never split a UTF-8 sequence.
    while (cut > start && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80)
      --cut;
    out += line.substr(start, cut - start) + "\r\n ";
    start = cut;
    width = 74;  // continuation lines start with a space
  }
  return out + line.substr(start) + "\r\n";
}

std::string compact_date(std::chrono::sys_days d) {
  std::string s = format_date(d);
  return s.substr(0, 4) + s.substr(5, 2) + s.substr(8, 2);
}

std::string ics_stamp(const std::string& rfc3339) {
  // "2026-11-23T15:04:05Z" -> "20261123T150405Z"
  std::string out;
  for (char c : rfc3339) {
    if (c != '-' && c != ':') out += c;
  }
  return out;
}

}  // namespace

std::string page_text(const Program& p) {
  const text::Messages& m = messages_of(p);
  std::string text = intro(p) + "\n";
  text += m.text("page.days") + " " + days_text(p, m) + ".\n";
  for (const auto& s : sessions_of(p)) {
    text += m.text("page.when") + " " + when_text(s) + "\n" + m.text("page.where") + " " +
            sentence(s.where) + exercises_note(p, s, m) + "\n";
  }
  for (const auto& e : p.exercises) {
    text += e.name + "\n" + e.description + " " + e.clinic_link + "\n" + m.text("page.do") + " " +
            e.dose_text + ".\n";
  }
  for (const auto& r : rules(p))
    text += r + "\n";
  for (const auto& s : p.warning_signs)
    text += s.text + "\n";
  text += sentence(p.log_instruction) + " " + problem_line(p) + "\n";
  text += milestone_after_heading(p) + "\n";
  return text;
}

std::string start_text(const Program& p, const Stamp& stamp) {
  const text::Messages& m = messages_of(p);
  auto visit = parse_date(p.visit_date);
  auto next = parse_date(p.next_visit);
  if (!visit || !next) return "";
  std::chrono::sys_days from = *visit;
  if (auto saved = local_day_of(stamp.created_at); saved && *saved > from) from = *saved;
  const auto days = scheduled_days(std::max(*visit + std::chrono::days{1}, from),
                                   *next - std::chrono::days{1}, p.days);
  if (days.empty()) return "";
  const std::chrono::sys_days first = days.front();
  const std::string weekday = weekday_name(weekday_code(first), m);
  const auto ahead = (first - from).count();
  if (ahead == 0) return m.fill("page.start_today", {{"weekday", weekday}});
  if (ahead == 1) return m.fill("page.start_tomorrow", {{"weekday", weekday}});
  if (ahead < 7) return m.fill("page.start_weekday", {{"weekday", weekday}});
  return m.fill("page.start_date", {{"date", long_date(first, m)}});
}

std::string render_markdown(const Program& p, const Clinic& clinic, const Stamp& stamp) {
  const text::Messages& m = messages_of(p);
  std::string md = "# " + m.fill("page.title", {{"name", p.patient_name}}) + "\n\n";
  if (const std::string line = clinic_line(clinic); !line.empty()) md += "*" + line + "*\n\n";
  md += intro(p, stamp.created_at);
  if (const std::string start = start_text(p, stamp); !start.empty()) md += " " + start;
  md += "\n\n";
  if (p.sessions.empty()) {
    md +=
        fmt::format("**{}** {}  \n**{}** {}  \n**{}** {}\n\n", m.text("page.days"), days_text(p, m),
                    m.text("page.when"), when_text(p), m.text("page.where"), sentence(p.where));
  } else {
    md += fmt::format("**{}** {}\n\n", m.text("page.days"),
                      m.fill("page.times_a_day", {{"days", days_text(p, m)},
                                                  {"count", std::to_string(p.sessions.size())}}));
    for (const auto& s : p.sessions) {
      md += fmt::format("- **{}** {} **{}** {}{}\n", m.text("page.when"), when_text(s),
                        m.text("page.where"), sentence(s.where), exercises_note(p, s, m));
    }
    md += "\n";
  }
  int n = 0;
  for (const auto& e : p.exercises) {
    md += fmt::format("**{}. {}**  \n{} {}  \n{} {}.\n\n", ++n, e.name, e.description,
                      e.clinic_link, m.text("page.do"), e.dose_text);
  }
  md += "**" + m.text("page.your_rules") + "**\n\n";
  for (const auto& r : rules(p))
    md += "- " + r + "\n";
  for (const auto& s : p.warning_signs)
    md += "- **" + s.text + "**\n";
  md += fmt::format("\n**{}** {} {}\n\n", m.text("page.tell_us"), sentence(p.log_instruction),
                    problem_line(p));
  md += fmt::format("**{}** {}\n\n", m.fill("page.goal_for", {{"next", next_visit_text(p)}}),
                    milestone_after_heading(p));
  md += (clinic.name.empty() ? m.text("page.team")
                             : m.fill("page.team_at", {{"clinic", clinic.name}})) +
        "\n";
  return md;
}

SmsRendering render_sms(const Program& p, text::SmsEncoding encoding) {
  const text::Messages& m = messages_of(p);
  std::vector<std::string> blocks;
  if (p.sessions.empty()) {
    blocks.push_back(m.fill("sms.hello", {{"name", p.patient_name},
                                          {"days", days_short(p, m)},
                                          {"when", as_clause(when_text(p))},
                                          {"where", as_clause(p.where)}}));
  } else {
    blocks.push_back(m.fill("sms.hello_sessions", {{"name", p.patient_name},
                                                   {"days", days_short(p, m)},
                                                   {"count", std::to_string(p.sessions.size())}}));
    for (std::size_t i = 0; i < p.sessions.size(); ++i) {
      const Session& s = p.sessions[i];
      blocks.push_back(m.fill("sms.session", {{"ordinal", ordinal(i, m)},
                                              {"when", as_clause(when_text(s))},
                                              {"where", as_clause(s.where)},
                                              {"note", exercises_note(p, s, m)}}));
    }
  }
  int n = 0;
  for (const auto& e : p.exercises) {
    // "(1)" rather than "1." or "1)", which would read as a list marker and be dropped.
    blocks.push_back(
        fmt::format("({}) {}: {}. {} {}", ++n, e.name, e.dose_text, e.description, e.clinic_link));
  }
  blocks.push_back(p.pain_rule + " " + p.missed_day_rule + " " + p.feels_different_rule);
  std::string signs;
  for (const auto& s : p.warning_signs)
    signs += (signs.empty() ? "" : " ") + s.text;
  if (!signs.empty()) blocks.push_back(signs);
  auto next = parse_date(p.next_visit);
  blocks.push_back(
      m.fill("sms.goal", {{"log", sentence(p.log_instruction)},
                          {"date", next ? numeric_date(*next, m) : m.text("sms.goal_next_visit")},
                          {"milestone", as_clause(milestone_after_heading(p))}}));
  SmsRendering sms;
  const auto note = [&sms](const std::vector<std::string>& changes) {
    for (const auto& c : changes) {
      if (std::find(sms.changes.begin(), sms.changes.end(), c) == sms.changes.end())
        sms.changes.push_back(c);
    }
  };
  for (const auto& block : blocks) {
    text::SmsText prepared = text::prepare_sms(block, encoding);
    note(prepared.changes);
    for (auto& message : text::split_prepared(prepared.text))
      sms.messages.push_back(std::move(message));
  }
  // A reminder per session: its trigger first, then as much of the logging line as fits one
  // segment.
  for (const auto& session : sessions_of(p)) {
    const std::size_t count =
        session.exercises.empty() ? p.exercises.size() : session.exercises.size();
    const std::string exercises =
        count == 1 ? m.text("sms.count_one")
                   : m.fill("sms.count_many", {{"count", std::to_string(count)}});
    std::vector<std::string> candidates;
    for (const char* key :
         {"sms.reminder_trigger_log", "sms.reminder_trigger", "sms.reminder_log", "sms.reminder"}) {
      candidates.push_back(m.fill(key, {{"name", p.patient_name},
                                        {"trigger", as_clause(session.trigger)},
                                        {"count", exercises},
                                        {"log", sentence(p.log_instruction)}}));
    }
    std::string reminder;
    for (const auto& c : candidates) {
      text::SmsText prepared = text::prepare_sms(c, encoding);
      if (text::sms_size(prepared.text).segments == 1) {
        note(prepared.changes);
        reminder = std::move(prepared.text);
        break;
      }
    }
    if (reminder.empty()) {
      text::SmsText prepared = text::prepare_sms(candidates.back(), encoding);
      note(prepared.changes);
      reminder = text::split_prepared(prepared.text).front();
    }
    sms.reminders.push_back(std::move(reminder));
  }
  sms.reminder = sms.reminders.front();
  return sms;
}

std::string render_html(const Program& p, const Stamp& stamp, const Clinic& clinic) {
  using kainjow::mustache::data;
  using kainjow::mustache::list;
  const text::Messages& m = messages_of(p);
  data view;
  view.set("lang", m.language());
  view.set("name", p.patient_name);
  // The title is set unescaped ({{{title}}}) with only the name escaped: the message's own
  // apostrophe ("Maria's") stays a letter.
  view.set("title", m.fill("page.title", {{"name", html_text(p.patient_name)}}));
  for (const char* key : {"days", "when", "where", "do", "your_rules", "large_print_note"})
    view.set(std::string("label_") + key, m.text(std::string("page.") + key));
  view.set("clinic_name", clinic.name.empty() ? "" : sentence(clinic.name));
  view.set("clinic_contact", clinic.contact.empty() ? "" : sentence(clinic.contact));
  view.set("has_clinic", clinic.name.empty() && clinic.contact.empty()
                             ? data(data::type::bool_false)
                             : data(data::type::bool_true));
  view.set("large_print",
           p.large_print ? data(data::type::bool_true) : data(data::type::bool_false));
  const std::string start = start_text(p, stamp);
  const std::string hello = intro(p, stamp.created_at);
  view.set("intro", start.empty() ? hello : hello + " " + start);
  view.set("days_text", days_text(p, m));
  view.set("when_text", when_text(p));
  view.set("where", sentence(p.where));
  view.set("has_sessions",
           p.sessions.empty() ? data(data::type::bool_false) : data(data::type::bool_true));
  list session_lines;
  for (const auto& s : p.sessions) {
    data line;
    line.set("when_text", when_text(s));
    line.set("where", sentence(s.where) + exercises_note(p, s, m));
    session_lines.push_back(line);
  }
  view.set("sessions", session_lines);
  list exercises;
  for (const auto& e : p.exercises) {
    data item;
    item.set("name", e.name);
    item.set("description", e.description);
    item.set("clinic_link", e.clinic_link);
    item.set("dose_text", capitalized(e.dose_text));
    item.set("picture_space",
             e.picture_space ? data(data::type::bool_true) : data(data::type::bool_false));
    exercises.push_back(item);
  }
  view.set("exercises", exercises);
  list rule_list;
  for (const auto& r : rules(p))
    rule_list.push_back(data(r));
  view.set("rules", rule_list);
  list signs;
  for (const auto& s : p.warning_signs)
    signs.push_back(data(s.text));
  view.set("warning_signs", signs);
  view.set("has_warning_signs",
           p.warning_signs.empty() ? data(data::type::bool_false) : data(data::type::bool_true));
  // Two weeks of boxes, from the first day to start: a longer gap to the next visit shows its
  // first two weeks (the page fit is measured with two weeks; a new page comes at the visit).
  list tracker;
  auto days = tracker_days(p);
  // The tracker starts where the page says to start: a program saved after its visit day
  // has no boxes for days already gone.
  if (auto saved = local_day_of(stamp.created_at)) {
    std::erase_if(days, [&saved](std::chrono::sys_days d) { return d < *saved; });
  }
  bool cut = false;
  if (!days.empty()) {
    const auto end = days.front() + std::chrono::days{14};
    cut = days.back() >= end;
    std::erase_if(days, [&end](std::chrono::sys_days d) { return d >= end; });
  }
  view.set("tracker_heading",
           m.text("page.tracker") + (cut ? m.text("page.tracker_first_weeks") : ""));
  for (const auto& d : days) {
    data day;
    const std::string weekday = weekday_short(weekday_code(d), m);  // "Tue", "mar"
    const std::string date = numeric_date(d, m);                    // "11/24", "24/11"
    day.set("label", weekday + " " + date);
    day.set("weekday", weekday);
    day.set("date", date);
    tracker.push_back(day);
  }
  view.set("tracker", tracker);
  // A program saved after its last scheduled day has no boxes left: no empty heading either.
  view.set("has_tracker",
           tracker.empty() ? data(data::type::bool_false) : data(data::type::bool_true));
  list tracker_rows;
  for (const auto& s : p.sessions) {
    data row;
    row.set("session", capitalized(as_clause(s.when)));
    row.set("days", tracker);
    tracker_rows.push_back(row);
  }
  view.set("tracker_rows", tracker_rows);
  view.set("log_instruction", sentence(p.log_instruction));
  view.set("problem_line", problem_line(p));
  view.set("goal_heading", m.fill("page.goal_for", {{"next", next_visit_text(p)}}));
  view.set("milestone", milestone_after_heading(p));
  auto visit = parse_date(p.visit_date);
  view.set("footer",
           m.fill("page.footer", {{"program_id", stamp.program_id},
                                  {"version", std::to_string(stamp.version)},
                                  {"date", visit ? long_date(*visit, m) : p.visit_date}}));
  // Parsed once per thread: rendering does not change it, but its render() is not const.
  thread_local kainjow::mustache::mustache tmpl{
      std::string(server::require_asset("templates/page.html.mustache"))};
  return tmpl.render(view);
}

std::string render_ics(const Program& p, const Stamp& stamp, const Clinic& clinic) {
  const text::Messages& m = messages_of(p);
  static const std::map<std::string, std::string> kByDay = {
      {"mon", "MO"}, {"tue", "TU"}, {"wed", "WE"}, {"thu", "TH"},
      {"fri", "FR"}, {"sat", "SA"}, {"sun", "SU"}};
  const auto days = tracker_days(p);
  std::string ics;
  ics += ics_line("BEGIN:VCALENDAR");
  ics += ics_line("VERSION:2.0");
  ics += ics_line("PRODID:-//ptmcp//Home exercise program//EN");
  ics += ics_line("CALSCALE:GREGORIAN");
  ics += ics_line("METHOD:PUBLISH");
  if (!days.empty()) {
    std::string byday;
    for (const auto& d : p.days)
      byday += (byday.empty() ? "" : ",") + kByDay.at(d);
    const auto sessions = sessions_of(p);
    for (std::size_t i = 0; i < sessions.size(); ++i) {
      const Session& session = sessions[i];
      std::string description = when_text(session) + "\n";
      int n = 0;
      for (const auto& e : p.exercises) {
        ++n;
        if (!session.exercises.empty() &&
            std::find(session.exercises.begin(), session.exercises.end(), n - 1) ==
                session.exercises.end())
          continue;
        description += fmt::format("{}. {}: {}.\n", n, e.name, e.dose_text);
      }
      description += p.pain_rule + "\n" + sentence(p.log_instruction);
      if (const std::string line = clinic_line(clinic); !line.empty()) description += "\n" + line;
      const std::string first = compact_date(days.front());
      const std::string last = compact_date(days.back());
      ics += ics_line("BEGIN:VEVENT");
      // One session keeps the uid it always had; each of several gets its own.
      ics += ics_line("UID:" + stamp.program_id + "-v" + std::to_string(stamp.version) +
                      (p.sessions.empty() ? "" : "-s" + std::to_string(i + 1)) + "@ptmcp");
      ics += ics_line("DTSTAMP:" + ics_stamp(stamp.created_at));
      if (session.time.empty()) {
        ics += ics_line("DTSTART;VALUE=DATE:" + first);
        ics += ics_line("RRULE:FREQ=WEEKLY;BYDAY=" + byday + ";UNTIL=" + last);
      } else {
        const std::string hhmm = session.time.substr(0, 2) + session.time.substr(3, 2);
        ics += ics_line("DTSTART:" + first + "T" + hhmm + "00");
        ics += ics_line("DURATION:PT15M");
        ics += ics_line("RRULE:FREQ=WEEKLY;BYDAY=" + byday + ";UNTIL=" + last + "T235959");
      }
      ics += ics_line("SUMMARY:" +
                      ics_escape(m.fill("calendar.summary", {{"name", p.patient_name}}) +
                                 (p.sessions.empty() ? "" : " (" + as_clause(session.when) + ")")));
      ics += ics_line("DESCRIPTION:" + ics_escape(description));
      ics += ics_line("LOCATION:" + ics_escape(sentence(session.where)));
      if (!session.time.empty()) {
        ics += ics_line("BEGIN:VALARM");
        ics += ics_line("ACTION:DISPLAY");
        ics += ics_line(
            "DESCRIPTION:" +
            ics_escape(m.fill("calendar.alarm", {{"trigger", as_clause(session.trigger)}})));
        ics += ics_line("TRIGGER:PT0M");
        ics += ics_line("END:VALARM");
      }
      ics += ics_line("END:VEVENT");
    }
  }
  ics += ics_line("END:VCALENDAR");
  return ics;
}

}  // namespace ptmcp::tools::hep
