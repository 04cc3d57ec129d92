#include "tools/programs/find_programs.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "server/assets.h"
#include "tools/hep/dates.h"
#include "tools/library/exercise_library.h"
#include "tools/text/normalize.h"

namespace ptmcp::tools::programs {
namespace {

using Json = nlohmann::json;

constexpr int kDefaultLimit = 20;

// Cursors are "o" and the offset of the next page: opaque to clients, checked when read.
std::string cursor_for(std::size_t offset) {
  return fmt::format("o{}", offset);
}

std::optional<std::size_t> offset_of(const std::string& cursor) {
  if (cursor.size() < 2 || cursor.size() > 10 || cursor[0] != 'o') return std::nullopt;
  if (!std::all_of(cursor.begin() + 1, cursor.end(),
                   [](unsigned char c) { return std::isdigit(c); }))
    return std::nullopt;
  return static_cast<std::size_t>(std::stoul(cursor.substr(1)));
}

bool in_range(const std::string& date, const ProgramQuery& q) {
  if (!q.visit_from && !q.visit_to) return true;
  auto day = hep::parse_date(date);
  if (!day) return false;
  return (!q.visit_from || *day >= *q.visit_from) && (!q.visit_to || *day <= *q.visit_to);
}

bool quiet_for(const store::ProgramSummary& s, int days, std::chrono::sys_days today) {
  // Without a check-in, the quiet time counts from the visit.
  auto last = hep::parse_date(s.last_checkin_day.empty() ? s.visit_date : s.last_checkin_day);
  return last && (today - *last).count() >= days;
}

Json summary_json(const store::ProgramSummary& s) {
  return {{"program_id", s.program_id},
          {"first_name", s.first_name},
          {"condition", s.condition},
          {"latest_version", s.latest_version},
          {"visit_date", s.visit_date},
          {"next_visit", s.next_visit},
          {"last_checkin", s.last_checkin_utc.empty() ? Json(nullptr) : Json(s.last_checkin_utc)}};
}

Finding bad_date(const char* pointer) {
  return {Severity::kError, std::nullopt, pointer, "is not a calendar date (YYYY-MM-DD)",
          "\"2026-11-23\""};
}

server::ToolResult run(const Json& args, store::ProgramStore& store) {
  ProgramQuery q;
  q.first_name = args.value("first_name", "");
  q.condition = args.value("condition", "");
  std::vector<Finding> problems;
  auto date = [&](const char* key, const char* pointer) -> std::optional<std::chrono::sys_days> {
    if (!args.contains(key)) return std::nullopt;
    auto day = hep::parse_date(args[key].get<std::string>());
    if (!day) problems.push_back(bad_date(pointer));
    return day;
  };
  q.visit_from = date("visit_from", "/visit_from");
  q.visit_to = date("visit_to", "/visit_to");
  q.today = date("today", "/today").value_or(hep::today_local());
  q.next_visit_overdue = args.value("next_visit_overdue", false);
  if (args.contains("no_checkin_days")) q.no_checkin_days = args["no_checkin_days"].get<int>();
  q.red_flag_open = args.value("red_flag_open", false);
  const auto limit = static_cast<std::size_t>(args.value("limit", kDefaultLimit));
  std::size_t offset = 0;
  if (args.contains("cursor")) {
    auto o = offset_of(args["cursor"].get<std::string>());
    if (!o) {
      problems.push_back({Severity::kError, std::nullopt, "/cursor",
                          "is not a cursor this tool gave; pass next_cursor from the previous "
                          "page, or leave cursor out for the first page",
                          ""});
    } else {
      offset = *o;
    }
  }
  if (!problems.empty()) return server::ToolResult::failure(describe_findings(problems));

  std::vector<store::ProgramSummary> found;
  try {
    found = matching(store.summaries(), q);
  } catch (const store::StoreError& e) {
    return server::ToolResult::failure(
        describe_findings({{Severity::kError, std::nullopt, "", e.explained(), ""}}));
  }
  Json programs = Json::array();
  std::string text;
  for (std::size_t i = offset; i < found.size() && i < offset + limit; ++i) {
    const auto& s = found[i];
    programs.push_back(summary_json(s));
    text += fmt::format("- {} {}: {} (version {}), visit {}, next visit {}, last check-in {}\n",
                        s.program_id, s.first_name, s.condition.empty() ? "-" : s.condition,
                        s.latest_version, s.visit_date, s.next_visit,
                        s.last_checkin_utc.empty() ? "none" : s.last_checkin_utc);
  }
  Json result = {{"programs", programs}, {"total", found.size()}};
  const bool more = offset + limit < found.size();
  if (more) result["next_cursor"] = cursor_for(offset + limit);
  text = fmt::format("{} of {} matching programs{}.\n", programs.size(), found.size(),
                     more ? " (more with next_cursor)" : "") +
         text;
  return server::ToolResult::success(std::move(result), std::move(text));
}

}  // namespace

std::vector<store::ProgramSummary> matching(const std::vector<store::ProgramSummary>& all,
                                            const ProgramQuery& q) {
  const std::string name = text::fold_name(q.first_name);
  const std::string condition_words = text::fold_name(q.condition);
  const library::Condition* condition =
      q.condition.empty() ? nullptr : library::find_condition(q.condition);
  std::vector<store::ProgramSummary> out;
  for (const auto& s : all) {
    if (!name.empty() && !text::fold_name(s.first_name).starts_with(name)) continue;
    if (!q.condition.empty()) {
      const bool same_condition = condition != nullptr && s.condition_id == condition->id;
      if (!same_condition &&
          text::fold_name(s.condition).find(condition_words) == std::string::npos)
        continue;
    }
    if (!in_range(s.visit_date, q)) continue;
    if (q.next_visit_overdue) {
      auto next = hep::parse_date(s.next_visit);
      if (!next || *next >= q.today) continue;
    }
    if (q.no_checkin_days && !quiet_for(s, *q.no_checkin_days, q.today)) continue;
    if (q.red_flag_open && (s.last_red_flag_day.empty() || s.last_red_flag_day < s.visit_date))
      continue;
    out.push_back(s);
  }
  return out;
}

server::ToolDefinition find_programs_tool(std::shared_ptr<store::ProgramStore> store) {
  return {
      "find_programs",
      "Find stored programs",
      "Finds stored home exercise programs (\"pull up Maria's program\"). Filter by the start of "
      "the patient's first name (case and accents do not matter), condition, visit date range, "
      "and status: next_visit_overdue, no_checkin_days (no check-in in that many days) and "
      "red_flag_open (a check-in raised a red flag on or after the latest visit). Returns only "
      "the program id, first name, condition, latest version, visit dates and last check-in "
      "time, most recently active first, a page at a time (pass next_cursor as cursor). Read "
      "the program with ptmcp://programs/{program_id}; revise it with generate_hep and its "
      "program_id.",
      Json::parse(server::require_asset("schemas/find_programs.input.json")),
      Json::parse(server::require_asset("schemas/find_programs.output.json")),
      {.read_only = true, .idempotent = true},
      [store = std::move(store)](const Json& arguments, server::ToolContext&) {
        return run(arguments, *store);
      }};
}

}  // namespace ptmcp::tools::programs
