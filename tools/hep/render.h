// The program as the patient and the family get it: a short note (Markdown), text
// messages of one segment each plus a daily reminder, a one-page printable page with a
// check-off tracker (HTML), and the schedule as a calendar (iCalendar, RFC 5545).
// Deterministic: the same program, id, version and time give the same bytes.
#pragma once

#include <string>
#include <vector>

#include "tools/hep/program.h"

namespace ptmcp::tools::hep {

struct Stamp {
  std::string program_id;
  int version = 1;
  std::string created_at;  // RFC 3339 UTC
};

struct SmsRendering {
  std::vector<std::string> messages;  // each one GSM-7 segment (160 characters at most)
  std::string reminder;               // one segment, built from the trigger
};

std::string render_markdown(const Program& program);
SmsRendering render_sms(const Program& program);
std::string render_html(const Program& program, const Stamp& stamp);
std::string render_ics(const Program& program, const Stamp& stamp);

// The words on the printed page, for the reading-level and word-budget checks.
std::string page_text(const Program& program);

}  // namespace ptmcp::tools::hep
