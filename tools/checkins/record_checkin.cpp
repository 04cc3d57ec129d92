#include "tools/checkins/record_checkin.h"

#include <algorithm>
#include <regex>
#include <set>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "server/assets.h"
#include "tools/checkins/checkin_parser.h"
#include "tools/checkins/checkin_record.h"
#include "tools/checkins/checkin_reply.h"
#include "tools/checkins/checkin_words.h"
#include "tools/findings.h"
#include "tools/hep/dates.h"
#include "tools/hep/program.h"

namespace ptmcp::tools::checkins {
namespace {

using Json = nlohmann::json;

server::ToolResult failure(std::string pointer, std::string message, std::string example = "") {
  return server::ToolResult::failure(
      describe_findings({{Severity::kError, std::nullopt, std::move(pointer), std::move(message),
                          std::move(example)}}));
}

// "2026-11-25T12:20:00Z", the form parse_timestamp gives a time in UTC.
std::string utc_text(std::chrono::system_clock::time_point t) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::chrono::system_clock::to_time_t(t)));
}

// Why received_at cannot be read, in words a gateway's developer can act on.
server::ToolResult unreadable_time(const std::string& received_at) {
  static const std::regex no_offset(R"(^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$)");
  const std::string example = "\"2026-11-24T07:20:00-05:00\"";
  if (std::regex_match(received_at, no_offset)) {
    const std::string time = received_at.size() == 16 ? received_at + ":00" : received_at;
    return failure("/received_at",
                   "\"" + received_at +
                       "\" has no offset, so the sender's day and hour are not known; add the "
                       "offset of the phone's time zone to the end (\"-05:00\" for US Eastern "
                       "in winter, \"Z\" for UTC)",
                   "\"" + time.substr(0, 19) + "-05:00\"");
  }
  return failure("/received_at",
                 "\"" + received_at +
                     "\" is not an RFC 3339 time with an offset (date, time, and the sender's "
                     "offset from UTC)",
                 example);
}

// The sessions of a program done more than once a day that a message names: a time-of-day
// word it shares with a session's when or trigger ("did the morning ones", "evening done"),
// or all of them ("did both"). Empty for the simple case or when it names none.
std::vector<int> sessions_named(const std::string& message, const hep::Program& program) {
  static const std::set<std::string> kTimes = {
      "morning", "mornings", "breakfast", "noon",    "lunch",   "midday", "afternoon",
      "evening", "evenings", "night",     "tonight", "bedtime", "dinner", "supper",
      "manana",  "tarde",    "noche",     "am",      "pm"};
  // "all" speaks of the exercises ("did all 3"), not of the day's sessions.
  static const std::set<std::string> kAll = {"both", "twice", "ambas", "ambos"};
  std::vector<int> out;
  if (program.sessions.empty()) return out;
  const auto words_of = [](const std::string& text) {
    std::set<std::string> words;
    for (const auto& w : split_words(text))
      words.insert(w.text);
    return words;
  };
  const auto said = words_of(message);
  if (std::any_of(said.begin(), said.end(), [](const auto& w) { return kAll.contains(w); })) {
    for (std::size_t i = 0; i < program.sessions.size(); ++i)
      out.push_back(static_cast<int>(i));
    return out;
  }
  for (std::size_t i = 0; i < program.sessions.size(); ++i) {
    const auto& s = program.sessions[i];
    for (const auto& w : words_of(s.when + " " + s.trigger)) {
      if (kTimes.contains(w) && said.contains(w)) {
        out.push_back(static_cast<int>(i));
        break;
      }
    }
  }
  return out;
}

server::ToolResult record(const Json& args, store::ProgramStore& store,
                          const CheckinSettings& settings, const hep::Clinic& clinic,
                          const Clock& clock) {
  const std::string program_id = args["program_id"];
  const std::string message = args["message"];
  const std::string received_at = args["received_at"];
  const std::string channel = args.value("channel", "sms");
  auto when = hep::parse_timestamp(received_at);
  if (!when) return unreadable_time(received_at);
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
    // The program's condition adds its own red flags (a spine program: pain down both legs).
    const ParsedCheckin p = parse_checkin(message, names, program.condition_id);
    auto day = when->local_day;
    if (p.yesterday) day -= std::chrono::days{1};
    // A time more than a day ahead is a gateway's wrong clock, and a day before the program's
    // first visit a wrong clock or a wrong program: neither is written. A STOP is honored
    // all the same, and a warning sign is said.
    std::string started = program.visit_date;
    if (stored_program->version > 1) {
      if (auto first = store.load(program_id, 1)) started = first->program.at("visit").at("date");
    }
    const auto start = hep::parse_date(started);
    const auto now = clock ? clock() : std::chrono::system_clock::now();
    std::string refused;
    std::string example;
    if (when->utc > utc_text(now + std::chrono::hours{24})) {
      refused = "\"" + received_at + "\" is more than a day ahead of now (" + utc_text(now) +
                "); nothing was saved. Check the gateway's clock and send the time the message "
                "arrived";
      example = "\"" + utc_text(now) + "\"";
    } else if (start && day < *start) {
      refused = "\"" + received_at + "\" speaks of " + hep::long_date(day) +
                ", before the program started (the visit on " + hep::long_date(*start) +
                "); nothing was saved. Check the gateway's clock and the program id";
      example = "\"" + started + "T19:00:00-05:00\"";
    }
    if (!refused.empty()) {
      if (p.opt_out) {
        store.set_opted_out(program_id, true);
        refused += ". The STOP was honored: no more texts go to this patient";
      }
      if (!p.tier.empty()) {
        refused += ". The message has warning signs (" + p.flags.front().label +
                   "): a person at the clinic must read it now";
      }
      return failure("/received_at", refused, example);
    }

    // The first pain this patient reported, for the pain rule's rise.
    std::optional<int> first_pain;
    for (const auto& c : store.checkins(program_id)) {
      if (c.received_utc > when->utc || c.received_at == received_at) continue;
      if (auto earlier = c.parsed.get<CheckinRecord>(); earlier.pain) {
        first_pain = earlier.pain;
        break;
      }
    }
    const auto local = local_time_of(received_at);
    const bool was_opted_out = store.opted_out(program_id);
    const bool opting_in = is_opt_in(message);
    const CheckinDecision d =
        decide_checkin(p, program, first_pain, settings, clinic,
                       local.value_or(LocalTime{when->local_day, 0}), {was_opted_out, opting_in});
    if (p.opt_out) store.set_opted_out(program_id, true);
    const bool opted_in_again = was_opted_out && opting_in;
    if (opted_in_again) store.set_opted_out(program_id, false);

    auto names_of = [&](const std::vector<int>& indexes) {
      std::vector<std::string> out;
      out.reserve(indexes.size());
      for (int i : indexes)
        out.push_back(program.exercises.at(static_cast<std::size_t>(i)).name);
      return out;
    };
    CheckinRecord rec;
    rec.status = d.status;
    rec.session = p.status;
    rec.pain = p.pain;
    rec.exercises_done = names_of(p.exercises_done);
    rec.exercises_skipped = names_of(p.exercises_skipped);
    rec.flags = p.flags;
    rec.tier = p.tier;
    rec.pain_rule_hit = d.pain.hit;
    rec.pain_rule_reason = d.pain.reason;
    rec.opt_out = p.opt_out;
    rec.help = p.help;
    rec.yesterday = p.yesterday;
    rec.needs_review = p.needs_review;
    rec.review_reason = p.review_reason;
    rec.skip_reason = p.skip_reason;
    rec.after_hours = d.after_hours;
    rec.sessions = sessions_named(message, program);
    const Json parsed = rec;
    store::StoredCheckin saved =
        store.add_checkin({0, program_id, received_at, when->utc, hep::format_date(day), message,
                           channel, parsed, false});

    // Carriers' rules: after STOP, HELP still gets its informational reply.
    const bool suppressed = was_opted_out && !opted_in_again && !p.help;
    auto optional_int = [](const std::optional<int>& v) { return v ? Json(*v) : Json(nullptr); };
    Json result = {{"checkin_id", saved.id},
                   {"program_id", program_id},
                   {"duplicate", saved.duplicate},
                   {"received_at", received_at},
                   {"date", saved.local_date},
                   {"status", d.status},
                   {"session", p.status},
                   {"pain", parsed["pain"]},
                   {"exercises_done", parsed["exercises_done"]},
                   {"exercises_skipped", parsed["exercises_skipped"]},
                   {"flags", parsed["flags"]},
                   {"tier", parsed["tier"]},
                   {"escalate", d.escalate},
                   {"needs_review", p.needs_review},
                   {"review_reason", p.needs_review ? Json(p.review_reason) : Json(nullptr)},
                   {"skip_reason", p.skip_reason.empty() ? Json(nullptr) : Json(p.skip_reason)},
                   {"pain_rule",
                    {{"first_pain", optional_int(d.pain.first)},
                     {"rise", optional_int(d.pain.rise)},
                     {"max_rise", d.pain.max_rise},
                     {"severe_level", d.pain.severe_level},
                     {"severe", d.pain.severe},
                     {"reason", d.pain.reason.empty() ? Json(nullptr) : Json(d.pain.reason)},
                     {"hit", d.pain.hit}}},
                   {"after_hours", d.after_hours},
                   {"opt_out", p.opt_out},
                   {"opted_out", store.opted_out(program_id)},
                   {"help", p.help},
                   {"reply", suppressed ? Json(nullptr) : Json(d.reply)},
                   {"reply_suppressed", suppressed},
                   {"sessions", rec.sessions}};
    std::string text =
        fmt::format("Recorded check-in {} for {} ({}): {}", saved.id, saved.local_date,
                    saved.duplicate ? "already recorded" : "new", d.status);
    if (p.pain) text += fmt::format(", pain {}/10", *p.pain);
    if (!p.tier.empty()) {
      text += fmt::format(". ESCALATE ({}): ", p.tier);
      for (const auto& f : p.flags)
        text += f.label + " (\"" + f.matched + "\"); ";
    }
    if (p.needs_review) {
      text +=
          ". NEEDS REVIEW: a person at the clinic must read this message (" + p.review_reason + ")";
    }
    if (d.pain.reason == "rise") {
      text += fmt::format(". Pain rule hit: up {} from the first reported {}", *d.pain.rise,
                          *d.pain.first);
    } else if (d.pain.hit) {
      text += fmt::format(". Pain rule hit: severe pain (the clinic's severe level is {}/10)",
                          d.pain.severe_level);
    }
    if (!p.skip_reason.empty()) text += ". Skipped because: " + p.skip_reason;
    if (d.after_hours) text += ". Arrived after hours";
    text +=
        suppressed ? ".\nNo reply: the patient opted out of texts (STOP)." : ".\nReply: " + d.reply;
    if (suppressed && (!p.tier.empty() || p.needs_review))
      text += " Reach the patient another way: this needs a person.";
    return server::ToolResult::success(std::move(result), std::move(text));
  } catch (const store::StoreError& e) {
    return failure("", std::string(e.what()) + "; nothing was saved; " + e.next_step());
  }
}

}  // namespace

void add_record_checkin(server::Catalog& catalog, const std::shared_ptr<store::ProgramStore>& store,
                        const CheckinSettings& settings, const hep::Clinic& clinic,
                        const Clock& clock) {
  catalog.tools.add(
      {"record_checkin",
       "Record a patient check-in",
       "Records one check-in text from a patient (\"done\", \"did 2, knee sore 5/10\", \"skipped, "
       "calf swollen\") against a stored program: parses the status (done, partial, skipped, "
       "unclear), pain 0-10, which exercises and the day it speaks of; raises red flags by tier "
       "(emergency: call 911; urgent: emergency room now; same_day: call the clinic today, or "
       "the after-hours line when it is closed) with escalate true; marks what is unsure "
       "needs_review (a person at the clinic reads it within the clinic's hours); applies the "
       "pain rule (severe pain, or a rise above the program's limit); honors STOP and HELP; and "
       "returns a one-segment reply in the clinic's voice that never praises severe pain. If "
       "escalate is true, a person at the clinic must act now: tell the therapist; if "
       "needs_review is true, a person must read the message. The same message with the same "
       "received_at is stored once.",
       Json::parse(server::require_asset("schemas/record_checkin.input.json")),
       Json::parse(server::require_asset("schemas/record_checkin.output.json")),
       {.read_only = false, .destructive = false, .idempotent = true},
       [store, settings, clinic, clock](const Json& arguments, server::ToolContext&) {
         return record(arguments, *store, settings, clinic, clock);
       }});
}

}  // namespace ptmcp::tools::checkins
