// Renderings: properties every program must have, and golden files for the two sample
// cases. A golden mismatch prints where the output changed; after reading the change, run
// the tests with PTMCP_UPDATE_GOLDEN=1 to accept it and commit the new files with a
// message saying why they changed.
#include "tools/hep/render.h"

#include <gtest/gtest.h>

#include <stdlib.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <thread>

#include "tools/hep/checks.h"
#include "tools/hep/generate_hep.h"
#include "tools/text/sms.h"

namespace ptmcp::tools::hep {
namespace {

using Json = nlohmann::json;

Program program_for(const char* name) {
  std::ifstream file(std::string(PTMCP_SOURCE_DIR) + "/tests/data/cases/" + name);
  auto o = check_hep(Json::parse(file), HepLimits{});
  EXPECT_TRUE(o.value) << describe_findings(o.findings);
  return *o.value;
}

const Stamp kStamp{"p-golden0001", 1, "2026-11-23T18:00:00Z"};

void expect_golden(const std::string& actual, const std::string& file) {
  const std::string path = std::string(PTMCP_SOURCE_DIR) + "/tests/golden/" + file;
  if (std::getenv("PTMCP_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << path << " is missing; run with PTMCP_UPDATE_GOLDEN=1 to create it";
  const std::string expected{std::istreambuf_iterator<char>(in), {}};
  if (expected == actual) return;
  std::istringstream a(actual);
  std::istringstream e(expected);
  std::string la;
  std::string le;
  int line = 0;
  while (true) {
    ++line;
    const bool more_a = static_cast<bool>(std::getline(a, la));
    const bool more_e = static_cast<bool>(std::getline(e, le));
    if (!more_a && !more_e) break;
    if (la != le || more_a != more_e) {
      ADD_FAILURE() << file << " changed at line " << line << ":\n  golden: " << le
                    << "\n  now:    " << la
                    << "\nIf the change is intended, rerun with PTMCP_UPDATE_GOLDEN=1 and "
                       "commit the golden file saying why it changed.";
      return;
    }
  }
}

class Golden : public ::testing::TestWithParam<const char*> {};

// "Start tomorrow, ..." reads the day a version was saved on this computer's clock.
void use_utc() {
  ::setenv("TZ", "UTC", 1);
  ::tzset();
}

TEST_P(Golden, RenderingsMatch) {
  use_utc();
  const std::string base = std::string(GetParam()).substr(0, std::string(GetParam()).size() - 5);
  Program p = program_for(GetParam());
  expect_golden(render_markdown(p), base + ".md");
  SmsRendering sms = render_sms(p);
  std::string sms_text;
  for (const auto& m : sms.messages)
    sms_text += m + "\n";
  expect_golden(sms_text + "reminder: " + sms.reminder + "\n", base + ".sms.txt");
  expect_golden(render_html(p, kStamp), base + ".html");
  expect_golden(render_ics(p, kStamp), base + ".ics");
}

INSTANTIATE_TEST_SUITE_P(SampleCases, Golden,
                         ::testing::Values("hep_post_tka.json", "hep_low_back.json"));

TEST(Render, APageIsTheSameHoweverManyCameBefore) {
  // The page template is parsed once per thread and reused.
  const Program knee = program_for("hep_post_tka.json");
  const Program back = program_for("hep_low_back.json");
  const std::string first = render_html(knee, kStamp);
  const std::string other = render_html(back, kStamp);
  EXPECT_NE(first, other);
  EXPECT_EQ(render_html(knee, kStamp), first);
  std::string from_another_thread;
  std::thread([&] { from_another_thread = render_html(knee, kStamp); }).join();
  EXPECT_EQ(from_another_thread, first);
}

TEST(Render, TheNameIsAtTheTop) {
  Program p = program_for("hep_post_tka.json");
  EXPECT_TRUE(render_markdown(p).starts_with("# Maria's home exercises\n\nHi Maria!"));
  const std::string html = render_html(p, kStamp);
  EXPECT_LT(html.find("<h1>Maria's home exercises</h1>"), html.find("<ol"));
}

TEST(Render, DosesAreNeverBare) {
  static const std::regex bare(R"(\b\d+\s*[x×]\s*\d+\b)");
  for (const char* c : {"hep_post_tka.json", "hep_low_back.json"}) {
    Program p = program_for(c);
    std::string all = render_markdown(p) + render_html(p, kStamp) + render_ics(p, kStamp);
    for (const auto& m : render_sms(p).messages)
      all += m;
    EXPECT_FALSE(std::regex_search(all, bare)) << c;
    EXPECT_NE(render_markdown(p).find("2 rounds of 10"), std::string::npos) << c;
  }
}

TEST(Render, TextMessagesAreSingleGsm7SegmentsThatCarryTheProgram) {
  Program p = program_for("hep_post_tka.json");
  SmsRendering sms = render_sms(p);
  ASSERT_GT(sms.messages.size(), 3u);
  std::string all;
  for (const auto& m : sms.messages) {
    text::SmsSize size = text::sms_size(m);
    EXPECT_TRUE(size.gsm7) << m;
    EXPECT_EQ(size.segments, 1u) << m;
    EXPECT_LE(m.size(), 160u);
    all += m + " ";
  }
  for (const auto& e : p.exercises) {
    EXPECT_NE(all.find(e.name), std::string::npos) << e.name;
    EXPECT_NE(all.find(e.dose_text), std::string::npos) << e.dose_text;
  }
  // The milestone, after "Goal by 11/30:" without its own "By your next visit," lead-in.
  EXPECT_NE(all.find("Goal by 11/30: hold the knee tightening for the full 5 seconds"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("stop that exercise"), std::string::npos);
  EXPECT_EQ(text::sms_size(sms.reminder).segments, 1u);
  EXPECT_TRUE(text::is_gsm7(sms.reminder));
  EXPECT_NE(sms.reminder.find("after you turn off your alarm"), std::string::npos);
}

TEST(Render, ReminderFitsOneSegmentEvenWithALongTrigger) {
  Program p = program_for("hep_post_tka.json");
  p.trigger =
      "after you turn off your alarm, before your feet touch the floor, and before you "
      "check your phone or let the dog out into the yard for the morning";
  SmsRendering sms = render_sms(p);
  EXPECT_EQ(text::sms_size(sms.reminder).segments, 1u) << sms.reminder;
  EXPECT_TRUE(sms.reminder.starts_with("Maria"));
}

TEST(Render, TrackerHasEachScheduledDayUntilTheNextVisit) {
  Program p = program_for("hep_post_tka.json");  // Mon-Sat, visit Mon 11/23, next Mon 11/30
  const std::string html = render_html(p, kStamp);
  for (const char* day : {"Tue 11/24", "Wed 11/25", "Thu 11/26", "Fri 11/27", "Sat 11/28"}) {
    EXPECT_NE(html.find(day), std::string::npos) << day;
  }
  EXPECT_EQ(html.find("Sun 11/29"), std::string::npos);  // not scheduled
  EXPECT_EQ(html.find("Mon 11/30"), std::string::npos);  // the next visit itself
  EXPECT_EQ(html.find("Mon 11/23"), std::string::npos);  // the visit itself
}

TEST(Render, TrackerShowsAtMostTwoWeeks) {
  Program p = program_for("hep_post_tka.json");
  p.next_visit = "2027-01-11";  // seven weeks of Mon-Sat
  const std::string html = render_html(p, kStamp);
  std::size_t boxes = 0;
  for (std::size_t at = 0; (at = html.find("class=\"box\"", at)) != std::string::npos; ++at)
    ++boxes;
  EXPECT_EQ(boxes, 12u);  // two calendar weeks of Mon-Sat from the first day
  EXPECT_NE(html.find("(the first 2 weeks)"), std::string::npos);
}

TEST(Render, CalendarRecurrenceAndAlarm) {
  Program p = program_for("hep_post_tka.json");
  const std::string ics = render_ics(p, kStamp);
  EXPECT_NE(ics.find("DTSTART:20261124T070000\r\n"), std::string::npos);
  EXPECT_NE(ics.find("RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA;UNTIL=20261128T235959\r\n"),
            std::string::npos);
  EXPECT_NE(ics.find("BEGIN:VALARM"), std::string::npos);
  for (std::size_t start = 0, end; (end = ics.find("\r\n", start)) != std::string::npos;
       start = end + 2) {
    EXPECT_LE(end - start, 75u) << ics.substr(start, end - start);
  }
  Program back = program_for("hep_low_back.json");  // no time: all-day events, no alarm
  const std::string all_day = render_ics(back, kStamp);
  EXPECT_NE(all_day.find("DTSTART;VALUE=DATE:20261125\r\n"), std::string::npos);  // first Wed
  EXPECT_NE(all_day.find("BYDAY=MO,WE,FR;UNTIL=20261207\r\n"), std::string::npos);
  EXPECT_EQ(all_day.find("VALARM"), std::string::npos);
}

TEST(Render, HtmlEscapesPatientText) {
  Program p = program_for("hep_post_tka.json");
  p.exercises[0].description = "Lift <script>alert(1)</script> & hold.";
  const std::string html = render_html(p, kStamp);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
}

TEST(Render, TheClinicIsNamedOnEveryPrintedRenderingWhenSet) {
  const Program p = program_for("hep_post_tka.json");
  const Clinic clinic{"Lakeside Physical Therapy & Rehab", "Call 555-0100, Mon to Fri 8 to 6"};
  const std::string html = render_html(p, kStamp, clinic);
  EXPECT_NE(html.find("<strong>Lakeside Physical Therapy &amp; Rehab.</strong>"),
            std::string::npos);
  EXPECT_NE(html.find("Call 555-0100, Mon to Fri 8 to 6."), std::string::npos);
  // Beside the patient's name, in the page's heading, so it reads as a letterhead.
  EXPECT_LT(html.find("<header"), html.find("Lakeside"));
  EXPECT_LT(html.find("Lakeside"), html.find("</header>"));
  const std::string md = render_markdown(p, clinic);
  EXPECT_NE(md.find("*Lakeside Physical Therapy & Rehab. Call 555-0100, Mon to Fri 8 to 6.*"),
            std::string::npos);
  EXPECT_NE(md.find("Your physical therapy team at Lakeside Physical Therapy & Rehab"),
            std::string::npos);
  // The calendar escapes the comma in the contact (RFC 5545 TEXT).
  // Unfolded (RFC 5545 3.1) before searching.
  const std::string ics =
      std::regex_replace(render_ics(p, kStamp, clinic), std::regex("\r\n "), "");
  EXPECT_NE(ics.find("Lakeside Physical Therapy & Rehab. Call 555-0100\\, Mon"), std::string::npos)
      << ics;

  // Without settings there is no clinic line at all.
  EXPECT_EQ(render_html(p, kStamp).find("class=\"clinic\""), std::string::npos);
  EXPECT_EQ(render_markdown(p).find("team at"), std::string::npos);
}

TEST(Render, ClinicSettingsComeFromTheEnvironment) {
  ::setenv("PTMCP_CLINIC_NAME", "  Lakeside PT\n ", 1);
  ::setenv("PTMCP_CLINIC_CONTACT", "${user_config.clinic_contact}", 1);
  Clinic c = clinic_from_environment();
  EXPECT_EQ(c.name, "Lakeside PT");
  EXPECT_EQ(c.contact, "");  // a placeholder the launcher left unexpanded
  ::setenv("PTMCP_CLINIC_NAME", std::string(150, 'x').c_str(), 1);
  ::unsetenv("PTMCP_CLINIC_CONTACT");
  c = clinic_from_environment();
  EXPECT_EQ(c.name.size(), 100U);
  EXPECT_EQ(c.contact, "");
  ::unsetenv("PTMCP_CLINIC_NAME");
}

TEST(Render, ThePageSaysWhenToStart) {
  use_utc();
  // The sample's visit is Monday, November 23, 2026; the next visit Monday, November 30.
  Program p = program_for("hep_post_tka.json");  // Monday to Saturday
  const Stamp visit_day{"p-x", 1, "2026-11-23T18:00:00Z"};
  EXPECT_EQ(start_text(p, visit_day), "Start tomorrow, Tuesday.");
  EXPECT_NE(render_html(p, visit_day).find("Start tomorrow, Tuesday."), std::string::npos);
  EXPECT_NE(render_markdown(p, {}, visit_day).find("Start tomorrow, Tuesday."), std::string::npos);
  // Saved on Wednesday the 25th (entered after the fact), a scheduled day: today.
  EXPECT_EQ(start_text(p, {"p-x", 1, "2026-11-25T15:00:00Z"}), "Start today, Wednesday.");
  p.days = {"fri"};  // Friday the 27th, four days after the visit
  EXPECT_EQ(start_text(p, visit_day), "Start Friday.");
  p.next_visit = "2026-12-07";
  p.days = {"mon"};  // Monday the 30th, a week after the visit
  EXPECT_EQ(start_text(p, visit_day), "Start Monday, November 30.");
  // Saved after the next visit: no day left, no start line.
  EXPECT_EQ(start_text(p, {"p-x", 1, "2026-12-08T15:00:00Z"}), "");
}

TEST(Render, PagesNotesAndCalendarsKeepEveryLetter) {
  Program p = program_for("hep_post_tka.json");
  const std::string name = "Nguy\xE1\xBB\x85n";                                     // Nguyễn
  const std::string spanish = "Ap\xC3\xB3yese en el bast\xC3\xB3n, Ram\xC3\xB3n.";  // Apóyese...
  const std::string emoji = "\xF0\x9F\x91\x8D";                                     // 👍
  p.patient_name = name;
  p.exercises[0].description = spanish + " " + emoji;
  p.where = "en la cama de Zo\xC3\xAB";
  const std::string md = render_markdown(p);
  const std::string html = render_html(p, kStamp);
  const std::string ics = render_ics(p, kStamp);
  for (const std::string* out : {&md, &html}) {
    EXPECT_NE(out->find(name + "'s home exercises"), std::string::npos);
    EXPECT_NE(out->find(spanish + " " + emoji), std::string::npos);
    EXPECT_NE(out->find("Zo\xC3\xAB"), std::string::npos);
  }
  const std::string unfolded = std::regex_replace(ics, std::regex("\r\n "), "");
  EXPECT_NE(unfolded.find("SUMMARY:" + name + "'s home exercises"), std::string::npos);
  EXPECT_NE(unfolded.find("LOCATION:En la cama de Zo\xC3\xAB."), std::string::npos) << unfolded;
  // Folded at 75 octets without cutting a letter: every line starts on a whole character.
  std::istringstream lines(ics);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_LE(line.size(), 76u);  // 75 octets and the \r
    if (line.size() > 1) {
      EXPECT_NE(static_cast<unsigned char>(line[line[0] == ' ' ? 1 : 0]) & 0xC0, 0x80) << line;
    }
  }
}

// The caregiver line speaks to the patient: "your daughter Ana", from a name and a relation
// or from the schema's old phrase with its pronoun turned.
TEST(Render, TheCaregiverIsNamedInThePatientsPerson) {
  std::ifstream file(std::string(PTMCP_SOURCE_DIR) + "/tests/data/cases/hep_post_tka.json");
  const Json request = Json::parse(file);
  for (const Json& caregiver :
       {Json{{"name", "Ana"}, {"relation", "daughter"}}, Json("her daughter Ana"),
        Json("Maria's daughter Ana"), Json{{"name", "Ana"}, {"relation", "her daughter"}}}) {
    Json r = request;
    r["patient"]["caregiver"] = caregiver;
    auto o = check_hep(r, HepLimits{});
    ASSERT_TRUE(o.value) << describe_findings(o.findings);
    EXPECT_EQ(o.value->caregiver, "your daughter Ana") << caregiver;
    const std::string md = render_markdown(*o.value);
    EXPECT_NE(md.find("This page is also for your daughter Ana."), std::string::npos) << md;
    EXPECT_EQ(md.find("for her "), std::string::npos);
  }
  Json r = request;
  r["patient"]["caregiver"] = {{"name", "Ana"}};
  EXPECT_EQ(check_hep(r, HepLimits{}).value->caregiver, "Ana");
  r["patient"]["caregiver"] = {{"relation", "husband"}};
  EXPECT_EQ(check_hep(r, HepLimits{}).value->caregiver, "your husband");
  r["patient"]["caregiver"] = "his son Luis";
  EXPECT_EQ(check_hep(r, HepLimits{}).value->caregiver, "your son Luis");
  // A program stored with the old phrase is turned when it is rendered again.
  Program stored = *check_hep(request, HepLimits{}).value;
  stored.caregiver = "her daughter Ana";
  EXPECT_NE(render_html(stored, kStamp).find("This page is also for your daughter Ana."),
            std::string::npos);
}

// Seams between the therapist's phrases and the fixed words: every rendering of the sample
// cases, over a grid of the choices that change the wording (all seven days or some, a place
// and a time written with a capital, a milestone that starts "By your next visit", a clinic).
TEST(Render, NoWordingSeamsInAnyRenderingOfTheSampleCases) {
  static const std::vector<std::pair<std::regex, const char*>> kSeams = {
      {std::regex(R"(\bon every day\b)", std::regex::icase), "on every day"},
      {std::regex(R"([a-z0-9] ?[:,] (At|On|In|By|Every|Your|The|Hold|Sit|Walk)\b)"),
       "a capital inside a sentence"},
      {std::regex(R"(\b(\w+) \1\b)", std::regex::icase), "a word twice"},
      {std::regex(R"(\.\.|,\.|\.,| \.|::|: \.)"), "doubled marks"},
      {std::regex(R"(next visit[^.]*: By your next visit)", std::regex::icase),
       "the next visit said twice"},
  };
  int renderings = 0;
  for (const char* c : {"hep_post_tka.json", "hep_low_back.json"}) {
    std::ifstream file(std::string(PTMCP_SOURCE_DIR) + "/tests/data/cases/" + c);
    const Json base = Json::parse(file);
    for (const bool every_day : {false, true}) {
      for (const bool capitals : {false, true}) {
        for (const Clinic& clinic : {Clinic{}, Clinic{"Lakeside PT", "Call 555-0100"}}) {
          Json r = base;
          if (every_day) r["schedule"]["days"] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
          if (capitals) {
            r["schedule"]["where"] = "At the bathroom counter";
            r["schedule"]["when"] = "Every morning";
          }
          auto o = check_hep(r, HepLimits{});
          ASSERT_TRUE(o.value) << describe_findings(o.findings);
          const Program& p = *o.value;
          const SmsRendering sms = render_sms(p);
          const std::string page = render_html(p, kStamp, clinic);
          std::string all_sms;
          for (const auto& m : sms.messages)
            all_sms += m + " ";
          std::vector<std::pair<std::string, std::string>> outputs = {
              {"markdown", render_markdown(p, clinic, kStamp)},
              // The page's words: its body without the tags (the style sheet is not prose).
              {"page",
               std::regex_replace(page.substr(page.find("<body>")), std::regex("<[^>]+>"), "\n")},
              {"calendar",
               std::regex_replace(render_ics(p, kStamp, clinic), std::regex("\r\n |\\\\"), "")},
              {"reminder", sms.reminder}};
          for (const auto& m : sms.messages)
            outputs.emplace_back("sms", m);
          for (const auto& [kind, text] : outputs) {
            ++renderings;
            for (const auto& [seam, name] : kSeams) {
              std::smatch m;
              EXPECT_FALSE(std::regex_search(text, m, seam))
                  << c << " " << kind << ": " << name << " in \"" << m.str() << "\"";
            }
          }
          if (every_day) {
            EXPECT_NE(all_sms.find("Your home exercises, every day:"), std::string::npos)
                << all_sms;
          }
          if (capitals) {
            EXPECT_NE(all_sms.find("Where: at the bathroom counter."), std::string::npos)
                << all_sms;
          }
        }
      }
    }
  }
  EXPECT_GT(renderings, 100);
}

// A twice-a-day program (tests/data/hep_twice_a_day.json): every day, the three exercises
// in the morning on the bed at 7:00, the first two in the evening in the armchair at 18:30.
Program twice_a_day() {
  std::ifstream file(std::string(PTMCP_SOURCE_DIR) + "/tests/data/hep_twice_a_day.json");
  auto o = check_hep(Json::parse(file), HepLimits{});
  EXPECT_TRUE(o.value) << describe_findings(o.findings);
  return *o.value;
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = 0; (at = text.find(what, at)) != std::string::npos; at += what.size())
    ++n;
  return n;
}

TEST(Render, TwiceADayHasATrackerRowPerSession) {
  const Program p = twice_a_day();
  ASSERT_EQ(p.sessions.size(), 2u);
  const std::string html = render_html(p, kStamp);
  // Tue 11/24 to Sun 12/6: 13 days, a row of boxes for each session.
  EXPECT_EQ(count_of(html, "class=\"box\""), 26u);
  EXPECT_EQ(count_of(html, "<tr><th class=\"row\">Every morning</th>"), 1u);
  EXPECT_EQ(count_of(html, "<tr><th class=\"row\">Every evening</th>"), 1u);
  EXPECT_EQ(count_of(html, "<th>Tue<br>11/24</th>"), 1u);  // one column per day
  EXPECT_NE(html.find("Every evening, after you finish dinner."), std::string::npos);
  EXPECT_NE(html.find("In your armchair. Only exercises 1 and 2."), std::string::npos) << html;
  const std::string md = render_markdown(p);
  EXPECT_NE(md.find("**Days:** Every day, 2 times a day:"), std::string::npos) << md;
  EXPECT_NE(md.find("- **When:** Every morning, after you turn off your alarm."), std::string::npos)
      << md;
}

TEST(Render, TwiceADayHasAnEventAlarmAndReminderPerSession) {
  const Program p = twice_a_day();
  const std::string ics = std::regex_replace(render_ics(p, kStamp), std::regex("\r\n "), "");
  EXPECT_EQ(count_of(ics, "BEGIN:VEVENT"), 2u);
  EXPECT_EQ(count_of(ics, "BEGIN:VALARM"), 2u);
  EXPECT_NE(ics.find("DTSTART:20261124T070000"), std::string::npos);
  EXPECT_NE(ics.find("DTSTART:20261124T183000"), std::string::npos);
  EXPECT_NE(ics.find("UID:p-golden0001-v1-s1@ptmcp"), std::string::npos);
  EXPECT_NE(ics.find("UID:p-golden0001-v1-s2@ptmcp"), std::string::npos);
  EXPECT_NE(ics.find("Time for your exercises: after you finish dinner"), std::string::npos);
  // The evening event lists only its two exercises.
  const std::string evening = ics.substr(ics.find("-s2@ptmcp"));
  EXPECT_EQ(evening.find("3. Straight leg lift"), std::string::npos) << evening;
  EXPECT_NE(evening.find("2. Heel slides on the bed"), std::string::npos);

  const SmsRendering sms = render_sms(p);
  ASSERT_EQ(sms.reminders.size(), 2u);
  EXPECT_EQ(sms.reminder, sms.reminders[0]);
  EXPECT_NE(sms.reminders[0].find("after you turn off your alarm: time for your 3 exercises"),
            std::string::npos)
      << sms.reminders[0];
  EXPECT_NE(sms.reminders[1].find("after you finish dinner: time for your 2 exercises"),
            std::string::npos)
      << sms.reminders[1];
  for (const auto& m : sms.messages)
    EXPECT_EQ(text::sms_size(m).segments, 1u) << m;
  EXPECT_TRUE(
      sms.messages[0].starts_with("Hi Maria! Your home exercises, every day, 2 times a day."))
      << sms.messages[0];
}

TEST(Render, OneSessionIsTheSimpleCase) {
  // A single session in sessions[] is the program as it always was: the same renderings.
  std::ifstream file(std::string(PTMCP_SOURCE_DIR) + "/tests/data/cases/hep_post_tka.json");
  const Json plain = Json::parse(file);
  Json one = plain;
  one["schedule"] = {{"days", plain["schedule"]["days"]},
                     {"sessions", Json::array({{{"when", plain["schedule"]["when"]},
                                                {"where", plain["schedule"]["where"]},
                                                {"trigger", plain["schedule"]["trigger"]},
                                                {"time", plain["schedule"]["time"]}}})}};
  const Program a = *check_hep(plain, HepLimits{}).value;
  const Program b = *check_hep(one, HepLimits{}).value;
  EXPECT_TRUE(b.sessions.empty());
  EXPECT_EQ(render_html(a, kStamp), render_html(b, kStamp));
  EXPECT_EQ(render_ics(a, kStamp), render_ics(b, kStamp));
  EXPECT_EQ(render_sms(a).messages, render_sms(b).messages);
}

TEST(Render, TextMessagesFollowTheClinicsEncodingSetting) {
  Program p = program_for("hep_post_tka.json");
  p.patient_name = "Ram\xC3\xB3n";
  const SmsRendering gsm = render_sms(p, text::SmsEncoding::kTransliterate);
  EXPECT_TRUE(gsm.messages[0].starts_with("Hi Ramon! ")) << gsm.messages[0];
  ASSERT_FALSE(gsm.changes.empty());
  EXPECT_EQ(gsm.changes[0], "\"Ram\xC3\xB3n\" is sent as \"Ramon\"");
  for (const auto& m : gsm.messages)
    EXPECT_TRUE(text::is_gsm7(m)) << m;

  const SmsRendering ucs = render_sms(p, text::SmsEncoding::kUnicode);
  EXPECT_TRUE(ucs.messages[0].starts_with("Hi Ram\xC3\xB3n!")) << ucs.messages[0];
  EXPECT_TRUE(ucs.changes.empty());
  std::size_t ucs2 = 0;
  for (const auto& m : ucs.messages) {
    const text::SmsSize size = text::sms_size(m);
    EXPECT_EQ(size.segments, 1u) << m;
    if (!size.gsm7) {
      ++ucs2;
      EXPECT_LE(size.units, 70u) << m;
    }
  }
  // The message naming him goes as UCS-2; the others still fit GSM-7 and go as GSM-7. His
  // block (about 190 characters: two GSM-7 messages) splits at 70 units: more messages.
  EXPECT_GE(ucs2, 1u);
  EXPECT_LT(ucs2, ucs.messages.size());
  EXPECT_GT(ucs.messages.size(), gsm.messages.size());
  EXPECT_NE(ucs.reminder.find("Ram\xC3\xB3n"), std::string::npos);
}

// Every font size the page's style sets, in points, outside the large-print rules.
std::vector<double> default_font_sizes(const std::string& html) {
  const std::string style = html.substr(0, html.find("body.large"));
  std::vector<double> sizes;
  static const std::regex size(R"(font-size: ([0-9.]+)pt)");
  for (auto it = std::sregex_iterator(style.begin(), style.end(), size);
       it != std::sregex_iterator(); ++it)
    sizes.push_back(std::stod((*it)[1].str()));
  return sizes;
}

TEST(Render, ThePageIsPrintedForOlderEyes) {
  const Program p = program_for("hep_post_tka.json");
  const std::string html = render_html(p, kStamp, {"Lakeside PT", "555-0100"});
  EXPECT_NE(html.find("body { font-family: \"DejaVu Sans\", Verdana, Arial, sans-serif; "
                      "font-size: 12pt;"),
            std::string::npos);
  const auto sizes = default_font_sizes(html);
  ASSERT_GE(sizes.size(), 5u);
  for (double pt : sizes)
    EXPECT_GE(pt, 11) << "a font size below 11 pt on the default page";
  EXPECT_EQ(html.find("<body class=\"large\">"), std::string::npos);
  EXPECT_EQ(html.find("Large print"), std::string::npos);
}

TEST(Render, LargePrintIs14PointAndSaysItMayTakeTwoSheets) {
  Program p = program_for("hep_post_tka.json");
  p.large_print = true;
  const std::string html = render_html(p, kStamp);
  EXPECT_NE(html.find("<body class=\"large\">"), std::string::npos);
  EXPECT_NE(html.find("body.large { font-size: 14pt; }"), std::string::npos);
  EXPECT_NE(html.find("Large print: this program may take two sheets."), std::string::npos);
}

TEST(Render, RoomForAPictureWhereTheTherapistAsks) {
  Program p = program_for("hep_post_tka.json");
  EXPECT_EQ(render_html(p, kStamp).find("class=\"picture\""), std::string::npos);
  p.exercises[1].picture_space = true;
  const std::string html = render_html(p, kStamp);
  const auto at = html.find("<div class=\"picture\"></div>");
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(html.find("<div class=\"picture\"></div>", at + 1), std::string::npos);
  // Under the second exercise, not the first.
  EXPECT_GT(at, html.find(p.exercises[1].name));
  EXPECT_LT(html.find(p.exercises[0].name), html.find(p.exercises[1].name));
}

TEST(Render, AMilestoneThatNamesTheVisitDayKeepsItsWords) {
  Program p = program_for("hep_post_tka.json");
  p.milestone = "By your next visit on Monday, November 30, walk 10 minutes with the cane.";
  const std::string html = render_html(p, kStamp);
  EXPECT_NE(html.find("</strong> Walk 10 minutes with the cane.</p>"), std::string::npos)
      << html.substr(html.find("class=\"goal\""), 200);
}

TEST(Render, TheTrackerStartsOnTheDayThePageSaysToStart) {
  use_utc();
  const Program p = program_for("hep_post_tka.json");  // visit Monday 11/23, Mon to Sat
  // Saved on Wednesday 11/25, two days after the visit: "Start today, Wednesday."
  const Stamp later{"p-later0001", 1, "2026-11-25T15:00:00Z"};
  EXPECT_EQ(start_text(p, later), "Start today, Wednesday.");
  const std::string html = render_html(p, later);
  const auto first = html.find("<div class=\"day\"><span class=\"box\"></span>");
  ASSERT_NE(first, std::string::npos);
  EXPECT_EQ(html.substr(first + 42, 9), "Wed 11/25") << html.substr(first, 80);
  EXPECT_EQ(html.find("Tue 11/24"), std::string::npos);
}

TEST(Render, AProgramSavedAfterItsLastDayHasNoEmptyTracker) {
  use_utc();
  const Program p = program_for("hep_post_tka.json");  // visit 11/23, next visit 11/30
  const Stamp late{"p-late00001", 1, "2026-12-02T15:00:00Z"};
  const std::string html = render_html(p, late);
  EXPECT_EQ(html.find("Check off each day"), std::string::npos);
  EXPECT_EQ(html.find("class=\"tracker\""), std::string::npos);
  // Nor does it say the visit was today.
  EXPECT_NE(html.find("we picked at your visit on Monday, November 23."), std::string::npos);
  EXPECT_EQ(html.find("at your visit today"), std::string::npos);
  // Saved in time, the heading and its boxes are there.
  const Stamp on_time{"p-ontime001", 1, "2026-11-23T15:00:00Z"};
  EXPECT_NE(render_html(p, on_time).find("Check off each day"), std::string::npos);
}

TEST(Render, LargePrintAndPicturesAreKeptWithTheProgram) {
  Program p = program_for("hep_post_tka.json");
  p.large_print = true;
  p.exercises[0].picture_space = true;
  const Program back = nlohmann::json(p).get<Program>();
  EXPECT_TRUE(back.large_print);
  EXPECT_TRUE(back.exercises[0].picture_space);
  EXPECT_FALSE(back.exercises[1].picture_space);
  // A program stored before these fields existed reads as default print, no pictures.
  nlohmann::json old = p;
  old["patient"].erase("large_print");
  old["exercises"][0].erase("picture_space");
  const Program older = old.get<Program>();
  EXPECT_FALSE(older.large_print);
  EXPECT_FALSE(older.exercises[0].picture_space);
}

}  // namespace
}  // namespace ptmcp::tools::hep
