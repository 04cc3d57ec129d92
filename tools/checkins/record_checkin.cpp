#include "tools/checkins/record_checkin.h"

#include <fmt/format.h>

#include "server/assets.h"
#include "tools/checkins/checkin_parser.h"
#include "tools/findings.h"
#include "tools/hep/dates.h"
#include "tools/hep/program.h"
#include "tools/text/sms.h"
#include "tools/text/wording.h"

namespace ptmcp::tools::checkins {
namespace {

using Json = nlohmann::json;

server::ToolResult failure(std::string pointer, std::string message, std::string example = "") {
  return server::ToolResult::failure(
      describe_findings({{Severity::kError, std::nullopt, std::move(pointer), std::move(message),
                          std::move(example)}}));
}

// The first candidate that fits one GSM-7 segment.
std::string one_segment(const std::vector<std::string>& candidates) {
  for (const auto& c : candidates) {
    std::string gsm = text::to_gsm7(c);
    if (text::sms_size(gsm).segments == 1) return gsm;
  }
  return text::split_into_messages(candidates.back()).front();
}

using text::as_clause;

struct PainRule {
  std::optional<int> first;
  std::optional<int> rise;
  bool hit = false;
};

std::string reply_for(const ParsedCheckin& p, const hep::Program& program, const PainRule& pain) {
  const std::string& name = program.patient_name;
  if (p.tier == "emergency") {
    return one_segment(
        {"This may be an emergency. Call 911 now. Then let us know. Do not wait and do not "
         "exercise."});
  }
  if (p.tier == "urgent") {
    return one_segment(
        {"Please go to the emergency room now. Do not wait and do not exercise. Let us know when "
         "you can."});
  }
  if (p.opt_out)
    return one_segment({"You will get no more texts from us. Call us if you want them again."});
  if (p.help) {
    return one_segment(
        {"This number is for your home exercise check-ins. Reply DONE after you exercise. Reply "
         "STOP to end texts. In an emergency, call 911."});
  }
  if (p.tier == "same_day") {
    return one_segment(
        {fmt::format("Thank you for telling us, {}. Please reach us today about this: {}.", name,
                     as_clause(program.problem_contact)),
         fmt::format("Thank you for telling us, {}. Please call the clinic today about this.",
                     name)});
  }
  if (pain.hit) {
    return one_segment(
        {fmt::format("Thanks, {}. Your pain went up more than {} points. Stop that exercise and do "
                     "the others. We will look at it with you.",
                     name, program.pain_rise_max),
         fmt::format("Thanks, {}. Pain up more than {} points: stop that exercise, do the others.",
                     name, program.pain_rise_max)});
  }
  if (p.status == "done")
    return one_segment({fmt::format("Thanks, {}! Nice work. Keep it up.", name)});
  if (p.status == "partial")
    return one_segment({fmt::format("Thanks, {}! Some is better than none. Keep going.", name)});
  if (p.status == "skipped") {
    return one_segment({fmt::format(
        "Thanks for letting us know, {}. Do not make it up. Just do the next day on your plan.",
        name)});
  }
  return one_segment({fmt::format(
      "Thanks, {}! Reply DONE when you finish your exercises, or tell us what got in the way.",
      name)});
}

server::ToolResult record(const Json& args, store::ProgramStore& store) {
  const std::string program_id = args["program_id"];
  const std::string message = args["message"];
  const std::string received_at = args["received_at"];
  const std::string channel = args.value("channel", "sms");
  auto when = hep::parse_timestamp(received_at);
  if (!when) {
    return failure("/received_at", "\"" + received_at + "\" is not an RFC 3339 time with an offset",
                   "\"2026-11-24T07:20:00-05:00\"");
  }
  try {
    auto stored_program = store.load(program_id);
    if (!stored_program) {
      return failure("/program_id",
                     "no program has the id \"" + program_id + "\"; generate_hep returns the id",
                     "\"p-abc123def4\"");
    }
    const hep::Program program = stored_program->program.get<hep::Program>();
    std::vector<std::vector<std::string>> names;
    for (const auto& e : program.exercises)
      names.push_back({e.name, e.clinical_name});
    const ParsedCheckin p = parse_checkin(message, names);
    auto day = when->local_day;
    if (p.yesterday) day -= std::chrono::days{1};

    // The pain rule: a rise above pain_rise_max over the first pain this patient reported.
    PainRule pain;
    const auto earlier = store.checkins(program_id);
    for (const auto& c : earlier) {
      if (c.received_utc > when->utc || c.received_at == received_at) continue;
      if (c.parsed.contains("pain") && c.parsed["pain"].is_number()) {
        pain.first = c.parsed["pain"].get<int>();
        break;
      }
    }
    if (p.pain && pain.first) {
      pain.rise = *p.pain - *pain.first;
      pain.hit = *pain.rise > program.pain_rise_max;
    }

    const bool was_opted_out = store.opted_out(program_id);
    if (p.opt_out) store.set_opted_out(program_id, true);
    const bool opted_in_again =
        was_opted_out && (message == "START" || message == "start" || message == "UNSTOP");
    if (opted_in_again) store.set_opted_out(program_id, false);

    Json flags = Json::array();
    for (const auto& f : p.flags)
      flags.push_back({{"tier", f.tier}, {"label", f.label}, {"matched", f.matched}});
    auto names_of = [&](const std::vector<int>& indexes) {
      Json out = Json::array();
      for (int i : indexes)
        out.push_back(program.exercises.at(static_cast<std::size_t>(i)).name);
      return out;
    };
    Json parsed = {{"status", p.status},
                   {"pain", p.pain ? Json(*p.pain) : Json(nullptr)},
                   {"exercises_done", names_of(p.exercises_done)},
                   {"exercises_skipped", names_of(p.exercises_skipped)},
                   {"flags", flags},
                   {"tier", p.tier.empty() ? Json(nullptr) : Json(p.tier)},
                   {"pain_rule_hit", pain.hit},
                   {"opt_out", p.opt_out},
                   {"help", p.help},
                   {"yesterday", p.yesterday}};
    store::StoredCheckin saved =
        store.add_checkin({0, program_id, received_at, when->utc, hep::format_date(day), message,
                           channel, parsed, false});

    const bool suppressed = was_opted_out && !opted_in_again;
    std::string reply = reply_for(p, program, pain);
    Json result = {{"checkin_id", saved.id},
                   {"program_id", program_id},
                   {"duplicate", saved.duplicate},
                   {"received_at", received_at},
                   {"date", saved.local_date},
                   {"status", p.status},
                   {"pain", parsed["pain"]},
                   {"exercises_done", parsed["exercises_done"]},
                   {"exercises_skipped", parsed["exercises_skipped"]},
                   {"flags", flags},
                   {"tier", parsed["tier"]},
                   {"escalate", !p.tier.empty()},
                   {"pain_rule",
                    {{"first_pain", pain.first ? Json(*pain.first) : Json(nullptr)},
                     {"rise", pain.rise ? Json(*pain.rise) : Json(nullptr)},
                     {"max_rise", program.pain_rise_max},
                     {"hit", pain.hit}}},
                   {"opt_out", p.opt_out},
                   {"opted_out", store.opted_out(program_id)},
                   {"help", p.help},
                   {"reply", suppressed ? Json(nullptr) : Json(reply)},
                   {"reply_suppressed", suppressed}};
    std::string text =
        fmt::format("Recorded check-in {} for {} ({}): {}", saved.id, saved.local_date,
                    saved.duplicate ? "already recorded" : "new", p.status);
    if (p.pain) text += fmt::format(", pain {}/10", *p.pain);
    if (!p.tier.empty()) {
      text += fmt::format(". ESCALATE ({}): ", p.tier);
      for (const auto& f : p.flags)
        text += f.label + " (\"" + f.matched + "\"); ";
    }
    if (pain.hit)
      text +=
          fmt::format(". Pain rule hit: up {} from the first reported {}", *pain.rise, *pain.first);
    text +=
        suppressed ? ".\nNo reply: the patient opted out of texts (STOP)." : ".\nReply: " + reply;
    if (suppressed && !p.tier.empty())
      text += " Reach the patient another way: this needs a person.";
    return server::ToolResult::success(std::move(result), std::move(text));
  } catch (const store::StoreError& e) {
    return failure("", std::string(e.what()) + "; nothing was saved; " + e.next_step());
  }
}

}  // namespace

void add_record_checkin(server::Catalog& catalog,
                        const std::shared_ptr<store::ProgramStore>& store) {
  catalog.tools.add(
      {"record_checkin",
       "Record a patient check-in",
       "Records one check-in text from a patient (\"done\", \"did 2, knee sore 5/10\", \"skipped, "
       "calf swollen\") against a stored program: parses the status (done, partial, skipped, "
       "unclear), pain 0-10, which exercises and the day it speaks of; raises red flags by tier "
       "(emergency: call 911; urgent: emergency room now; same_day: call the clinic today) with "
       "escalate true; applies the pain rule; honors STOP and HELP; and returns a one-segment "
       "reply in the clinic's voice. If escalate is true, a person at the clinic must act now: "
       "tell the therapist. The same message with the same received_at is stored once.",
       Json::parse(server::require_asset("schemas/record_checkin.input.json")),
       Json::parse(server::require_asset("schemas/record_checkin.output.json")),
       {.read_only = false, .destructive = false, .idempotent = true},
       [store](const Json& arguments, server::ToolContext&) { return record(arguments, *store); }});
}

}  // namespace ptmcp::tools::checkins
