#include "tools/checkins/review_adherence.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "server/assets.h"
#include "tools/findings.h"
#include "tools/hep/dates.h"
#include "tools/store/program_id_completion.h"
#include "tools/text/readability.h"

namespace ptmcp::tools::checkins {
namespace {

using Json = nlohmann::json;
using std::chrono::sys_days;

int status_rank(const std::string& s) {
  if (s == "done") return 3;
  if (s == "partial") return 2;
  if (s == "skipped") return 1;
  return 0;
}

double pct(double part, double whole) {
  return whole > 0 ? text::round1(100.0 * part / whole) : 0;
}

struct Day {
  sys_days date;
  bool scheduled = false;
  std::string status;  // best check-in status that day, empty when none
  int checkins = 0;
  std::vector<const store::StoredCheckin*> entries;
  bool red_flag = false;
  bool kept() const { return status == "done" || status == "partial"; }
  double credit() const { return status == "done" ? 1.0 : status == "partial" ? 0.5 : 0.0; }
  std::string kind() const {
    if (scheduled) return kept() ? status : (status == "skipped" ? "skipped" : "missed");
    return kept() ? "extra" : "not_scheduled";
  }
};

// The share of exercise `i` a kept day gets credit for.
double exercise_credit(const Day& day, const std::string& name) {
  if (day.status == "done") return 1.0;
  if (day.status != "partial") return 0.0;
  for (const auto* c : day.entries) {
    const auto& done = c->parsed.value("exercises_done", Json::array());
    const auto& skipped = c->parsed.value("exercises_skipped", Json::array());
    const bool in_done = std::find(done.begin(), done.end(), name) != done.end();
    const bool in_skipped = std::find(skipped.begin(), skipped.end(), name) != skipped.end();
    if (in_skipped) return 0.0;
    if (in_done) return 1.0;
    if (!done.empty()) return 0.0;
    if (!skipped.empty()) return 1.0;
  }
  return 0.5;
}

std::set<std::string> content_words(const std::string& text) {
  static const std::set<std::string> kStop = {"by", "your", "the", "a",    "an",   "and",
                                              "to", "of",   "for", "with", "next", "visit",
                                              "in", "on",   "no",  "at"};
  std::set<std::string> out;
  for (auto w : text::split_words(text)) {
    std::transform(w.begin(), w.end(), w.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (w.size() > 2 && !kStop.contains(w)) out.insert(w);
  }
  return out;
}

}  // namespace

Json review(const hep::Program& program, const std::vector<store::StoredCheckin>& checkins,
            const ReviewPeriod& period, const std::optional<std::vector<int>>& ears) {
  const sys_days from = *hep::parse_date(period.from);
  const sys_days to = *hep::parse_date(period.to);
  std::vector<Day> days;
  for (sys_days d = from; d <= to; d += std::chrono::days{1}) {
    Day day;
    day.date = d;
    day.scheduled = std::find(program.days.begin(), program.days.end(), hep::weekday_code(d)) !=
                    program.days.end();
    days.push_back(day);
  }
  std::vector<const store::StoredCheckin*> in_period;
  for (const auto& c : checkins) {
    auto date = hep::parse_date(c.local_date);
    if (!date || *date < from || *date > to) continue;
    in_period.push_back(&c);
    Day& day = days[static_cast<std::size_t>((*date - from).count())];
    ++day.checkins;
    day.entries.push_back(&c);
    const std::string status = c.parsed.value("status", "unclear");
    if (status_rank(status) > status_rank(day.status) || day.status.empty()) day.status = status;
    if (!c.parsed.value("flags", Json::array()).empty()) day.red_flag = true;
  }

  // Scheduled sessions and what was done.
  double scheduled = 0;
  double done = 0;
  Json missed = Json::array();
  int without_checkin = 0;
  int extra = 0;
  std::map<std::string, std::pair<double, double>> by_weekday;  // code -> scheduled, done
  int longest = 0;
  int run = 0;
  for (const auto& day : days) {
    if (!day.scheduled) {
      if (day.kept()) ++extra;  // a session on an unscheduled day is extra, not a make-up
      continue;
    }
    scheduled += 1;
    done += day.credit();
    auto& w = by_weekday[hep::weekday_code(day.date)];
    w.first += 1;
    w.second += day.credit();
    if (day.checkins == 0) ++without_checkin;
    if (!day.kept()) missed.push_back(hep::format_date(day.date));
    run = day.kept() ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const int current = run;

  Json weekday_json = Json::array();
  for (const auto& code : hep::week_order()) {
    if (!by_weekday.contains(code)) continue;
    const auto [s, d] = by_weekday[code];
    weekday_json.push_back(
        {{"day", hep::weekday_name(code)}, {"scheduled", s}, {"done", d}, {"percent", pct(d, s)}});
  }

  Json exercise_json = Json::array();
  std::vector<double> exercise_rates;
  for (std::size_t i = 0; i < program.exercises.size(); ++i) {
    double credited = 0;
    for (const auto& day : days) {
      if (day.scheduled) credited += exercise_credit(day, program.exercises[i].name);
    }
    exercise_rates.push_back(pct(credited, scheduled));
    exercise_json.push_back({{"name", program.exercises[i].name},
                             {"done", credited},
                             {"scheduled", scheduled},
                             {"percent", exercise_rates.back()}});
  }

  // Pain, rule hits and red flags.
  Json pain_series = Json::array();
  Json rule_hits = Json::array();
  Json flags = Json::array();
  for (const auto* c : in_period) {
    if (c->parsed.contains("pain") && c->parsed["pain"].is_number()) {
      pain_series.push_back({{"date", c->local_date}, {"pain", c->parsed["pain"]}});
    }
    if (c->parsed.value("pain_rule_hit", false)) rule_hits.push_back(c->local_date);
    for (const auto& f : c->parsed.value("flags", Json::array())) {
      flags.push_back({{"date", c->local_date},
                       {"tier", f["tier"]},
                       {"label", f["label"]},
                       {"matched", f["matched"]}});
    }
  }
  Json pain = nullptr;
  if (!pain_series.empty()) {
    const int first = pain_series.front()["pain"];
    const int last = pain_series.back()["pain"];
    int max = 0;
    for (const auto& p : pain_series)
      max = std::max(max, p["pain"].get<int>());
    pain = {{"first", first},
            {"last", last},
            {"max", max},
            {"trend", last - first >= 2   ? "rising"
                      : first - last >= 2 ? "falling"
                                          : "steady"},
            {"reports", pain_series}};
  }

  // The milestone, when a check-in speaks to it.
  Json milestone = {{"text", program.milestone}, {"status", "no check-in mentions it"}};
  const auto goal_words = content_words(program.milestone);
  static const std::vector<std::string> kReached = {"made it",     "reached",  "met my goal",
                                                    "hit my goal", "did it",   "goal",
                                                    "milestone",   "lo logre", "logré"};
  for (const auto* c : in_period) {
    std::string lowered = c->message;
    std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    const auto words = content_words(c->message);
    std::size_t shared = 0;
    for (const auto& w : words)
      shared += goal_words.contains(w) ? 1 : 0;
    const bool speaks_of_goal = lowered.find("goal") != std::string::npos ||
                                lowered.find("milestone") != std::string::npos ||
                                (goal_words.size() > 0 && shared * 2 >= goal_words.size());
    const bool reached = std::any_of(kReached.begin(), kReached.end(), [&](const std::string& k) {
      return lowered.find(k) != std::string::npos;
    });
    if (speaks_of_goal && reached) {
      milestone["status"] = "reported met";
      milestone["date"] = c->local_date;
      break;
    }
  }

  Json ears_json = nullptr;
  if (ears) {
    int total = 0;
    for (std::size_t i = 0; i < ears->size(); ++i) {
      const int answer = (*ears)[i];
      total += (i == 1 || i == 2 || i == 4) ? 4 - answer : answer;  // items 2, 3, 5 reverse-scored
    }
    ears_json = {
        {"total", total},
        {"max", 24},
        {"answers", *ears},
        {"note",
         "Higher is more adherent; a change of about 5.5 matters. There is no validated cut-off."}};
  }

  // Diagnosis per element: non-adherence as a format problem.
  Json diagnosis = Json::array();
  auto diagnose = [&](int element, std::string finding, std::string evidence,
                      std::string suggestion) {
    diagnosis.push_back({{"element", element},
                         {"element_name", element_name(element)},
                         {"finding", finding},
                         {"evidence", evidence},
                         {"suggestion", suggestion}});
  };
  if (in_period.empty()) {
    diagnose(5, "No check-ins at all in this period.",
             fmt::format("0 check-ins for {} scheduled sessions.", static_cast<int>(scheduled)),
             "Ask how the patient would rather log a session (text, app, a mark on the page) and "
             "make that the channel; the silence says little about the exercises.");
  } else {
    for (const auto& [code, counts] : by_weekday) {
      const auto [s, d] = counts;
      const double other_s = scheduled - s;
      const double other_d = done - d;
      if (s >= 2 && pct(d, s) <= 50 && other_s > 0 && pct(other_d, other_s) >= 75) {
        diagnose(3,
                 fmt::format("Misses cluster on {}s: the trigger may not happen that day.",
                             hep::weekday_name(code)),
                 fmt::format("{}s: {:g} of {:g} done; other days: {:g} of {:g}.",
                             hep::weekday_name(code), d, s, other_d, other_s),
                 fmt::format("Find a routine that happens on {}s too (the trigger now: \"{}\"), or "
                             "take that day off the schedule.",
                             hep::weekday_name(code), program.trigger));
      }
    }
    for (std::size_t i = 0; i < exercise_rates.size() && exercise_rates.size() > 1; ++i) {
      double others = 0;
      for (std::size_t j = 0; j < exercise_rates.size(); ++j)
        others += j == i ? 0 : exercise_rates[j];
      others /= static_cast<double>(exercise_rates.size() - 1);
      if (exercise_rates[i] <= 50 && others >= 75) {
        diagnose(
            2,
            fmt::format("\"{}\" is skipped far more than the others.", program.exercises[i].name),
            fmt::format("{}: {:g}% of sessions; the others: {:g}% on average.",
                        program.exercises[i].name, exercise_rates[i], text::round1(others)),
            "Ask what makes it hard: the description (element 2) may not match what was done in "
            "the clinic, it may be too hard, or it may not need to be in the program yet (element "
            "1).");
      }
    }
    if (rule_hits.size() >= 2) {
      diagnose(3, "Pain rose past the stop rule more than once: the dose may be too much.",
               fmt::format("Pain-rule hits on {}.",
                           [&] {
                             std::string s;
                             for (const auto& d : rule_hits)
                               s += (s.empty() ? "" : ", ") + d.get<std::string>();
                             return s;
                           }()),
               "Review the dose (fewer rounds, a shorter hold) or the exercise that hurts.");
    }
    if (milestone["status"] == "reported met") {
      diagnose(6, "The milestone was reached before the next visit.",
               "Reported met on " + milestone["date"].get<std::string>() + ".",
               "Set the next milestone: one small, observable step further toward the plan-of-care "
               "goal.");
    }
  }

  const double adherence = pct(done, scheduled);
  std::string summary = fmt::format("{} did {:g} of {} scheduled sessions ({:g}%) from {} to {}.",
                                    program.patient_name, done, static_cast<int>(scheduled),
                                    adherence, period.from, period.to);
  if (longest > 1) summary += fmt::format(" Longest streak: {} sessions.", longest);
  if (!pain.is_null())
    summary += fmt::format(" Pain {} to {} (max {}, {}).", pain["first"].get<int>(),
                           pain["last"].get<int>(), pain["max"].get<int>(),
                           pain["trend"].get<std::string>());
  if (!rule_hits.empty()) summary += fmt::format(" Pain rule hit {} times.", rule_hits.size());
  if (!flags.empty())
    summary += fmt::format(" Red flags: {}; check they were handled.", flags.size());
  if (extra > 0)
    summary += fmt::format(" {} extra sessions on unscheduled days (not make-ups).", extra);
  for (const auto& d : diagnosis)
    summary += " " + d["finding"].get<std::string>();
  if (diagnosis.empty() && scheduled > 0 && adherence >= 80)
    summary += " The format is working; keep it.";

  Json day_json = Json::array();
  for (const auto& day : days) {
    day_json.push_back({{"date", hep::format_date(day.date)},
                        {"weekday", hep::weekday_code(day.date)},
                        {"kind", day.kind()},
                        {"checkins", day.checkins},
                        {"red_flag", day.red_flag}});
  }
  return {{"program_id", ""},
          {"patient_name", program.patient_name},
          {"period", {{"from", period.from}, {"to", period.to}}},
          {"scheduled_sessions", static_cast<int>(scheduled)},
          {"sessions_done", done},
          {"adherence_percent", adherence},
          {"by_weekday", weekday_json},
          {"by_exercise", exercise_json},
          {"streaks", {{"current", current}, {"longest", longest}}},
          {"missed_dates", missed},
          {"extra_sessions", extra},
          {"days_without_checkin", without_checkin},
          {"checkins", static_cast<int>(in_period.size())},
          {"pain", pain},
          {"pain_rule_hits", rule_hits},
          {"red_flags", flags},
          {"milestone", milestone},
          {"ears", ears_json},
          {"diagnosis", diagnosis},
          {"summary", summary},
          {"days", day_json}};
}

std::string adherence_svg(const Json& r) {
  static const std::map<std::string, std::pair<const char*, const char*>> kStyle = {
      {"done", {"#1b7f3b", "#1b7f3b"}},   {"partial", {"#8fd19e", "#1b7f3b"}},
      {"missed", {"#ffffff", "#c62828"}}, {"skipped", {"#fde7e7", "#c62828"}},
      {"extra", {"#cfe8d6", "#1b7f3b"}},  {"not_scheduled", {"#eeeeee", "#bbbbbb"}}};
  const auto& days = r["days"];
  if (days.empty()) return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>";
  const sys_days first = *hep::parse_date(days.front()["date"].get<std::string>());
  const int lead = static_cast<int>(std::chrono::weekday{first}.iso_encoding()) - 1;  // Monday = 0
  const int cells = lead + static_cast<int>(days.size());
  const int weeks = (cells + 6) / 7;
  const int cell = 44;
  const int left = 10;
  const int top = 56;
  const int width = left * 2 + cell * 7;
  const int height = top + weeks * cell + 70;
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
      "font-family=\"DejaVu Sans, Arial, sans-serif\">\n",
      width, height, width, height);
  auto escape = [](const std::string& s) {
    std::string out;
    for (char c : s)
      out += c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : std::string(1, c);
    return out;
  };
  svg += fmt::format(
      "<text x=\"{}\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{}: {:g}% of scheduled "
      "sessions</text>\n",
      left, escape(r["patient_name"].get<std::string>()), r["adherence_percent"].get<double>());
  const char* names[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  for (int c = 0; c < 7; ++c) {
    svg +=
        fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>\n",
                    left + c * cell + cell / 2, top - 8, names[c]);
  }
  for (std::size_t i = 0; i < days.size(); ++i) {
    const int slot = lead + static_cast<int>(i);
    const int x = left + (slot % 7) * cell;
    const int y = top + (slot / 7) * cell;
    const auto& day = days[i];
    const auto& [fill, stroke] = kStyle.at(day["kind"].get<std::string>());
    const std::string date = day["date"];
    svg += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\" fill=\"{}\" stroke=\"{}\" "
        "stroke-width=\"2\"><title>{} {}</title></rect>\n",
        x + 2, y + 2, cell - 4, cell - 4, fill, stroke, date, day["kind"].get<std::string>());
    const bool dark = day["kind"] == "done";
    svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"{}\">{}</text>\n", x + 6,
                       y + 16, dark ? "#ffffff" : "#111111", std::stoi(date.substr(8, 2)));
    if (day["red_flag"].get<bool>()) {
      svg += fmt::format(
          "<circle cx=\"{}\" cy=\"{}\" r=\"8\" fill=\"#c62828\"/><text x=\"{}\" y=\"{}\" "
          "font-size=\"12\" font-weight=\"bold\" fill=\"#ffffff\" "
          "text-anchor=\"middle\">!</text>\n",
          x + cell - 14, y + cell - 14, x + cell - 14, y + cell - 10);
    }
  }
  const int ly = top + weeks * cell + 18;
  const std::vector<std::pair<std::string, std::string>> legend = {
      {"done", "done"},     {"partial", "partial"},
      {"missed", "missed"}, {"skipped", "said skipped"},
      {"extra", "extra"},   {"not_scheduled", "not scheduled"}};
  for (std::size_t i = 0; i < legend.size(); ++i) {
    const int x = left + static_cast<int>(i % 3) * 104;
    const int y = ly + static_cast<int>(i / 3) * 20;
    const auto& [fill, stroke] = kStyle.at(legend[i].first);
    svg += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" rx=\"2\" fill=\"{}\" stroke=\"{}\" "
        "stroke-width=\"2\"/><text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>\n",
        x, y, fill, stroke, x + 20, y + 11, legend[i].second);
  }
  svg += fmt::format(
      "<circle cx=\"{}\" cy=\"{}\" r=\"7\" fill=\"#c62828\"/><text x=\"{}\" y=\"{}\" "
      "font-size=\"11\">red flag</text>\n",
      left + 2 * 104 + 7, ly + 47, left + 2 * 104 + 20, ly + 51);
  svg += "</svg>\n";
  return svg;
}

namespace {

std::string today_utc() {
  return store::utc_now().substr(0, 10);
}

std::optional<ReviewPeriod> default_period(const hep::Program& program, const Json& args) {
  auto visit = hep::parse_date(program.visit_date);
  auto next = hep::parse_date(program.next_visit);
  if (!visit || !next) return std::nullopt;
  ReviewPeriod p;
  p.from = args.value("from", hep::format_date(*visit + std::chrono::days{1}));
  std::string to = hep::format_date(*next - std::chrono::days{1});
  if (today_utc() < to) to = today_utc();
  p.to = args.value("to", to);
  return p;
}

server::ToolResult failure(std::string pointer, std::string message, std::string example = "") {
  return server::ToolResult::failure(
      describe_findings({{Severity::kError, std::nullopt, std::move(pointer), std::move(message),
                          std::move(example)}}));
}

server::ToolResult run(const Json& args, store::ProgramStore& store) {
  const std::string program_id = args["program_id"];
  try {
    auto stored = store.load(program_id);
    if (!stored)
      return failure("/program_id", "no program has the id \"" + program_id + "\"",
                     "\"p-abc123def4\"");
    const hep::Program program = stored->program.get<hep::Program>();
    auto period = default_period(program, args);
    for (const char* field : {"from", "to"}) {
      if (args.contains(field) && !hep::parse_date(args[field].get<std::string>())) {
        return failure(std::string("/") + field, "is not a calendar date (YYYY-MM-DD)",
                       "\"2026-11-24\"");
      }
    }
    if (!period || period->to < period->from) {
      return failure("/to",
                     "the period ends before it starts (from " +
                         (period ? period->from : std::string("?")) + ")",
                     "\"2026-11-30\"");
    }
    std::optional<std::vector<int>> ears;
    if (args.contains("ears")) ears = args["ears"].get<std::vector<int>>();
    Json result = review(program, store.checkins(program_id), *period, ears);
    result["program_id"] = program_id;
    result["chart_svg"] = adherence_svg(result);
    result["chart_uri"] = "ptmcp://programs/" + program_id + "/adherence.svg";
    std::string text = result["summary"].get<std::string>() + "\n";
    for (const auto& d : result["diagnosis"]) {
      text += fmt::format("- Element {} ({}): {} Evidence: {} Suggestion: {}\n",
                          d["element"].get<int>(), d["element_name"].get<std::string>(),
                          d["finding"].get<std::string>(), d["evidence"].get<std::string>(),
                          d["suggestion"].get<std::string>());
    }
    text += "Chart: " + result["chart_uri"].get<std::string>() + "\n";
    return server::ToolResult::success(std::move(result), std::move(text));
  } catch (const store::StoreError& e) {
    return failure("", std::string(e.what()) + "; " + e.next_step());
  }
}

}  // namespace

void add_review_adherence(server::Catalog& catalog,
                          const std::shared_ptr<store::ProgramStore>& store) {
  catalog.tools.add(
      {"review_adherence",
       "Review a program's check-ins",
       "Reviews the check-ins of a stored program between two dates (default: from the day after "
       "the visit to the day before the next visit, or today) and treats non-adherence as a "
       "format problem. Returns scheduled vs done sessions (partial counts half), adherence %, "
       "by weekday and by exercise, streaks, missed dates, pain first/last/max and trend, "
       "pain-rule hits, red flags, milestone status, the EARS total when its six answers (0-4) "
       "are given, a diagnosis per element with evidence and a suggested change for the "
       "therapist, a summary under 120 words, and an SVG calendar. A session on an unscheduled "
       "day is extra, never a make-up. Read-only.",
       Json::parse(server::require_asset("schemas/review_adherence.input.json")),
       Json::parse(server::require_asset("schemas/review_adherence.output.json")),
       {.read_only = true, .idempotent = true},
       [store](const Json& arguments, server::ToolContext&) { return run(arguments, *store); }});

  catalog.resources.add_template(
      {"ptmcp://programs/{program_id}/adherence.svg",
       "program-adherence",
       "Adherence calendar",
       "The program's check-ins as a calendar (done, partial, missed, not scheduled, red flags), "
       "for the default period.",
       "image/svg+xml",
       [store](const server::Arguments& vars) -> std::optional<server::ResourceContents> {
         const std::string& id = vars.at("program_id");
         try {
           auto stored = store->load(id);
           if (!stored) return std::nullopt;
           const hep::Program program = stored->program.get<hep::Program>();
           auto period = default_period(program, Json::object());
           if (!period || period->to < period->from)
             period = ReviewPeriod{program.visit_date, program.visit_date};
           return server::ResourceContents{
               "ptmcp://programs/" + id + "/adherence.svg", "image/svg+xml",
               adherence_svg(review(program, store->checkins(id), *period, std::nullopt))};
         } catch (const store::StoreError& e) {
           return server::ResourceContents::unavailable_because(std::string(e.what()) + "; " +
                                                                e.next_step());
         }
       },
       {{"program_id", store::program_id_completer(store)}}});

  catalog.prompts.add(
      {"adherence_review",
       "Review how a patient did between visits",
       "Walk through a program's check-ins with the therapist at the next visit.",
       {{"program_id", "The program's id (from generate_hep)", true,
         store::program_id_completer(store)}},
       [](const server::Arguments& args) {
         return std::vector<server::PromptMessage>{
             {"user", server::render_prompt_text(
                          server::require_asset("prompts/adherence_review.md"), args)}};
       }});
}

}  // namespace ptmcp::tools::checkins
