// The program as the patient and the family get it: a short note (Markdown), text
// messages of one segment each plus a daily reminder, a one-page printable page with a
// check-off tracker (HTML), and the schedule as a calendar (iCalendar, RFC 5545).
// Deterministic: the same program, id, version and time give the same bytes.
#pragma once

#include <string>
#include <vector>

#include "tools/hep/program.h"
#include "tools/text/sms.h"

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
  std::vector<std::string> messages;   // each one segment: GSM-7 (160) or UCS-2 (70 units)
  std::string reminder;                // one segment, built from the trigger
  std::vector<std::string> reminders;  // one per session (the first is `reminder`)
  std::vector<std::string> changes;    // what the clinic's encoding changed, for warnings
};

// The note. With a stamp, "Start tomorrow, Tuesday" counts from the day the version was
// saved when that is after the visit (a program entered after the fact).
std::string render_markdown(const Program& program, const Clinic& clinic = {},
                            const Stamp& stamp = {});
SmsRendering render_sms(const Program& program,
                        text::SmsEncoding encoding = text::SmsEncoding::kTransliterate);
std::string render_html(const Program& program, const Stamp& stamp, const Clinic& clinic = {});
std::string render_ics(const Program& program, const Stamp& stamp, const Clinic& clinic = {});

// The words on the printed page, for the reading-level and word-budget checks. The clinic's
// line is left out: it is a name and a number, not prose to read, and the page keeps room
// for it (the one-page print test prints a program at the budget with a clinic line).
// The "Start tomorrow, Tuesday." line is left out too: a few words the page keeps room for.
std::string page_text(const Program& program);

// "Start tomorrow, Tuesday.", "Start today, Tuesday.", "Start Monday." or "Start Monday,
// December 7.": the first scheduled day after the visit, counted from the visit day or, when
// the version was saved later, from that day. Empty when no day is left before the next visit.
std::string start_text(const Program& program, const Stamp& stamp = {});

}  // namespace ptmcp::tools::hep
