#include "tools/hep/generate_hep.h"

#include <fmt/format.h>

#include "server/application.h"
#include "server/assets.h"
#include "tools/findings.h"
#include "tools/hep/checks.h"
#include "tools/hep/render.h"
#include "tools/library/library_resources.h"
#include "tools/store/program_id_completion.h"
#include "tools/text/readability.h"
#include "tools/text/sms.h"

namespace ptmcp::tools::hep {
namespace {

using Json = nlohmann::json;

const std::vector<std::string> kFormats = {"markdown", "sms", "html", "ics"};

std::string uri(const std::string& program_id, const std::string& suffix = "") {
  return "ptmcp://programs/" + program_id + suffix;
}

Json element_summary(const std::vector<Finding>& warnings) {
  Json elements = Json::array();
  for (int n = 1; n <= 6; ++n) {
    Json notes = Json::array();
    for (const auto& w : warnings) {
      if (w.element == n) notes.push_back(w.message);
    }
    elements.push_back({{"number", n},
                        {"name", element_name(n)},
                        {"status", notes.empty() ? "pass" : "warning"},
                        {"notes", notes}});
  }
  return elements;
}

// One setting from the environment (see server::environment): without control
// characters, trimmed, at most `limit` bytes, never cutting a UTF-8 character.
std::string setting(const char* name, std::size_t limit) {
  std::string value;
  for (char c : server::environment(name)) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u != 0x7f) value += c;
  }
  const auto first = value.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  value = value.substr(first, value.find_last_not_of(' ') - first + 1);
  if (value.size() > limit) {
    value.resize(limit);
    while (!value.empty() && (static_cast<unsigned char>(value.back()) & 0xC0) == 0x80)
      value.pop_back();  // a cut multi-byte character
    if (!value.empty() && static_cast<unsigned char>(value.back()) >= 0xC0) value.pop_back();
  }
  return value;
}

server::ToolResult failure(const std::vector<Finding>& findings) {
  return server::ToolResult::failure(describe_findings(findings));
}

server::ToolResult generate(const Json& request, const HepServices& services) {
  Outcome<Program> checked = check_hep(request, services.limits);
  if (!checked.value) return failure(checked.findings);
  Program& program = *checked.value;
  std::vector<Finding> warnings = std::move(checked.findings);

  const std::string prose = page_text(program);
  std::vector<Finding> page = check_page(prose, program, services.limits);
  for (auto& f : page) {
    if (f.severity == Severity::kError) return failure(page);
    warnings.push_back(std::move(f));
  }

  std::optional<std::string> revise;
  if (request.contains("program_id")) revise = request["program_id"].get<std::string>();
  std::optional<store::StoredProgram> stored;
  try {
    stored = services.store->save(revise, Json(program));
    if (!stored) {
      return failure({{Severity::kError, std::nullopt, "/program_id",
                       "no program has the id \"" + *revise +
                           "\"; leave program_id out to start a new program",
                       ""}});
    }
  } catch (const store::StoreError& e) {
    return failure({{Severity::kError, std::nullopt, "",
                     std::string(e.what()) + "; nothing was saved; " + e.next_step(), ""}});
  }

  const Stamp stamp{stored->program_id, stored->version, stored->created_at};
  const SmsRendering sms = render_sms(program);
  std::size_t segments = 0;
  for (const auto& m : sms.messages)
    segments += text::sms_size(m).segments;
  const text::Readability r = text::measure(prose);

  std::vector<std::string> formats =
      request.value("formats", std::vector<std::string>{"markdown", "sms"});
  Json artifacts = Json::object();
  const std::string markdown = render_markdown(program, services.clinic);
  for (const auto& f : formats) {
    if (f == "markdown") artifacts["markdown"] = markdown;
    if (f == "sms") artifacts["sms"] = {{"messages", sms.messages}, {"reminder", sms.reminder}};
    if (f == "html") artifacts["html"] = render_html(program, stamp, services.clinic);
    if (f == "ics") artifacts["ics"] = render_ics(program, stamp, services.clinic);
  }
  Json warning_list = Json::array();
  for (const auto& w : warnings)
    warning_list.push_back(w);

  Json result = {{"program_id", stamp.program_id},
                 {"version", stamp.version},
                 {"created_at", stamp.created_at},
                 {"patient_name", program.patient_name},
                 {"elements", element_summary(warnings)},
                 {"warnings", warning_list},
                 {"quality",
                  {{"grade_level", text::round1(r.grade)},
                   {"reading_ease", text::round1(r.reading_ease)},
                   {"grade_target", program.reading_grade_max},
                   {"words", r.words},
                   {"word_budget", services.limits.page_word_budget},
                   {"exercises", program.exercises.size()},
                   {"sms_messages", sms.messages.size()},
                   {"sms_segments", segments}}},
                 {"program", Json(program)},
                 {"artifacts", artifacts},
                 {"resources",
                  {{"program", uri(stamp.program_id)},
                   {"page", uri(stamp.program_id, "/page.html")},
                   {"calendar", uri(stamp.program_id, "/calendar.ics")}}}};

  std::string text = fmt::format("Saved program {} version {} for {}.", stamp.program_id,
                                 stamp.version, program.patient_name);
  if (!warnings.empty()) text += "\n\n" + std::to_string(warnings.size()) + " warnings:\n";
  for (const auto& w : warnings) {
    text += "- " + (w.element ? "element " + std::to_string(*w.element) + ", " : std::string()) +
            (w.pointer.empty() ? "" : w.pointer + ": ") + w.message + "\n";
  }
  text += "\n" + markdown + "\nPrintable page: " + uri(stamp.program_id, "/page.html") +
          "\nCalendar: " + uri(stamp.program_id, "/calendar.ics") + "\n";
  return server::ToolResult::success(std::move(result), std::move(text));
}

std::optional<server::ResourceContents> read_program(const HepServices& services,
                                                     const std::string& program_id,
                                                     const std::string& what) {
  std::optional<store::StoredProgram> stored;
  try {
    stored = services.store->load(program_id);
  } catch (const store::StoreError& e) {
    return server::ResourceContents::unavailable_because(std::string(e.what()) + "; " +
                                                         e.next_step());
  }
  if (!stored) return std::nullopt;
  Program program = stored->program.get<Program>();
  const Stamp stamp{stored->program_id, stored->version, stored->created_at};
  if (what == "page")
    return server::ResourceContents{uri(program_id, "/page.html"), "text/html",
                                    render_html(program, stamp, services.clinic)};
  if (what == "calendar")
    return server::ResourceContents{uri(program_id, "/calendar.ics"), "text/calendar",
                                    render_ics(program, stamp, services.clinic)};
  const SmsRendering sms = render_sms(program);
  Json body = {{"program_id", stamp.program_id},
               {"version", stamp.version},
               {"created_at", stamp.created_at},
               {"program", stored->program},
               {"markdown", render_markdown(program, services.clinic)},
               {"sms", {{"messages", sms.messages}, {"reminder", sms.reminder}}}};
  return server::ResourceContents{uri(program_id), "application/json", body.dump(2)};
}

}  // namespace

void add_generate_hep(server::Catalog& catalog, const HepServices& services) {
  catalog.tools.add(
      {"generate_hep",
       "Build a home exercise program",
       "Builds, checks, stores and renders a home exercise program with the six elements that get "
       "programs done. Give the therapist's choices (exercises with doses, days, a daily routine "
       "to anchor to, the clinic's contact and logging channel, one milestone) and your plain "
       "draft text: 1-2 sentence descriptions tied to what the patient did today, plain names. "
       "With a library_id and no text, the library's wording is used. Errors come back as "
       "isError findings naming the element, the field (JSON Pointer), what is wrong and an "
       "example that passes: fix them and call again. Returns program_id and version, warnings, "
       "quality figures, and the Markdown note and text messages (formats adds html and ics); "
       "the page and calendar are also resources. With program_id, saves a new version of that "
       "program. Never choose exercises or doses yourself: ask the therapist.",
       Json::parse(server::require_asset("schemas/generate_hep.input.json")),
       Json::parse(server::require_asset("schemas/generate_hep.output.json")),
       {.read_only = false, .destructive = false, .idempotent = false},
       [services](const Json& arguments, server::ToolContext&) {
         return generate(arguments, services);
       }});

  const server::Completer complete_ids = store::program_id_completer(services.store);
  struct View {
    const char* suffix;
    const char* what;
    const char* name;
    const char* title;
    const char* mime;
  };
  for (const View& v :
       {View{"", "program", "program", "Home exercise program", "application/json"},
        View{"/page.html", "page", "program-page", "Printable page", "text/html"},
        View{"/calendar.ics", "calendar", "program-calendar", "Calendar", "text/calendar"}}) {
    const std::string what = v.what;
    catalog.resources.add_template(
        {std::string("ptmcp://programs/{program_id}") + v.suffix,
         v.name,
         v.title,
         std::string("The latest version of a stored program: ") + v.title + ".",
         v.mime,
         [services, what](const server::Arguments& vars) {
           return read_program(services, vars.at("program_id"), what);
         },
         {{"program_id", complete_ids}}});
  }

  catalog.prompts.add(
      {"hep_end_of_visit",
       "Home exercise program at the end of a visit",
       "Build the patient's home exercise program with the therapist, with the patient in the "
       "room.",
       {{"patient_name", "The patient's first name", true, {}},
        {"condition", "The condition being treated, e.g. knee replacement", false,
         [](std::string_view typed, const server::Arguments&) {
           return library::complete_condition(typed);
         }}},
       [](const server::Arguments& args) {
         return std::vector<server::PromptMessage>{
             {"user", server::render_prompt_text(
                          server::require_asset("prompts/hep_end_of_visit.md"), args)}};
       }});
}

Clinic clinic_from_environment() {
  return {setting("PTMCP_CLINIC_NAME", 100), setting("PTMCP_CLINIC_CONTACT", 200)};
}

}  // namespace ptmcp::tools::hep
