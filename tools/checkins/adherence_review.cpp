#include "tools/checkins/adherence_review.h"

#include "tools/hep/dates.h"

namespace ptmcp::tools::checkins {
namespace {

using Json = nlohmann::json;

Json optional_text(const std::string& s) {
  return s.empty() ? Json(nullptr) : Json(s);
}

}  // namespace

void to_json(Json& j, const Review& r) {
  Json versions = Json::array();
  for (const auto& v : r.versions) {
    versions.push_back({{"version", v.version},
                        {"created_at", v.created_at},
                        {"visit_date", v.visit_date},
                        {"from", v.from},
                        {"to", v.to},
                        {"scheduled_sessions", v.scheduled_sessions},
                        {"sessions_done", v.sessions_done},
                        {"adherence_percent", v.adherence_percent}});
  }
  Json weekdays = Json::array();
  for (const auto& w : r.by_weekday)
    weekdays.push_back(
        {{"day", w.day}, {"scheduled", w.scheduled}, {"done", w.done}, {"percent", w.percent}});
  Json exercises = Json::array();
  for (const auto& e : r.by_exercise)
    exercises.push_back(
        {{"name", e.name}, {"done", e.done}, {"scheduled", e.scheduled}, {"percent", e.percent}});
  Json pain = nullptr;
  if (r.pain) {
    Json reports = Json::array();
    for (const auto& p : r.pain->reports)
      reports.push_back({{"date", p.date}, {"pain", p.pain}});
    pain = {{"first", r.pain->first},       {"last", r.pain->last},   {"max", r.pain->max},
            {"max_date", r.pain->max_date}, {"trend", r.pain->trend}, {"reports", reports}};
  }
  Json flags = Json::array();
  for (const auto& f : r.red_flags)
    flags.push_back(
        {{"date", f.date}, {"tier", f.tier}, {"label", f.label}, {"matched", f.matched}});
  Json attention = Json::array();
  for (const auto& a : r.attention) {
    attention.push_back({{"date", a.date},
                         {"received_at", a.received_at},
                         {"kind", a.kind},
                         {"tier", optional_text(a.tier)},
                         {"label", a.label},
                         {"matched", optional_text(a.matched)},
                         {"message", a.message}});
  }
  Json skipped = Json::array();
  for (const auto& s : r.said_skipped)
    skipped.push_back({{"date", s.date}, {"reason", optional_text(s.reason)}});
  Json milestone = {{"text", r.milestone.text}, {"status", r.milestone.status}};
  if (!r.milestone.date.empty()) milestone["date"] = r.milestone.date;
  Json ears = nullptr;
  if (r.ears) {
    ears = {{"total", r.ears->total},
            {"max", r.ears->max},
            {"answers", r.ears->answers},
            {"note", r.ears->note}};
  }
  Json diagnosis = Json::array();
  for (const auto& d : r.diagnosis) {
    diagnosis.push_back({{"element", d.element},
                         {"element_name", d.element_name},
                         {"finding", d.finding},
                         {"evidence", d.evidence},
                         {"suggestion", d.suggestion}});
  }
  Json days = Json::array();
  for (const auto& d : r.days) {
    days.push_back({{"date", d.date},
                    {"weekday", d.weekday},
                    {"kind", d.kind},
                    {"checkins", d.checkins},
                    {"version", d.version},
                    {"red_flag", d.red_flag()},
                    {"flag_tier", optional_text(d.flag_tier)},
                    {"needs_review", d.needs_review},
                    {"opt_out", d.opt_out}});
  }
  j = {{"program_id", r.program_id},
       {"patient_name", r.patient_name},
       {"period", {{"from", r.period.from}, {"to", r.period.to}}},
       {"requested_period", {{"from", r.requested.from}, {"to", r.requested.to}}},
       {"versions", versions},
       {"opt_out",
        {{"opted_out", r.opt_out.opted_out},
         {"since", optional_text(r.opt_out.since)},
         {"stops_in_period", r.opt_out.stops_in_period}}},
       {"scheduled_sessions", r.scheduled_sessions},
       {"sessions_done", r.sessions_done},
       {"adherence_percent", r.adherence_percent},
       {"by_weekday", weekdays},
       {"by_exercise", exercises},
       {"streaks", {{"current", r.streaks.current}, {"longest", r.streaks.longest}}},
       {"missed_dates", r.missed_dates},
       {"said_skipped", skipped},
       {"no_word", r.no_word},
       {"extra_sessions", r.extra_sessions},
       {"days_without_checkin", r.days_without_checkin},
       {"checkins", r.checkins},
       {"pain", pain},
       {"pain_rule_hits", r.pain_rule_hits},
       {"red_flags", flags},
       {"attention", attention},
       {"needs_review", r.needs_review},
       {"milestone", milestone},
       {"ears", ears},
       {"diagnosis", diagnosis},
       {"summary", r.summary},
       {"days", days}};
}

Review review(const std::vector<ProgramVersion>& versions,
              const std::vector<store::StoredCheckin>& checkins, const ReviewPeriod& period,
              const std::optional<std::vector<int>>& ears, bool opted_out) {
  Review r = review_facts(versions, checkins, period, ears, opted_out);
  // The version in force on the period's last day sets the trigger the diagnosis names.
  const int current = r.days.empty() ? versions.back().version : r.days.back().version;
  const hep::Program* program = &versions.back().program;
  for (const auto& v : versions) {
    if (v.version == current) program = &v.program;
  }
  r.diagnosis = diagnose(r, *program);
  r.summary = summarize(r);
  return r;
}

std::optional<Review> review_program(store::ProgramStore& store, const std::string& program_id,
                                     const ReviewPeriod& period,
                                     const std::optional<std::vector<int>>& ears) {
  auto latest = store.load(program_id);
  if (!latest) return std::nullopt;
  std::vector<ProgramVersion> versions;
  for (int v = 1; v < latest->version; ++v) {
    if (auto stored = store.load(program_id, v))
      versions.push_back({v, stored->created_at, stored->program.get<hep::Program>()});
  }
  versions.push_back({latest->version, latest->created_at, latest->program.get<hep::Program>()});
  Review r =
      review(versions, store.checkins(program_id), period, ears, store.opted_out(program_id));
  r.program_id = program_id;
  return r;
}

}  // namespace ptmcp::tools::checkins
