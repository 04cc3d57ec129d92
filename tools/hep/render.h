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

// The clinic as the patient sees it on the page, the note and the calendar. It comes from the
// server's settings (PTMCP_CLINIC_NAME, PTMCP_CLINIC_CONTACT), not from the program, so a
// clinic that renames itself or changes its number reprints every program with the new line.
struct Clinic {
  std::string name;     // "Lakeside Physical Therapy"; empty: no clinic line
  std::string contact;  // "555-0100, Monday to Friday 8 to 6"; empty: none
};

struct SmsRendering {
  std::vector<std::string> messages;  // each one GSM-7 segment (160 characters at most)
  std::string reminder;               // one segment, built from the trigger
};

std::string render_markdown(const Program& program, const Clinic& clinic = {});
SmsRendering render_sms(const Program& program);
std::string render_html(const Program& program, const Stamp& stamp, const Clinic& clinic = {});
std::string render_ics(const Program& program, const Stamp& stamp, const Clinic& clinic = {});

// The words on the printed page, for the reading-level and word-budget checks. The clinic's
// line is left out: it is a name and a number, not prose to read, and the page keeps room
// for it (the one-page print test prints a program at the budget with a clinic line).
std::string page_text(const Program& program);

}  // namespace ptmcp::tools::hep
