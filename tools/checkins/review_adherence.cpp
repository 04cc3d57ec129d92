#include "tools/checkins/review_adherence.h"

#include <fmt/format.h>

#include "server/assets.h"
#include "tools/apps/apps.h"
#include "tools/findings.h"
#include "tools/hep/dates.h"
#include "tools/store/program_id_completion.h"

namespace ptmcp::tools::checkins {

std::optional<ReviewPeriod> default_period(const std::vector<hep::Program>& versions,
                                           const std::optional<std::string>& from,
                                           const std::optional<std::string>& to,
                                           const std::string& today) {
  if ((from && !hep::parse_date(*from)) || (to && !hep::parse_date(*to))) return std::nullopt;
  if (from && to) {
    if (*to < *from) return std::nullopt;
    return ReviewPeriod{*from, *to};
  }
  if (versions.empty()) return std::nullopt;
  // The version in force today: the latest whose visit is not after today (a revision
  // entered ahead of its visit is not in force yet), else the first.
  const hep::Program* base = &versions.front();
  for (const auto& v : versions) {
    if (v.visit_date <= today) base = &v;
  }
  const auto visit = hep::parse_date(base->visit_date);
  const auto next = hep::parse_date(base->next_visit);
  if (!visit) return std::nullopt;  // generate_hep always stores one
  std::string first = hep::format_date(*visit + std::chrono::days{1});
  std::string last = next ? hep::format_date(*next - std::chrono::days{1}) : today;
  if (today < last) last = today;
  if (last < first) first = last = base->visit_date;  // nothing can have happened yet
  if (from) return ReviewPeriod{*from, std::max(*from, last)};
  if (to) return ReviewPeriod{std::min(*to, first), *to};
  return ReviewPeriod{first, last};
}

namespace {

using Json = nlohmann::json;

std::string today_utc() {
  return store::utc_now().substr(0, 10);
}

std::optional<std::string> text_arg(const Json& args, const char* key) {
  if (!args.contains(key) || !args[key].is_string()) return std::nullopt;
  return args[key].get<std::string>();
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
    std::vector<hep::Program> versions;
    for (int v = 1; v < stored->version; ++v) {
      if (auto earlier = store.load(program_id, v))
        versions.push_back(earlier->program.get<hep::Program>());
    }
    versions.push_back(stored->program.get<hep::Program>());
    const auto from = text_arg(args, "from");
    const auto to = text_arg(args, "to");
    for (const auto& [field, value] : {std::pair{"from", from}, std::pair{"to", to}}) {
      if (value && !hep::parse_date(*value)) {
        return failure(std::string("/") + field, "is not a calendar date (YYYY-MM-DD)",
                       "\"2026-11-24\"");
      }
    }
    auto period = default_period(versions, from, to, today_utc());
    if (!period) {
      return failure("/to", "the period ends before it starts (from " + from.value_or("?") + ")",
                     "\"2026-11-30\"");
    }
    std::optional<std::vector<int>> ears;
    if (args.contains("ears")) ears = args["ears"].get<std::vector<int>>();
    auto reviewed = review_program(store, program_id, *period, ears);
    if (!reviewed) return failure("/program_id", "no program has the id \"" + program_id + "\"");
    Json result = *reviewed;
    result["chart_svg"] = adherence_svg(*reviewed);
    result["chart_uri"] = "ptmcp://programs/" + program_id + "/adherence.svg";
    std::string text = reviewed->summary + "\n";
    for (const auto& a : reviewed->attention) {
      text += fmt::format("- {} {}: {}{} (\"{}\")\n", a.date,
                          a.kind == "red_flag"       ? "RED FLAG " + a.tier
                          : a.kind == "needs_review" ? std::string("NEEDS A PERSON")
                                                     : std::string("STOP"),
                          a.label, a.matched.empty() ? "" : ", \"" + a.matched + "\"", a.message);
    }
    for (const auto& s : reviewed->said_skipped)
      text += "- " + s.date + " said skipped" + (s.reason.empty() ? "" : ": " + s.reason) + "\n";
    for (const auto& d : reviewed->diagnosis) {
      text += fmt::format("- Element {} ({}): {} Evidence: {} Suggestion: {}\n", d.element,
                          d.element_name, d.finding, d.evidence, d.suggestion);
    }
    text += "Chart: " + result["chart_uri"].get<std::string>() + "\n";
    return server::ToolResult::success(std::move(result), std::move(text));
  } catch (const store::StoreError& e) {
    return failure("", e.explained());
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
       "by weekday and by exercise, streaks, missed dates (said skipped, with the reason, apart "
       "from no word), pain first/last/max and trend, pain-rule hits, red flags and messages a "
       "person had to read in date order, STOP shown first, milestone status, the EARS total when "
       "its six answers (0-4) "
       "are given, a diagnosis per element with evidence and a suggested change for the "
       "therapist, a summary under 120 words, and an SVG calendar. The period starts no earlier "
       "than the program; each version's days count against its own schedule. A session on an "
       "unscheduled day is extra, never a make-up. Read-only.",
       Json::parse(server::require_asset("schemas/review_adherence.input.json")),
       Json::parse(server::require_asset("schemas/review_adherence.output.json")),
       {.read_only = true, .idempotent = true},
       [store](const Json& arguments, server::ToolContext&) { return run(arguments, *store); },
       apps::kAdherenceApp});

  catalog.resources.add_template(
      {"ptmcp://programs/{program_id}/adherence.svg",
       "program-adherence",
       "Adherence calendar",
       "The program's check-ins as a calendar (done, partial, missed, not scheduled, red flags "
       "by tier, messages a person must read, STOP), "
       "for the default period.",
       "image/svg+xml",
       [store](const server::Arguments& vars) -> std::optional<server::ResourceContents> {
         const std::string& id = vars.at("program_id");
         try {
           auto stored = store->load(id);
           if (!stored) return std::nullopt;
           std::vector<hep::Program> versions;
           for (int v = 1; v < stored->version; ++v) {
             if (auto earlier = store->load(id, v))
               versions.push_back(earlier->program.get<hep::Program>());
           }
           versions.push_back(stored->program.get<hep::Program>());
           auto period = default_period(versions, std::nullopt, std::nullopt, today_utc());
           if (!period)
             period = ReviewPeriod{versions.back().visit_date, versions.back().visit_date};
           auto reviewed = review_program(*store, id, *period);
           if (!reviewed) return std::nullopt;
           return server::ResourceContents{"ptmcp://programs/" + id + "/adherence.svg",
                                           "image/svg+xml", adherence_svg(*reviewed)};
         } catch (const store::StoreError& e) {
           return server::ResourceContents::unavailable_because(e.explained());
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
