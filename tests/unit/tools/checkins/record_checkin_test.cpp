// record_checkin's decisions: needs_review, the pain rule with the clinic's severe level,
// clinic hours and the after-hours line, and replies that stay one GSM-7 segment and never
// praise severe pain. Decisions are tested on ParsedCheckin values built by hand (what the
// parser promises in checkin_parser.h) and, end to end, through the real tool.
#include "tools/checkins/record_checkin.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include <fmt/format.h>

#include "server/assets.h"
#include "tools/checkins/checkin_record.h"
#include "tools/checkins/checkin_reply.h"
#include "tools/hep/dates.h"
#include "tools/hep/generate_hep.h"
#include "tools/text/messages.h"
#include "tools/text/readability.h"
#include "tools/text/sms.h"

namespace ptmcp::tools::checkins {
namespace {

using Json = nlohmann::json;
using std::chrono::days;
using std::chrono::sys_days;

// 2026-11-24 is a Tuesday (the sample program's first day after the visit).
const sys_days kTuesday = *hep::parse_date("2026-11-24");
const sys_days kFriday = kTuesday + days{3};
const sys_days kSaturday = kTuesday + days{4};
const sys_days kMonday = kTuesday + days{6};

LocalTime at(sys_days day, int hour, int minute = 0) {
  return {day, hour * 60 + minute};
}

hep::Program program() {
  hep::Program p;
  p.patient_name = "Maria";
  p.pain_rise_max = 2;
  p.problem_contact = "Call Lakeside PT at 555-0100";
  return p;
}

ParsedCheckin parsed(std::string status, std::optional<int> pain = std::nullopt) {
  ParsedCheckin p;
  p.status = std::move(status);
  p.pain = pain;
  return p;
}

ParsedCheckin flagged(std::string tier) {
  ParsedCheckin p = parsed("unclear");
  p.flags.push_back({tier, "possible blood clot", "calf swollen"});
  p.tier = std::move(tier);
  return p;
}

ParsedCheckin unsure() {
  ParsedCheckin p = parsed("unclear");
  p.needs_review = true;
  p.review_reason = "knee feels weird and warm";
  return p;
}

bool praises(const std::string& reply) {
  std::string lower = reply;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  // Any language's praise words: replies are sent as GSM-7, so accents are already gone.
  for (const auto& lang : text::message_languages()) {
    const auto& words = text::messages(lang).list("praise");
    if (std::any_of(words.begin(), words.end(),
                    [&lower](const std::string& w) { return lower.find(w) != std::string::npos; }))
      return true;
  }
  return false;
}

const CheckinSettings& defaults() {
  static const CheckinSettings s = load_checkin_settings("");
  return s;
}

CheckinDecision decide(const ParsedCheckin& p, LocalTime when = at(kTuesday, 10),
                       std::optional<int> first_pain = std::nullopt) {
  return decide_checkin(p, program(), first_pain, defaults(), {}, when);
}

TEST(CheckinDecision, SeverePainAsAFirstReportIsARuleHitAndNeverPraised) {
  // "arm hurts 9/10" with the session done: no earlier report, so no rise, but 9 >= 7.
  const auto d = decide(parsed("done", 9));
  EXPECT_TRUE(d.pain.hit);
  EXPECT_TRUE(d.pain.severe);
  EXPECT_EQ(d.pain.reason, "severe");
  EXPECT_FALSE(d.pain.rise.has_value());
  EXPECT_FALSE(praises(d.reply)) << d.reply;
  EXPECT_NE(d.reply.find("9/10"), std::string::npos) << d.reply;
  EXPECT_NE(d.reply.find("Stop any exercise that makes it worse"), std::string::npos) << d.reply;
  EXPECT_FALSE(d.escalate);
}

TEST(CheckinDecision, TheSevereLevelIsTheClinics) {
  EXPECT_FALSE(decide(parsed("done", 6)).pain.hit);  // default level 7
  EXPECT_TRUE(decide(parsed("done", 7)).pain.hit);   // at the level is severe
  CheckinSettings strict = defaults();
  strict.pain_severe = 6;
  EXPECT_TRUE(
      decide_checkin(parsed("done", 6), program(), std::nullopt, strict, {}, at(kTuesday, 10))
          .pain.hit);
}

TEST(CheckinDecision, SeverePainInWordsIsARuleHit) {
  ParsedCheckin p = parsed("done");
  p.pain_severe_words = true;  // "killing me"
  const auto d = decide(p);
  EXPECT_TRUE(d.pain.hit);
  EXPECT_EQ(d.pain.reason, "severe_words");
  EXPECT_FALSE(praises(d.reply)) << d.reply;
}

TEST(CheckinDecision, ARiseAboveTheProgramsLimitOverTheFirstReport) {
  // First report 2; 5 is a rise of 3 > 2; 4 is a rise of 2, within the rule.
  const auto hit = decide(parsed("done", 5), at(kTuesday, 10), 2);
  EXPECT_EQ(hit.pain.rise, 3);
  EXPECT_EQ(hit.pain.reason, "rise");
  EXPECT_NE(hit.reply.find("more than 2 points"), std::string::npos) << hit.reply;
  const auto within = decide(parsed("done", 4), at(kTuesday, 10), 2);
  EXPECT_FALSE(within.pain.hit);
  EXPECT_TRUE(praises(within.reply));  // the control: a routine done is still cheered
}

TEST(CheckinDecision, NeedsReviewIsItsOwnStatusNotAnEscalation) {
  const auto d = decide(unsure());
  EXPECT_EQ(d.status, "needs_review");
  EXPECT_FALSE(d.escalate);
  EXPECT_EQ(d.reply_kind, "needs_review");
  EXPECT_NE(d.reply.find("A person at the clinic will read your message today"), std::string::npos)
      << d.reply;
  EXPECT_FALSE(praises(d.reply));
  // Even when the message also says the session was done.
  ParsedCheckin done = unsure();
  done.status = "done";
  EXPECT_EQ(decide(done).status, "needs_review");
  EXPECT_FALSE(praises(decide(done).reply));
}

TEST(CheckinDecision, NeedsReviewNamesTheClinicWhenItHasAName) {
  const auto d = decide_checkin(unsure(), program(), std::nullopt, defaults(), {"Lakeside PT", ""},
                                at(kTuesday, 10));
  EXPECT_NE(d.reply.find("A person at Lakeside PT will read"), std::string::npos) << d.reply;
}

TEST(CheckinDecision, NeedsReviewAfterHoursSaysWhenAPersonWillReadIt) {
  // Default hours: Monday to Friday, 8 AM to 6 PM.
  EXPECT_NE(decide(unsure(), at(kTuesday, 19)).reply.find("tomorrow at 8 AM"), std::string::npos);
  EXPECT_NE(decide(unsure(), at(kTuesday, 7, 59)).reply.find("today at 8 AM"), std::string::npos);
  EXPECT_NE(decide(unsure(), at(kFriday, 18)).reply.find("Monday at 8 AM"), std::string::npos);
  EXPECT_NE(decide(unsure(), at(kSaturday, 10)).reply.find("Monday at 8 AM"), std::string::npos);
  const auto closed = decide(unsure(), at(kSaturday, 10));
  EXPECT_TRUE(closed.after_hours);
  EXPECT_EQ(closed.reply_kind, "needs_review_after_hours");
  EXPECT_NE(closed.reply.find("We are closed now"), std::string::npos) << closed.reply;
  EXPECT_FALSE(decide(unsure(), at(kMonday, 8)).after_hours);  // opening minute is open
  EXPECT_TRUE(decide(unsure(), at(kMonday, 18)).after_hours);  // closing minute is closed
}

TEST(CheckinDecision, AProgramInSpanishIsAnsweredInSpanish) {
  hep::Program p = program();
  p.language = "es";
  p.problem_contact = "Llame a Lakeside PT al 555-0100";
  const auto done =
      decide_checkin(parsed("done"), p, std::nullopt, defaults(), {}, at(kTuesday, 10));
  // Replies are sent as one GSM-7 segment: "así" loses its accent, "¡" is a GSM-7 letter.
  EXPECT_EQ(done.reply, "¡Gracias, Maria! Muy bien. Siga asi.");
  const auto pain =
      decide_checkin(parsed("done", 8), p, std::nullopt, defaults(), {}, at(kTuesday, 10));
  EXPECT_EQ(pain.reply_kind, "pain_severe");
  EXPECT_NE(pain.reply.find("Un dolor de 8/10 es alto"), std::string::npos) << pain.reply;
  const auto closed = decide_checkin(unsure(), p, std::nullopt, defaults(), {}, at(kFriday, 19));
  EXPECT_NE(closed.reply.find("el lunes a las 8:00"), std::string::npos) << closed.reply;
  const auto same_day =
      decide_checkin(flagged("same_day"), p, std::nullopt, defaults(), {}, at(kTuesday, 10));
  EXPECT_NE(same_day.reply.find("llame a Lakeside PT al 555-0100"), std::string::npos)
      << same_day.reply;
  for (const auto* reply : {&done.reply, &pain.reply, &closed.reply, &same_day.reply})
    EXPECT_EQ(text::sms_size(*reply).segments, 1) << *reply;
}

// A clinic sets its after-hours line per language; a Spanish program gets the clinic's
// Spanish line, and without one, es.json's.
TEST(CheckinDecision, TheClinicsAfterHoursLineInTheProgramsLanguage) {
  hep::Program p = program();
  p.language = "es";
  CheckinSettings s = defaults();
  const auto standard =
      decide_checkin(flagged("same_day"), p, std::nullopt, s, {}, at(kTuesday, 21));
  EXPECT_NE(standard.reply.find("Ahora estamos cerrados"), std::string::npos) << standard.reply;
  s.after_hours_in["es"] = "Estamos cerrados. Llame al 555-0199, la linea de noche del Dr. Ruiz.";
  const auto own = decide_checkin(flagged("same_day"), p, std::nullopt, s, {}, at(kTuesday, 21));
  EXPECT_NE(own.reply.find("555-0199, la linea de noche del Dr. Ruiz"), std::string::npos)
      << own.reply;
  EXPECT_EQ(text::sms_size(own.reply).segments, 1);
  // English programs keep the English line.
  const auto english =
      decide_checkin(flagged("same_day"), program(), std::nullopt, s, {}, at(kTuesday, 21));
  EXPECT_NE(english.reply.find(s.after_hours), std::string::npos) << english.reply;
}

TEST(CheckinDecision, SameDayFlagOutsideHoursGetsTheAfterHoursLineNotCallUsToday) {
  const auto open = decide(flagged("same_day"), at(kTuesday, 10));
  EXPECT_TRUE(open.escalate);
  EXPECT_NE(open.reply.find("today"), std::string::npos) << open.reply;
  const auto closed = decide(flagged("same_day"), at(kTuesday, 21));
  EXPECT_TRUE(closed.escalate);
  EXPECT_TRUE(closed.after_hours);
  EXPECT_EQ(closed.reply, "Thank you for telling us, Maria. " + defaults().after_hours);
  EXPECT_EQ(closed.reply.find("reach us today"), std::string::npos);
  EXPECT_EQ(closed.reply.find("call the clinic today"), std::string::npos);
}

TEST(CheckinDecision, EmergenciesIgnoreTheHours) {
  EXPECT_EQ(decide(flagged("emergency"), at(kSaturday, 3)).reply_kind, "emergency");
  EXPECT_EQ(decide(flagged("urgent"), at(kSaturday, 3)).reply_kind, "urgent");
}

// Every combination a reply can be chosen from: no path praises severe pain or a message a
// person must read, and every reply is one GSM-7 segment with the longest values the
// schemas and the configuration allow (a 40-letter name, a 100-character clinic name, a
// 200-character problem contact, a 130-character after-hours line).
TEST(CheckinDecision, EveryReplyPathIsOneSegmentAndNeverPraisesSeverePain) {
  hep::Program longest = program();
  longest.patient_name = std::string(40, 'W');
  longest.problem_contact = "Call " + std::string(195, 'Q');
  // The same in Spanish: its replies and its after-hours line come from es.json.
  hep::Program spanish = program();
  spanish.language = "es";
  hep::Program spanish_longest = longest;
  spanish_longest.language = "es";
  CheckinSettings settings = defaults();
  settings.after_hours = "We are closed now. " + std::string(111, 'Z');
  ASSERT_EQ(settings.after_hours.size(), 130u);
  settings.after_hours_in["es"] = "Estamos cerrados. " + std::string(112, 'Z');
  ASSERT_EQ(settings.after_hours_in["es"].size(), 130u);
  const hep::Clinic clinic{std::string(100, 'C'), std::string(200, '5')};
  std::set<std::string> kinds;
  int checked = 0;
  for (const auto* status : {"done", "partial", "skipped", "unclear"}) {
    for (const auto* tier : {"", "same_day", "urgent", "emergency"}) {
      for (int pain = -1; pain <= 10; ++pain) {
        for (int bits = 0; bits < 16; ++bits) {
          ParsedCheckin p = *tier ? flagged(tier) : parsed("unclear");
          p.status = status;
          if (pain >= 0) p.pain = pain;
          p.needs_review = bits & 1;
          p.pain_severe_words = bits & 2;
          p.opt_out = bits & 4;
          p.help = bits & 8;
          for (auto when : {at(kTuesday, 10), at(kTuesday, 22), at(kSaturday, 12)}) {
            for (const auto& prog : {program(), longest, spanish, spanish_longest}) {
              for (const auto& c : {hep::Clinic{}, clinic}) {
                for (const Subscription sub :
                     {Subscription{}, Subscription{true, false}, Subscription{true, true}}) {
                  const auto d = decide_checkin(p, prog, 1, settings, c, when, sub);
                  kinds.insert(d.reply_kind);
                  ++checked;
                  ASSERT_TRUE(text::is_gsm7(d.reply)) << d.reply;
                  ASSERT_EQ(text::sms_size(d.reply).segments, 1) << d.reply_kind << ": " << d.reply;
                  if ((p.pain && *p.pain >= settings.pain_severe) || p.pain_severe_words ||
                      p.needs_review) {
                    ASSERT_FALSE(praises(d.reply)) << d.reply_kind << ": " << d.reply;
                  }
                }
              }
            }
          }
        }
      }
    }
  }
  // All seventeen reply lists of data/messages/en.json were reached.
  EXPECT_EQ(kinds.size(), 17u);
  EXPECT_GT(checked, 10000);
}

TEST(CheckinReplies, ArePlainWords) {
  // Each reply filled with ordinary values reads at or below grade 6 (Flesch-Kincaid).
  const Json data = Json::parse(server::require_asset("data/messages/en.json"));
  for (const auto& [kind, list] : data["replies"].items()) {
    if (!list.is_array()) continue;  // after_hours: the default line, read above
    for (const auto& tmpl : list) {
      std::string text = fmt::format(
          fmt::runtime(tmpl.get<std::string>()), fmt::arg("name", "Maria"),
          fmt::arg("clinic", "Lakeside PT"), fmt::arg("problem_contact", "call us at 555-0100"),
          fmt::arg("after_hours", defaults().after_hours), fmt::arg("opens", "Monday at 8 AM"),
          fmt::arg("pain", 8), fmt::arg("rise_max", 2));
      EXPECT_LE(text::measure(text).grade, 6.0) << kind << ": " << text;
    }
  }
}

// End to end through the tool, on a temporary database.
class RecordCheckin : public ::testing::Test {
 protected:
  RecordCheckin() {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("ptmcp-record-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir);
    config_ = (dir / "clinic.json").string();
    store_ =
        std::shared_ptr<store::ProgramStore>(store::open_sqlite_store((dir / "t.db").string()));
    hep::add_generate_hep(catalog_, {store_, hep::HepLimits{}, hep::Clinic{}});
    add_record_checkin(catalog_, store_);
    std::ifstream file(std::string(PTMCP_SOURCE_DIR) + "/tests/data/cases/hep_post_tka.json");
    program_id_ = call("generate_hep", Json::parse(file))["program_id"];
  }

  Json call(const std::string& tool, const Json& args) {
    server::ToolContext context;
    auto result = catalog_.tools.find(tool)->definition.handler(args, context);
    EXPECT_FALSE(result.is_error) << result.text;
    text_ = result.text;
    return result.structured;
  }

  Json checkin(const std::string& message, const std::string& at = "2026-11-24T10:00:00-05:00") {
    return call("record_checkin",
                {{"program_id", program_id_}, {"message", message}, {"received_at", at}});
  }

  server::Catalog catalog_;
  std::shared_ptr<store::ProgramStore> store_;
  std::string program_id_;
  std::string config_;
  std::string text_;
};

TEST_F(RecordCheckin, SeverePainAsAFirstReportIsNotCheered) {
  // The issue's case: a first report, so no baseline; the old reply was "Nice work. Keep it up."
  Json r = checkin("done, arm hurts 9/10");
  EXPECT_EQ(r["pain"], 9);
  EXPECT_TRUE(r["pain_rule"]["hit"]);
  EXPECT_EQ(r["pain_rule"]["reason"], "severe");
  EXPECT_EQ(r["pain_rule"]["severe_level"], 7);
  EXPECT_FALSE(praises(r["reply"].get<std::string>())) << r["reply"];
  EXPECT_NE(text_.find("Pain rule hit: severe pain"), std::string::npos) << text_;
}

TEST_F(RecordCheckin, StoresATypedRecord) {
  checkin("skipped, calf swollen", "2026-11-24T21:00:00-05:00");
  const auto stored = store_->checkins(program_id_);
  ASSERT_EQ(stored.size(), 1u);
  const auto rec = stored[0].parsed.get<CheckinRecord>();
  EXPECT_EQ(rec.session, "skipped");
  EXPECT_EQ(rec.tier, "same_day");
  EXPECT_TRUE(rec.after_hours);  // 9 PM, in the message's own offset
  ASSERT_EQ(rec.flags.size(), 1u);
  EXPECT_EQ(Json(rec), stored[0].parsed);  // what is stored is the record, field for field
}

TEST_F(RecordCheckin, TheClinicsConfigurationSetsHoursAndTheSevereLevel) {
  std::ofstream(config_) << R"({"checkins": {"pain_severe": 5, "hours": {"sat": ["09:00", "13:00"]},
    "after_hours": "We are closed. Call the surgeon's night line at 555-0199 now."}})";
  const CheckinSettings s = load_checkin_settings(config_);
  EXPECT_EQ(s.pain_severe, 5);
  EXPECT_FALSE(clinic_open(s, at(kTuesday, 10)));  // the clinic's hours replace the week
  EXPECT_TRUE(clinic_open(s, at(kSaturday, 9)));
  EXPECT_FALSE(clinic_open(s, at(kSaturday, 13)));
  EXPECT_EQ(next_opening(s, at(kSaturday, 14)), "Saturday at 9 AM");
  EXPECT_EQ(next_opening(s, at(kSaturday, 14), text::messages("es")), "el sábado a las 9:00");
  server::Catalog catalog;
  add_record_checkin(catalog, store_, s);
  server::ToolContext context;
  auto r = catalog.tools.find("record_checkin")
               ->definition.handler({{"program_id", program_id_},
                                     {"message", "skipped, calf swollen"},
                                     {"received_at", "2026-11-24T10:00:00-05:00"}},
                                    context);
  EXPECT_EQ(r.structured["reply"],
            "Thank you for telling us, Maria. We are closed. Call the surgeon's night line at "
            "555-0199 now.");
}

// Carriers' messaging rules: after STOP, HELP still gets the informational reply, and START
// (or UNSTOP) confirms the texts are back, in one segment.
TEST_F(RecordCheckin, AfterStopHelpIsStillAnsweredAndStartConfirmsTheTextsAreBack) {
  Json stop = checkin("STOP", "2026-11-24T10:00:00-05:00");
  EXPECT_TRUE(stop["opted_out"]);
  EXPECT_EQ(stop["reply"], "You will get no more texts from us. Call us if you want them again.");
  Json done = checkin("done", "2026-11-24T11:00:00-05:00");
  EXPECT_TRUE(done["reply"].is_null());
  EXPECT_TRUE(done["reply_suppressed"]);
  Json help = checkin("HELP", "2026-11-24T12:00:00-05:00");
  EXPECT_FALSE(help["reply_suppressed"]);
  ASSERT_TRUE(help["reply"].is_string());
  EXPECT_EQ(help["reply"],
            "This number is for your home exercise check-ins. You get no texts from us now. Reply "
            "START to get them again. In an emergency, call 911.");
  EXPECT_TRUE(help["opted_out"]);  // asking for help is not opting back in
  for (const char* again : {"Start", "UNSTOP"}) {
    Json start = checkin(again, "2026-11-24T13:00:00-05:00");
    EXPECT_FALSE(start["opted_out"]) << again;
    ASSERT_TRUE(start["reply"].is_string()) << again;
    const std::string reply = start["reply"];
    EXPECT_EQ(reply,
              "Welcome back, Maria. You will get texts from us again. Reply DONE after you "
              "exercise. Reply STOP to end texts.");
    EXPECT_EQ(text::sms_size(reply).segments, 1u);
    EXPECT_TRUE(text::is_gsm7(reply));
    checkin("stop", "2026-11-24T14:00:00-05:00");
  }
  // Not opted out, HELP gets the ordinary help line.
  checkin("start", "2026-11-24T15:00:00-05:00");
  EXPECT_EQ(checkin("help", "2026-11-24T16:00:00-05:00")["reply"],
            "This number is for your home exercise check-ins. Reply DONE after you exercise. Reply "
            "STOP to end texts. In an emergency, call 911.");
}

TEST(CheckinReplies, StartAndUnstopAreTheOnlyOptInWords) {
  for (const char* yes : {"START", "start", " Start! ", "UNSTOP", "unstop."})
    EXPECT_TRUE(is_opt_in(yes)) << yes;
  for (const char* no : {"started", "start tomorrow", "stop", "restart", ""})
    EXPECT_FALSE(is_opt_in(no)) << no;
}

// A check-in whose time the program cannot hold: no offset, a day before the program's first
// visit, or more than a day ahead of now. Nothing is written; the finding says why.
class CheckinDates : public RecordCheckin {
 protected:
  // Noon UTC on Friday, November 27, 2026 (the program's visit was Monday the 23rd).
  static std::chrono::system_clock::time_point now() {
    return std::chrono::sys_days{*hep::parse_date("2026-11-27")} + std::chrono::hours{12};
  }
  CheckinDates() { add_record_checkin(clocked_, store_, load_checkin_settings(""), {}, now); }

  server::ToolResult refused(const std::string& message, const std::string& at) {
    server::ToolContext context;
    auto r =
        clocked_.tools.find("record_checkin")
            ->definition.handler(
                {{"program_id", program_id_}, {"message", message}, {"received_at", at}}, context);
    EXPECT_TRUE(r.is_error) << at;
    return r;
  }
  server::Catalog clocked_;
};

TEST_F(CheckinDates, ATimeWithoutAnOffsetSaysTheOffsetIsMissingAndShowsOne) {
  const auto r = refused("done", "2026-11-24T07:20:00");
  EXPECT_NE(r.text.find("has no offset"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("\"2026-11-24T07:20:00-05:00\""), std::string::npos) << r.text;
  const auto minutes = refused("done", "2026-11-24T07:20");
  EXPECT_NE(minutes.text.find("\"2026-11-24T07:20:00-05:00\""), std::string::npos) << minutes.text;
  EXPECT_NE(refused("done", "yesterday").text.find("is not an RFC 3339 time"), std::string::npos);
}

TEST_F(CheckinDates, ADayBeforeTheProgramStartedIsRefused) {
  const auto r = refused("done", "2026-11-20T19:00:00-05:00");
  EXPECT_NE(r.text.find("before the program started (the visit on Monday, November 23)"),
            std::string::npos)
      << r.text;
  EXPECT_NE(r.text.find("nothing was saved"), std::string::npos);
  // "yesterday" on the visit day speaks of the day before it.
  refused("did them yesterday", "2026-11-23T19:00:00-05:00");
  EXPECT_TRUE(store_->checkins(program_id_).empty());
  // A warning sign in a refused message is still said.
  EXPECT_NE(refused("my calf is swollen and red", "2026-11-20T19:00:00-05:00")
                .text.find("a person at the clinic must read it now"),
            std::string::npos);
  // A STOP is honored even when its time is wrong.
  EXPECT_NE(refused("STOP", "2026-11-20T19:00:00-05:00").text.find("The STOP was honored"),
            std::string::npos);
  EXPECT_TRUE(store_->opted_out(program_id_));
  // The visit day itself is the program's first day.
  server::ToolContext context;
  EXPECT_FALSE(clocked_.tools.find("record_checkin")
                   ->definition
                   .handler({{"program_id", program_id_},
                             {"message", "done"},
                             {"received_at", "2026-11-23T19:00:00-05:00"}},
                            context)
                   .is_error);
}

TEST_F(CheckinDates, MoreThanADayAheadOfNowIsRefused) {
  // Now is 2026-11-27T12:00:00Z; 2026-11-28T08:00:00-05:00 is 13:00 UTC, 25 hours ahead.
  const auto r = refused("done", "2026-11-28T08:00:00-05:00");
  EXPECT_NE(r.text.find("more than a day ahead of now (2026-11-27T12:00:00Z)"), std::string::npos)
      << r.text;
  EXPECT_TRUE(store_->checkins(program_id_).empty());
  // Within the day ahead (a phone in a time zone east of the clinic's) is fine.
  server::ToolContext context;
  EXPECT_FALSE(clocked_.tools.find("record_checkin")
                   ->definition
                   .handler({{"program_id", program_id_},
                             {"message", "done"},
                             {"received_at", "2026-11-28T06:00:00-05:00"}},
                            context)
                   .is_error);
}

TEST(CheckinSettings, BadConfigurationsAreRefusedByName) {
  const auto path = (std::filesystem::temp_directory_path() /
                     ("ptmcp-cfg-" + std::to_string(std::random_device{}())))
                        .string();
  auto refused = [&](const std::string& json) {
    std::ofstream(path) << json;
    try {
      load_checkin_settings(path);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(
      refused(R"({"checkins": {"hours": {"mon": ["18:00", "08:00"]}}})").find("closes before"),
      std::string::npos);
  EXPECT_NE(refused(R"({"checkins": {"hours": {"mon": ["8:00", "18:00"]}}})").find("/hours/mon"),
            std::string::npos);
  EXPECT_NE(refused(R"({"checkins": {"pain_severe": 11}})").find("pain_severe"), std::string::npos);
  EXPECT_NE(refused(R"({"checkins": {"after_hours": "Closed ⛔ call the night line please"}})")
                .find("one text message"),
            std::string::npos);
  EXPECT_EQ(refused(R"({"hep": {"exercises_max": 3}})"), "");  // no section: the defaults
  // A line per language: a language ptmcp does not write, or a line too long with its
  // opening, is refused; a good one is kept.
  EXPECT_NE(
      refused(R"({"checkins": {"after_hours": {"fr": "Nous sommes fermés, appelez le 15."}}})")
          .find("/checkins/after_hours/fr"),
      std::string::npos);
  // 20 letters and 60 euro signs, two septets each: 140 septets, past one message with
  // "Gracias por decirnos. " before them.
  std::string euros;
  for (int i = 0; i < 60; ++i)
    euros += "€";
  EXPECT_NE(
      refused(R"({"checkins": {"after_hours": {"es": ")" + std::string(20, 'x') + euros + R"("}}})")
          .find("/checkins/after_hours/es must fit one text message"),
      std::string::npos);
  std::ofstream(path)
      << R"({"checkins": {"after_hours": {"en": "We are closed. Call the night line at 555-0199.", "es": "Estamos cerrados. Llame a la línea de noche al 555-0199."}}})";
  const CheckinSettings both = load_checkin_settings(path);
  EXPECT_EQ(both.after_hours, "We are closed. Call the night line at 555-0199.");
  EXPECT_EQ(both.after_hours_for("es"), "Estamos cerrados. Llame a la línea de noche al 555-0199.");
  std::filesystem::remove(path);
}

TEST(CheckinSettings, LocalTimeIsTheMessagesOwn) {
  auto t = local_time_of("2026-11-24T19:05:00-05:00");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->day, kTuesday);
  EXPECT_EQ(t->minute, 19 * 60 + 5);
  EXPECT_FALSE(local_time_of("2026-11-24"));
}

TEST(CheckinRecords, OldStoredCheckinsStillRead) {
  // Exactly what record_checkin stored before typed records (written out by hand).
  const Json old = Json::parse(R"({"status": "partial", "pain": 4,
    "exercises_done": ["Knee bends"], "exercises_skipped": [],
    "flags": [{"tier": "same_day", "label": "possible blood clot", "matched": "calf swollen"}],
    "tier": "same_day", "pain_rule_hit": true, "opt_out": false, "help": false,
    "yesterday": true})");
  const auto r = old.get<CheckinRecord>();
  EXPECT_EQ(r.status, "partial");
  EXPECT_EQ(r.session, "partial");
  EXPECT_EQ(r.pain, 4);
  EXPECT_EQ(r.exercises_done, std::vector<std::string>{"Knee bends"});
  ASSERT_EQ(r.flags.size(), 1u);
  EXPECT_EQ(r.flags[0].matched, "calf swollen");
  EXPECT_EQ(r.tier, "same_day");
  EXPECT_TRUE(r.pain_rule_hit);
  EXPECT_EQ(r.pain_rule_reason, "rise");  // the only pain rule there was
  EXPECT_TRUE(r.yesterday);
  EXPECT_FALSE(r.needs_review);
  // A null tier and pain, and fields of the wrong type, read as their defaults.
  const auto bare = Json::parse(R"({"status": "done", "pain": null, "tier": null,
    "flags": "?"})")
                        .get<CheckinRecord>();
  EXPECT_EQ(bare.session, "done");
  EXPECT_FALSE(bare.pain);
  EXPECT_EQ(bare.tier, "");
  EXPECT_TRUE(bare.flags.empty());
}

}  // namespace
}  // namespace ptmcp::tools::checkins
