#include "tools/hep/generate_hep.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "server/application.h"
#include "server/assets.h"
#include "tools/apps/apps.h"
#include "tools/findings.h"
#include "tools/hep/changes.h"
#include "tools/hep/checks.h"
#include "tools/hep/dates.h"
#include "tools/hep/render.h"
#include "tools/library/library_resources.h"
#include "tools/store/program_id_completion.h"
#include "tools/text/messages.h"
#include "tools/text/normalize.h"
#include "tools/text/readability.h"
#include "tools/text/sms.h"
#include "tools/text/wording.h"

namespace ptmcp::tools::hep {
namespace {

// The program id a preview of a new program's page and calendar carry: it has none yet.
constexpr std::string_view kPreviewId = "preview";

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

// Each message's encoding and size, as the figures report them.
// What the text messages change, one warning each while they are few. A text in a language
// written with accents changes many words ("días" as "dias"); those come as one warning
// with a few examples, and a change to a name always comes on its own.
std::vector<std::string> sms_changes_to_report(const std::vector<std::string>& changes,
                                               const Program& program) {
  constexpr std::size_t kEach = 3;
  if (changes.size() <= kEach) return changes;
  std::vector<std::string> out;
  std::vector<std::string> words;
  // The word a change is about: "\"José\" is sent as \"Jose\"" is about "José".
  const auto names = [&program](const std::string& change) {
    const auto end = change.find('"', 1);
    if (change.empty() || change[0] != '"' || end == std::string::npos || end == 1) return false;
    const std::string word = change.substr(1, end - 1);
    return program.patient_name.find(word) != std::string::npos ||
           program.caregiver.find(word) != std::string::npos;
  };
  for (const auto& c : changes) {
    if (names(c) || c.find(" is sent as ") == std::string::npos) {
      out.push_back(c);
    } else {
      words.push_back(c);
    }
  }
  if (words.empty()) return out;
  std::string examples;
  for (std::size_t i = 0; i < words.size() && i < kEach; ++i) {
    std::string example = words[i];
    example.replace(example.find(" is sent as "), 12, " as ");
    examples += (examples.empty() ? "" : ", ") + example;
  }
  out.push_back(fmt::format("{} words are sent without their accents or special letters ({}{})",
                            words.size(), examples, words.size() > kEach ? ", and more" : ""));
  return out;
}

Json sms_figures(const SmsRendering& sms, text::SmsEncoding setting) {
  auto figure = [](const std::string& m) {
    const text::SmsSize size = text::sms_size(m);
    return Json{{"encoding", size.gsm7 ? "gsm7" : "ucs2"},
                {"units", size.units},
                {"segments", size.segments}};
  };
  Json messages = Json::array();
  for (const auto& m : sms.messages)
    messages.push_back(figure(m));
  return {{"setting", setting == text::SmsEncoding::kUnicode ? "unicode" : "transliterate"},
          {"messages", messages},
          {"reminder", figure(sms.reminder)}};
}

Json sms_json(const SmsRendering& sms, text::SmsEncoding setting) {
  return {{"messages", sms.messages},
          {"reminder", sms.reminder},
          {"reminders", sms.reminders},
          {"figures", sms_figures(sms, setting)}};
}

// The text messages as a plain-text file: each with its encoding and segment count.
std::string sms_text(const SmsRendering& sms) {
  std::string out;
  auto add = [&out](const std::string& heading, const std::string& m) {
    const text::SmsSize size = text::sms_size(m);
    out += fmt::format("{} ({}, {} {}, {} {})\n{}\n\n", heading, size.gsm7 ? "GSM-7" : "UCS-2",
                       size.units, size.gsm7 ? "characters" : "UTF-16 units", size.segments,
                       size.segments == 1 ? "segment" : "segments", m);
  };
  for (std::size_t i = 0; i < sms.messages.size(); ++i)
    add(fmt::format("Message {} of {}", i + 1, sms.messages.size()), sms.messages[i]);
  if (sms.reminders.size() <= 1) {
    add("Daily reminder", sms.reminder);
  } else {
    for (std::size_t i = 0; i < sms.reminders.size(); ++i)
      add(fmt::format("Daily reminder {} of {}", i + 1, sms.reminders.size()), sms.reminders[i]);
  }
  return out;
}

std::string version_uri(const std::string& program_id, int version,
                        const std::string& suffix = "") {
  return uri(program_id, "/versions/" + std::to_string(version) + suffix);
}

Json resource_uris(const std::string& program_id, int version) {
  return {{"program", uri(program_id)},
          {"page", uri(program_id, "/page.html")},
          {"sms", uri(program_id, "/sms.txt")},
          {"calendar", uri(program_id, "/calendar.ics")},
          {"version", version_uri(program_id, version)},
          {"version_page", version_uri(program_id, version, "/page.html")}};
}

Finding store_failure(const store::StoreError& e) {
  return {Severity::kError, std::nullopt, "",
          std::string(e.what()) + "; nothing was saved; " + e.next_step(), ""};
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
  for (auto& f : check_dates_against_today(program, today_local()))
    warnings.push_back(std::move(f));

  std::optional<std::string> revise;
  if (request.contains("program_id")) revise = request["program_id"].get<std::string>();
  const std::string renamed_from =
      text::trim(request.at("patient").value("renamed_from", std::string()));
  if (!revise && !renamed_from.empty()) {
    return failure({{Severity::kError, std::nullopt, "/patient/renamed_from",
                     "is only for a revision: give the program_id of the program whose patient "
                     "was renamed, or leave renamed_from out for a new program",
                     ""}});
  }

  // A revision is for the patient the program is for; its changes are worked out against
  // the version it revises (the latest when it was read: a revision saved in between by
  // another client makes this one's number higher, and the text names the version compared).
  Json changes = Json::array({kFirstVersionChanges});
  int compared_with = 0;
  // save: false checks and renders without touching the store: a preview, as an app shows
  // while the therapist edits. It is numbered as the version a save would make now.
  const bool save = request.value("save", true);
  std::optional<store::StoredProgram> stored;
  const auto unknown_program = [&revise] {
    return failure(
        {{Severity::kError, std::nullopt, "/program_id",
          "no program has the id \"" + *revise + "\"; leave program_id out to start a new program",
          ""}});
  };
  try {
    if (revise) {
      std::optional<store::StoredProgram> previous = services.store->load(*revise);
      if (!previous) return unknown_program();
      compared_with = previous->version;
      const Program before = previous->program.get<Program>();
      std::vector<Finding> identity = check_same_patient(*revise, before, program, renamed_from);
      if (!identity.empty()) return failure(identity);
      changes = describe_changes(
          before, previous->version, program,
          text::fold_name(renamed_from) == text::fold_name(program.patient_name) ? ""
                                                                                 : renamed_from);
    }
    if (save) {
      stored = services.store->save(revise, Json(program), changes);
      if (!stored) return unknown_program();
    } else {
      stored = store::StoredProgram{revise.value_or(std::string(kPreviewId)), compared_with + 1,
                                    store::utc_now(), Json(program), changes};
    }
  } catch (const store::StoreError& e) {
    return failure({store_failure(e)});
  }

  const Stamp stamp{stored->program_id, stored->version, stored->created_at};
  const SmsRendering sms = render_sms(program, services.limits.sms_encoding);
  const std::string setting = services.limits.sms_encoding == text::SmsEncoding::kTransliterate
                                  ? " (the clinic's sms_encoding setting is transliterate; "
                                    "\"unicode\" keeps every letter)"
                                  : "";
  for (const auto& change : sms_changes_to_report(sms.changes, program)) {
    warnings.push_back(
        {Severity::kWarning, std::nullopt, "", "text messages: " + change + setting, ""});
  }
  std::size_t segments = 0;
  for (const auto& m : sms.messages)
    segments += text::sms_size(m).segments;
  const ReadingJudgement r =
      judge_reading(prose, program.language, program.reading_grade_max, services.limits);

  std::vector<std::string> formats =
      request.value("formats", std::vector<std::string>{"markdown", "sms"});
  Json artifacts = Json::object();
  const std::string markdown = render_markdown(program, services.clinic, stamp);
  for (const auto& f : formats) {
    if (f == "markdown") artifacts["markdown"] = markdown;
    if (f == "sms") {
      artifacts["sms"] = {
          {"messages", sms.messages}, {"reminder", sms.reminder}, {"reminders", sms.reminders}};
    }
    if (f == "html") artifacts["html"] = render_html(program, stamp, services.clinic);
    if (f == "ics") artifacts["ics"] = render_ics(program, stamp, services.clinic);
  }
  Json warning_list = Json::array();
  for (const auto& w : warnings)
    warning_list.push_back(w);

  Json result = {{"program_id", stamp.program_id},
                 {"saved", save},
                 {"version", stamp.version},
                 {"created_at", stamp.created_at},
                 {"patient_name", program.patient_name},
                 {"changes", stored->changes},
                 {"elements", element_summary(warnings)},
                 {"warnings", warning_list},
                 {"quality",
                  {{"grade_level", text::round1(r.grade)},
                   {"reading_ease", text::round1(r.reading_ease)},
                   {"grade_target", program.reading_grade_max},
                   {"language", program.language},
                   {"reading", reading_figures(r)},
                   {"words", r.words},
                   {"word_budget", program.large_print ? services.limits.large_print_word_budget
                                                       : services.limits.page_word_budget},
                   {"exercises", program.exercises.size()},
                   {"sms_messages", sms.messages.size()},
                   {"sms_segments", segments},
                   {"sms", sms_figures(sms, services.limits.sms_encoding)}}},
                 {"program", Json(program)},
                 {"artifacts", artifacts}};
  if (save) result["resources"] = resource_uris(stamp.program_id, stamp.version);

  std::string text =
      save ? fmt::format("Saved program {} version {} for {}.", stamp.program_id, stamp.version,
                         program.patient_name)
           : fmt::format("A preview for {}, not saved: saving it would make {}.",
                         program.patient_name,
                         revise ? fmt::format("version {} of program {}", stamp.version, *revise)
                                : std::string("a new program"));
  if (compared_with > 0) {
    text += "\nChanges from version " + std::to_string(compared_with) + ":\n";
    for (const auto& c : stored->changes)
      text += "- " + c.get<std::string>() + "\n";
  }
  if (!warnings.empty()) text += "\n\n" + std::to_string(warnings.size()) + " warnings:\n";
  for (const auto& w : warnings) {
    text += "- " + (w.element ? "element " + std::to_string(*w.element) + ", " : std::string()) +
            (w.pointer.empty() ? "" : w.pointer + ": ") + w.message + "\n";
  }
  text += "\n" + markdown;
  if (save) {
    text += "\nPrintable page: " + uri(stamp.program_id, "/page.html") +
            "\nCalendar: " + uri(stamp.program_id, "/calendar.ics") +
            "\nThis version: " + version_uri(stamp.program_id, stamp.version) + "\n";
  }
  return server::ToolResult::success(std::move(result), std::move(text));
}

// "3" -> 3; nothing for anything but a plain positive number.
std::optional<int> version_number(const std::string& text) {
  if (text.empty() || text.size() > 6 || text[0] == '0' ||
      !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); }))
    return std::nullopt;
  return std::stoi(text);
}

// One rendering of a stored program: the latest version, or `version`.
// How many programs resources/list shows the versions of (the most recently active).
constexpr std::size_t kListedPrograms = 50;

std::optional<server::ResourceContents> read_program(const HepServices& services,
                                                     const std::string& program_id,
                                                     std::optional<int> version,
                                                     const std::string& what) {
  std::optional<store::StoredProgram> stored;
  std::vector<store::VersionEntry> history;
  try {
    stored = services.store->load(program_id, version);
    if (stored && what == "program") history = services.store->versions(program_id);
  } catch (const store::StoreError& e) {
    return server::ResourceContents::unavailable_because(e.explained());
  }
  if (!stored) return std::nullopt;
  Program program = stored->program.get<Program>();
  const Stamp stamp{stored->program_id, stored->version, stored->created_at};
  const std::string base = version ? version_uri(program_id, *version) : uri(program_id);
  if (what == "page")
    return server::ResourceContents{base + "/page.html", "text/html",
                                    render_html(program, stamp, services.clinic)};
  if (what == "calendar")
    return server::ResourceContents{base + "/calendar.ics", "text/calendar",
                                    render_ics(program, stamp, services.clinic)};
  const SmsRendering sms = render_sms(program, services.limits.sms_encoding);
  if (what == "sms")
    return server::ResourceContents{base + "/sms.txt", "text/plain", sms_text(sms)};
  Json versions = Json::array();
  for (const auto& v : history) {
    versions.push_back({{"version", v.version},
                        {"created_at", v.created_at},
                        {"changes", v.changes},
                        {"uri", version_uri(program_id, v.version)}});
  }
  Json body = {{"program_id", stamp.program_id},
               {"version", stamp.version},
               {"created_at", stamp.created_at},
               {"changes", stored->changes},
               {"program", stored->program},
               {"markdown", render_markdown(program, services.clinic, stamp)},
               {"sms", sms_json(sms, services.limits.sms_encoding)},
               {"versions", versions}};
  return server::ResourceContents{base, "application/json", body.dump(2)};
}

// Version numbers of the program chosen so far, newest first, that start with what was typed.
server::Completer version_completer(std::shared_ptr<store::ProgramStore> store) {
  return [store = std::move(store)](std::string_view typed, const server::Arguments& chosen) {
    std::vector<std::string> out;
    auto id = chosen.find("program_id");
    if (id == chosen.end()) return out;
    try {
      const auto versions = store->versions(id->second);
      for (auto v = versions.rbegin(); v != versions.rend(); ++v) {
        std::string n = std::to_string(v->version);
        if (n.starts_with(typed)) out.push_back(std::move(n));
      }
    } catch (const store::StoreError&) {
      out.clear();
    }
    return out;
  };
}

}  // namespace

void add_generate_hep(server::Catalog& catalog, const HepServices& services) {
  catalog.tools.add(
      {"generate_hep",
       "Build a home exercise program",
       "Builds, checks, stores and renders a home exercise program with the six elements that get "
       "programs done. Give the therapist's choices (exercises with doses, days, a daily routine "
       "to anchor to, or one per session in schedule.sessions for a program done twice a day, "
       "the clinic's contact and logging channel, one milestone) and your plain "
       "draft text: 1-2 sentence descriptions tied to what the patient did today, plain names. "
       "With a library_id and no text, the library's wording is used. Errors come back as "
       "isError findings naming the element, the field (JSON Pointer), what is wrong and an "
       "example that passes: fix them and call again. Returns program_id and version, warnings, "
       "quality figures, and the Markdown note and text messages (formats adds html and ics); "
       "the page and calendar are also resources. With program_id, saves a new version of that "
       "program, only for the same patient (patient.renamed_from for a rename), and says what "
       "changed; find_programs finds a program's id. Never choose exercises or doses yourself: "
       "ask the therapist.",
       Json::parse(server::require_asset("schemas/generate_hep.input.json")),
       Json::parse(server::require_asset("schemas/generate_hep.output.json")),
       {.read_only = false, .destructive = false, .idempotent = false},
       [services](const Json& arguments, server::ToolContext&) {
         return generate(arguments, services);
       },
       apps::kProgramApp});

  const server::Completer complete_ids = store::program_id_completer(services.store);
  const server::Completer complete_versions = version_completer(services.store);
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
        View{"/sms.txt", "sms", "program-sms", "Text messages", "text/plain"},
        View{"/calendar.ics", "calendar", "program-calendar", "Calendar", "text/calendar"}}) {
    const std::string what = v.what;
    catalog.resources.add_template(
        {std::string("ptmcp://programs/{program_id}") + v.suffix,
         v.name,
         v.title,
         std::string("The latest version of a stored program: ") + v.title +
             (what == "program" ? ", with the list of its versions and what each changed." : "."),
         v.mime,
         [services, what](const server::Arguments& vars) {
           return read_program(services, vars.at("program_id"), std::nullopt, what);
         },
         {{"program_id", complete_ids}}});
    catalog.resources.add_template(
        {std::string("ptmcp://programs/{program_id}/versions/{version}") + v.suffix,
         std::string(v.name) + "-version",
         std::string(v.title) + ", one version",
         std::string("One version of a stored program (1 is the first): ") + v.title +
             (what == "program" ? ", with what that version changed." : "."),
         v.mime,
         [services,
          what](const server::Arguments& vars) -> std::optional<server::ResourceContents> {
           const auto version = version_number(vars.at("version"));
           if (!version) return std::nullopt;
           return read_program(services, vars.at("program_id"), version, what);
         },
         {{"program_id", complete_ids}, {"version", complete_versions}}});
  }

  // Every version of the most recently active programs is listed (ids and numbers only, no
  // patient text); older programs are found with find_programs and read by template.
  catalog.resources.add_lister([store = services.store] {
    std::vector<server::ResourceDefinition> listed;
    try {
      const auto summaries = store->summaries();
      const std::size_t programs = std::min<std::size_t>(summaries.size(), kListedPrograms);
      for (std::size_t i = 0; i < programs; ++i) {
        const std::string& id = summaries[i].program_id;
        for (int n = summaries[i].latest_version; n >= 1; --n) {
          const std::string number = std::to_string(n);
          listed.push_back({"ptmcp://programs/" + id + "/versions/" + number,
                            "program-" + id + "-v" + number,
                            "Program " + id + ", version " + number,
                            "Version " + number + " of a stored home exercise program.",
                            "application/json",
                            {}});
        }
      }
    } catch (const store::StoreError&) {
      // A store that cannot be read lists nothing here; reading any program says why.
    }
    return listed;
  });

  catalog.prompts.add(
      {"hep_end_of_visit",
       "Home exercise program at the end of a visit",
       "Build the patient's home exercise program with the therapist, with the patient in the "
       "room.",
       {{"patient_name", "The patient's first name", true, {}},
        {"condition", "The condition being treated, e.g. knee replacement", false,
         [](std::string_view typed, const server::Arguments&) {
           return library::complete_condition(typed);
         }},
        {"language", "The language the patient reads (BCP 47: en, es); English when left out",
         false,
         [](std::string_view typed, const server::Arguments&) {
           std::vector<std::string> out;
           for (const auto& l : text::message_languages()) {
             if (l.starts_with(text::lower(typed))) out.push_back(l);
           }
           return out;
         }}},
       [](const server::Arguments& args) {
         // A language ptmcp writes goes into the program; another one is asked about.
         server::Arguments filled = args;
         if (auto it = args.find("language"); it != args.end()) {
           std::string l = text::lower(it->second);
           l = l.substr(0, l.find('-'));
           filled.erase("language");
           if (l == "en" || l.empty()) {
           } else if (text::has_messages(l)) {
             filled["language"] = l;
             filled["language_name"] = l == "es" ? "Spanish" : l;
           } else {
             std::string known;
             for (const auto& k : text::message_languages())
               known += (known.empty() ? "" : ", ") + k;
             filled["language_unknown"] = it->second;
             filled["languages_known"] = known;
           }
         }
         return std::vector<server::PromptMessage>{
             {"user", server::render_prompt_text(
                          server::require_asset("prompts/hep_end_of_visit.md"), filled)}};
       }});
}

Clinic clinic_from_environment() {
  return {setting("PTMCP_CLINIC_NAME", 100), setting("PTMCP_CLINIC_CONTACT", 200)};
}

}  // namespace ptmcp::tools::hep
