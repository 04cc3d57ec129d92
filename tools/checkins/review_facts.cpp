// Step 1 of the review: the figures of a period's check-ins, each day against the program
// version in force that day, the period clipped to the program's first visit date.
#include <algorithm>
#include <map>
#include <set>

#include "tools/checkins/adherence_review.h"
#include "tools/checkins/checkin_parser.h"
#include "tools/checkins/checkin_record.h"
#include "tools/hep/dates.h"
#include "tools/text/readability.h"

namespace ptmcp::tools::checkins {
namespace {

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

struct Entry {
  const store::StoredCheckin* stored;
  CheckinRecord record;
};

struct DayWork {
  sys_days date;
  std::size_t version = 0;  // index into the versions
  bool scheduled = false;
  std::string status;  // the best session status that day, empty when none
  std::vector<const Entry*> entries;
  // A program done more than once a day: the share of the day's sessions done (a day with
  // the morning ones done of two is half a day, a partial day); below zero for one session.
  double shared = -1;
  bool kept() const { return shared >= 0 ? shared > 0 : status == "done" || status == "partial"; }
  double credit() const {
    if (shared >= 0) return shared;
    return status == "done" ? 1.0 : status == "partial" ? 0.5 : 0.0;
  }
  std::string kind() const {
    const std::string kept_as = shared >= 0 ? (shared >= 1 ? "done" : "partial") : status;
    if (scheduled) return kept() ? kept_as : (status == "skipped" ? "skipped" : "missed");
    return kept() ? "extra" : "not_scheduled";
  }
};

// The share of a day's `sessions` the check-ins say were done: a session a check-in names
// counts its best status (done 1, partial a half), and a check-in that names none counts as
// one session more; never above the whole day.
double sessions_share(const std::vector<const Entry*>& entries, std::size_t sessions) {
  std::vector<double> named(sessions, 0.0);
  double unnamed = 0;
  for (const auto* e : entries) {
    const std::string& s = e->record.session;
    const double credit = s == "done" ? 1.0 : s == "partial" ? 0.5 : 0.0;
    if (e->record.sessions.empty()) {
      unnamed += credit;
      continue;
    }
    for (int i : e->record.sessions) {
      if (i >= 0 && static_cast<std::size_t>(i) < sessions)
        named[static_cast<std::size_t>(i)] = std::max(named[static_cast<std::size_t>(i)], credit);
    }
  }
  double total = unnamed;
  for (double n : named)
    total += n;
  return std::min(1.0, total / static_cast<double>(sessions));
}

// The share of an exercise a day gets credit for: all of it on a day done, on a partial day
// what the check-ins say of it (half when they say nothing).
double exercise_credit(const DayWork& day, const std::string& name) {
  if (day.status == "done") return 1.0;
  if (day.status != "partial") return 0.0;
  for (const auto* e : day.entries) {
    const auto& done = e->record.exercises_done;
    const auto& skipped = e->record.exercises_skipped;
    if (std::find(skipped.begin(), skipped.end(), name) != skipped.end()) return 0.0;
    if (std::find(done.begin(), done.end(), name) != done.end()) return 1.0;
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

Milestone milestone_of(const hep::Program& program, const std::vector<const Entry*>& entries) {
  Milestone m;
  m.text = program.milestone;
  const auto goal_words = content_words(program.milestone);
  static const std::vector<std::string> kReached = {"made it",     "reached",  "met my goal",
                                                    "hit my goal", "did it",   "goal",
                                                    "milestone",   "lo logre", "logré"};
  for (const auto* e : entries) {
    std::string lowered = e->stored->message;
    std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    std::size_t shared = 0;
    for (const auto& w : content_words(e->stored->message))
      shared += goal_words.contains(w) ? 1 : 0;
    const bool speaks_of_goal = lowered.find("goal") != std::string::npos ||
                                lowered.find("milestone") != std::string::npos ||
                                (!goal_words.empty() && shared * 2 >= goal_words.size());
    const bool reached = std::any_of(kReached.begin(), kReached.end(), [&](const std::string& k) {
      return lowered.find(k) != std::string::npos;
    });
    if (speaks_of_goal && reached) {
      m.status = "reported met";
      m.date = e->stored->local_date;
      break;
    }
  }
  return m;
}

EarsScore ears_of(const std::vector<int>& answers) {
  EarsScore s;
  s.answers = answers;
  for (std::size_t i = 0; i < answers.size(); ++i)
    s.total += (i == 1 || i == 2 || i == 4) ? 4 - answers[i] : answers[i];  // 2, 3, 5 reversed
  s.note = "Higher is more adherent; a change of about 5.5 matters. There is no validated cut-off.";
  return s;
}

// The day each version took effect: its visit date, never before the version it replaced
// (a revision on the visit day replaces the earlier version from that day).
std::vector<sys_days> version_starts(const std::vector<ProgramVersion>& versions) {
  std::vector<sys_days> starts;
  for (const auto& v : versions) {
    auto start = hep::parse_date(v.program.visit_date);
    if (!start) start = hep::parse_date(v.created_at.substr(0, 10));
    sys_days s = start.value_or(sys_days{});
    if (!starts.empty()) s = std::max(s, starts.back());
    starts.push_back(s);
  }
  return starts;
}

}  // namespace

Review review_facts(const std::vector<ProgramVersion>& versions,
                    const std::vector<store::StoredCheckin>& checkins, const ReviewPeriod& period,
                    const std::optional<std::vector<int>>& ears, bool opted_out) {
  Review r;
  r.requested = period;
  r.patient_name = versions.back().program.patient_name;
  const auto starts = version_starts(versions);
  const sys_days from = std::max(*hep::parse_date(period.from), starts.front());
  const sys_days to = *hep::parse_date(period.to);
  r.period = {hep::format_date(from), period.to};

  std::vector<DayWork> days;
  for (sys_days d = from; d <= to; d += std::chrono::days{1}) {
    DayWork day;
    day.date = d;
    while (day.version + 1 < starts.size() && starts[day.version + 1] <= d)
      ++day.version;
    const auto& schedule = versions[day.version].program.days;
    day.scheduled =
        std::find(schedule.begin(), schedule.end(), hep::weekday_code(d)) != schedule.end();
    days.push_back(day);
  }

  std::vector<Entry> entries;
  entries.reserve(checkins.size());
  for (const auto& c : checkins) {
    auto date = hep::parse_date(c.local_date);
    if (!date || *date < from || *date > to) continue;
    entries.push_back({&c, c.parsed.get<CheckinRecord>()});
  }
  std::vector<const Entry*> in_period;
  for (const auto& e : entries) {
    in_period.push_back(&e);
    DayWork& day =
        days[static_cast<std::size_t>((*hep::parse_date(e.stored->local_date) - from).count())];
    day.entries.push_back(&e);
    const std::string& session = e.record.session;
    if (day.status.empty() || status_rank(session) > status_rank(day.status)) day.status = session;
  }
  r.checkins = static_cast<int>(in_period.size());
  for (auto& day : days) {
    const std::size_t sessions = versions[day.version].program.sessions.size();
    if (sessions > 1) day.shared = sessions_share(day.entries, sessions);
  }

  // Sessions: scheduled against done, by weekday, by version, streaks.
  double scheduled = 0;
  double done = 0;
  std::map<std::string, std::pair<double, double>> by_weekday;  // code -> scheduled, done
  std::map<std::size_t, std::pair<double, double>> by_version;
  int run = 0;
  for (const auto& day : days) {
    if (!day.scheduled) {
      if (day.kept()) ++r.extra_sessions;  // a session on an unscheduled day is not a make-up
      continue;
    }
    scheduled += 1;
    done += day.credit();
    auto& w = by_weekday[hep::weekday_code(day.date)];
    w.first += 1;
    w.second += day.credit();
    auto& v = by_version[day.version];
    v.first += 1;
    v.second += day.credit();
    if (day.entries.empty()) {
      ++r.days_without_checkin;
      r.no_word.push_back(hep::format_date(day.date));
    }
    if (!day.kept()) r.missed_dates.push_back(hep::format_date(day.date));
    if (day.status == "skipped") {
      SkipReport skip{hep::format_date(day.date), ""};
      for (const auto* e : day.entries) {
        if (!e->record.skip_reason.empty()) {
          skip.reason = e->record.skip_reason;
          break;
        }
      }
      r.said_skipped.push_back(skip);
    }
    run = day.kept() ? run + 1 : 0;
    r.streaks.longest = std::max(r.streaks.longest, run);
  }
  r.streaks.current = run;
  r.scheduled_sessions = static_cast<int>(scheduled);
  r.sessions_done = done;
  r.adherence_percent = pct(done, scheduled);
  for (const auto& code : hep::week_order()) {
    if (!by_weekday.contains(code)) continue;
    const auto [s, d] = by_weekday[code];
    r.by_weekday.push_back({hep::weekday_name(code), s, d, pct(d, s)});
  }

  for (std::size_t i = 0; i < versions.size(); ++i) {
    const sys_days v_from = std::max(starts[i], from);
    const sys_days v_to =
        i + 1 < versions.size() ? std::min(to, starts[i + 1] - std::chrono::days{1}) : to;
    if (v_to < v_from) continue;
    const auto [s, d] = by_version[i];
    r.versions.push_back({versions[i].version, versions[i].created_at,
                          versions[i].program.visit_date, hep::format_date(v_from),
                          hep::format_date(v_to), static_cast<int>(s), d, pct(d, s)});
  }

  // By exercise: each exercise against the days its version scheduled it.
  std::vector<std::string> order;
  std::map<std::string, std::pair<double, double>> by_exercise;  // name -> scheduled, credited
  for (const auto& day : days) {
    if (!day.scheduled) continue;
    for (const auto& e : versions[day.version].program.exercises) {
      if (!by_exercise.contains(e.name)) order.push_back(e.name);
      auto& x = by_exercise[e.name];
      x.first += 1;
      x.second += exercise_credit(day, e.name);
    }
  }
  for (const auto& name : order) {
    const auto [s, c] = by_exercise[name];
    r.by_exercise.push_back({name, c, s, pct(c, s)});
  }

  // Pain, rule hits, and what a person had to see.
  std::vector<std::pair<std::string, AttentionItem>> attention;  // keyed for ordering
  for (const auto* e : in_period) {
    const auto& c = *e->stored;
    const auto& rec = e->record;
    if (rec.pain) {
      if (!r.pain) r.pain = PainSummary{};
      r.pain->reports.push_back({c.local_date, *rec.pain});
    }
    if (rec.pain_rule_hit) r.pain_rule_hits.push_back(c.local_date);
    const std::string key = c.local_date + c.received_utc;
    for (const auto& f : rec.flags) {
      r.red_flags.push_back({c.local_date, f.tier, f.label, f.matched});
      attention.push_back(
          {key, {c.local_date, c.received_at, "red_flag", f.tier, f.label, f.matched, c.message}});
    }
    if (rec.needs_review) {
      ++r.needs_review;
      attention.push_back(
          {key,
           {c.local_date, c.received_at, "needs_review", "", rec.review_reason, "", c.message}});
    }
    if (rec.opt_out) {
      ++r.opt_out.stops_in_period;
      r.opt_out.since = c.local_date;
      attention.push_back(
          {key,
           {c.local_date, c.received_at, "opt_out", "", "asked for no more texts", "", c.message}});
    }
  }
  std::stable_sort(attention.begin(), attention.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [key, item] : attention)
    r.attention.push_back(std::move(item));
  r.opt_out.opted_out = opted_out;

  if (r.pain) {
    auto& p = *r.pain;
    p.first = p.reports.front().pain;
    p.last = p.reports.back().pain;
    p.max = -1;
    for (const auto& report : p.reports) {
      if (report.pain > p.max) {
        p.max = report.pain;
        p.max_date = report.date;
      }
    }
    p.trend = p.last - p.first >= 2 ? "rising" : p.first - p.last >= 2 ? "falling" : "steady";
  }

  const hep::Program& current =
      days.empty() ? versions.back().program : versions[days.back().version].program;
  r.milestone = milestone_of(current, in_period);
  if (ears) r.ears = ears_of(*ears);

  for (const auto& day : days) {
    ReviewDay out;
    out.date = hep::format_date(day.date);
    out.weekday = hep::weekday_code(day.date);
    out.kind = day.kind();
    out.checkins = static_cast<int>(day.entries.size());
    out.version = versions[day.version].version;
    for (const auto* e : day.entries) {
      if (tier_rank(e->record.tier) > tier_rank(out.flag_tier)) out.flag_tier = e->record.tier;
      out.needs_review = out.needs_review || e->record.needs_review;
      out.opt_out = out.opt_out || e->record.opt_out;
    }
    r.days.push_back(out);
  }
  return r;
}

}  // namespace ptmcp::tools::checkins
