#include "tools/checkins/checkin_reply.h"

#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "server/assets.h"
#include "tools/text/messages.h"
#include "tools/text/sms.h"
#include "tools/text/wording.h"

namespace ptmcp::tools::checkins {
namespace {

using Json = nlohmann::json;

struct Fill {
  std::string name;
  std::string clinic;
  std::string problem_contact;
  std::string after_hours;
  std::string opens;
  int pain = 0;
  int rise_max = 0;
};

// The first of the kind's replies that fits one GSM-7 segment; one that names a value the
// message does not have (an empty clinic name) is passed over.
std::string one_segment(const text::Messages& m, const std::string& kind, const Fill& f) {
  const auto& list = m.list("replies." + kind);
  for (const auto& tmpl : list) {
    if ((tmpl.find("{clinic}") != std::string::npos && f.clinic.empty()) ||
        (tmpl.find("{problem_contact}") != std::string::npos && f.problem_contact.empty()) ||
        (tmpl.find("{name}") != std::string::npos && f.name.empty())) {
      continue;
    }
    std::string text =
        text::to_gsm7(text::fill_placeholders(tmpl, {{"name", f.name},
                                                     {"clinic", f.clinic},
                                                     {"problem_contact", f.problem_contact},
                                                     {"after_hours", f.after_hours},
                                                     {"opens", f.opens},
                                                     {"pain", std::to_string(f.pain)},
                                                     {"rise_max", std::to_string(f.rise_max)}}));
    if (text::sms_size(text).segments == 1) return text;
  }
  // The data test proves every list's last reply fits; this only keeps a promise to the
  // gateway should a clinic's values ever defeat it.
  return text::split_into_messages(text::to_gsm7(list.back())).front();
}

PainRuleResult pain_rule(const ParsedCheckin& p, const hep::Program& program,
                         std::optional<int> first_pain, const CheckinSettings& settings) {
  PainRuleResult r;
  r.first = first_pain;
  r.max_rise = program.pain_rise_max;
  r.severe_level = settings.pain_severe;
  if (p.pain && first_pain) r.rise = *p.pain - *first_pain;
  if (p.pain && *p.pain >= settings.pain_severe) {
    r.severe = true;
    r.reason = "severe";
  } else if (p.pain_severe_words) {
    r.severe = true;
    r.reason = "severe_words";
  } else if (r.rise && *r.rise > program.pain_rise_max) {
    r.reason = "rise";
  }
  r.hit = !r.reason.empty();
  return r;
}

std::string reply_kind(const ParsedCheckin& p, const PainRuleResult& pain, bool open,
                       const Subscription& subscription) {
  if (p.tier == "emergency") return "emergency";
  if (p.tier == "urgent") return "urgent";
  if (subscription.opting_in) return "opt_in";
  if (p.opt_out) return "opt_out";
  if (p.help) return subscription.opted_out ? "help_opted_out" : "help";
  if (p.tier == "same_day") return open ? "same_day" : "same_day_after_hours";
  // Severe or risen pain gets the program's pain rule even when a person will also read the
  // message (its status stays needs_review): the patient needs the rule now.
  if (pain.hit) return pain.reason == "rise" ? "pain_rise" : "pain_" + pain.reason;
  if (p.needs_review) return open ? "needs_review" : "needs_review_after_hours";
  if (p.status == "done" || p.status == "partial" || p.status == "skipped") return p.status;
  return "unclear";
}

}  // namespace

CheckinDecision decide_checkin(const ParsedCheckin& parsed, const hep::Program& program,
                               std::optional<int> first_pain, const CheckinSettings& settings,
                               const hep::Clinic& clinic, const LocalTime& at,
                               const Subscription& subscription) {
  CheckinDecision d;
  d.status = parsed.needs_review ? "needs_review" : parsed.status;
  d.pain = pain_rule(parsed, program, first_pain, settings);
  d.escalate = !parsed.tier.empty();
  const bool open = clinic_open(settings, at);
  d.after_hours = !open;
  d.reply_kind = reply_kind(parsed, d.pain, open, subscription);
  const text::Messages& m = text::messages(program.language);
  // The clinic's after-hours line in the program's language (its message file's line where
  // the clinic set none), and when the clinic opens, said in that language.
  Fill fill{program.patient_name,
            clinic.name,
            program.problem_contact.empty() ? "" : text::as_clause(program.problem_contact),
            settings.after_hours_for(m.language()),
            open ? "" : next_opening(settings, at, m),
            parsed.pain.value_or(0),
            program.pain_rise_max};
  d.reply = one_segment(m, d.reply_kind, fill);
  return d;
}

bool is_opt_in(std::string_view message) {
  std::string word = text::lower(text::trim(message));
  while (!word.empty() && (word.back() == '.' || word.back() == '!'))
    word.pop_back();
  return word == "start" || word == "unstop";
}

}  // namespace ptmcp::tools::checkins
