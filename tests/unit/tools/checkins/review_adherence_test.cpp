// Adherence figures against hand-worked expectations on synthetic histories, recorded
// through the real tools (generate_hep, record_checkin, review_adherence) on a temporary
// database.
#include "tools/checkins/review_adherence.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include <regex>

#include "tools/checkins/checkin_record.h"
#include "tools/checkins/record_checkin.h"
#include "tools/hep/dates.h"
#include "tools/hep/generate_hep.h"
#include "tools/notes/progress_note.h"
#include "tools/store/program_store.h"

namespace ptmcp::tools::checkins {
namespace {

using Json = nlohmann::json;

class Review : public ::testing::Test {
 protected:
  Review() {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("ptmcp-review-" + std::to_string(std::random_device{}()));
    store_ =
        std::shared_ptr<store::ProgramStore>(store::open_sqlite_store((dir / "t.db").string()));
    hep::add_generate_hep(catalog_, {store_, hep::HepLimits{}, hep::Clinic{}});
    // The histories run into December 2026: check-ins are held against a clock after them.
    add_record_checkin(catalog_, store_, load_checkin_settings(""), {}, [] {
      return std::chrono::sys_days{*hep::parse_date("2026-12-31")} + std::chrono::hours{12};
    });
    add_review_adherence(catalog_, store_);
    notes::add_draft_progress_note(catalog_, store_);
    // The sample knee program (Mon-Sat), with two weeks to the next visit: 11 scheduled
    // sessions from Tue 11/24 to Sat 12/5.
    program_id_ = call("generate_hep", knee_program())["program_id"];
  }

  static Json knee_program() {
    std::ifstream file(std::string(PTMCP_SOURCE_DIR) + "/tests/data/cases/hep_post_tka.json");
    Json request = Json::parse(file);
    request["visit"]["next_visit"] = "2026-12-07";
    return request;
  }

  // A check-in stored as record_checkin would store it, for what the parser of this release
  // cannot produce from a message (needs_review, a skip reason, every tier).
  void stored(const std::string& date, const std::string& time, const CheckinRecord& record,
              const std::string& message = "a message") {
    const std::string at = date + "T" + time + ":00-05:00";
    store_->add_checkin(
        {0, program_id_, at, hep::parse_timestamp(at)->utc, date, message, "sms", record, false});
  }

  Json call(const std::string& tool, const Json& args) {
    server::ToolContext context;
    auto result = catalog_.tools.find(tool)->definition.handler(args, context);
    EXPECT_FALSE(result.is_error) << result.text;
    return result.structured;
  }

  Json checkin(const std::string& date, const std::string& message) {
    return call("record_checkin", {{"program_id", program_id_},
                                   {"message", message},
                                   {"received_at", date + "T19:00:00-05:00"}});
  }

  Json review(const Json& extra = Json::object()) {
    Json args = {{"program_id", program_id_}, {"from", "2026-11-24"}, {"to", "2026-12-06"}};
    args.update(extra);
    return call("review_adherence", args);
  }

  static std::vector<std::string> scheduled() {
    return {"2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28", "2026-11-30",
            "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05"};
  }

  server::Catalog catalog_;
  std::shared_ptr<store::ProgramStore> store_;
  std::string program_id_;
};

bool has_element(const Json& r, int element) {
  for (const auto& d : r["diagnosis"]) {
    if (d["element"] == element) return true;
  }
  return false;
}

TEST_F(Review, PerfectWeeks) {
  for (const auto& d : scheduled())
    checkin(d, "done");
  Json r = review();
  EXPECT_EQ(r["scheduled_sessions"], 11);
  EXPECT_EQ(r["sessions_done"], 11.0);
  EXPECT_EQ(r["adherence_percent"], 100.0);
  EXPECT_EQ(r["streaks"]["longest"], 11);
  EXPECT_EQ(r["streaks"]["current"], 11);
  EXPECT_TRUE(r["missed_dates"].empty());
  EXPECT_EQ(r["days_without_checkin"], 0);
  EXPECT_TRUE(r["diagnosis"].empty());
  EXPECT_NE(r["summary"].get<std::string>().find("The format is working"), std::string::npos);
}

TEST_F(Review, WeekendMisser) {
  for (const auto& d : scheduled()) {
    if (d != "2026-11-28" && d != "2026-12-05") checkin(d, "done");
  }
  checkin("2026-11-29", "did them today since I missed saturday");  // Sunday: extra, not a make-up
  Json r = review();
  EXPECT_EQ(r["sessions_done"], 9.0);
  EXPECT_EQ(r["adherence_percent"], 81.8);  // 9 / 11
  EXPECT_EQ(r["missed_dates"], Json({"2026-11-28", "2026-12-05"}));
  EXPECT_EQ(r["extra_sessions"], 1);
  EXPECT_EQ(r["streaks"]["longest"], 5);  // Mon 11/30 to Fri 12/4
  EXPECT_EQ(r["streaks"]["current"], 0);  // Sat 12/5 missed
  ASSERT_TRUE(has_element(r, 3));
  EXPECT_NE(r["diagnosis"][0]["finding"].get<std::string>().find("Saturdays"), std::string::npos);
  EXPECT_NE(r["diagnosis"][0]["evidence"].get<std::string>().find(
                "Saturdays: 0 of 2 done; other days: 9 of 9"),
            std::string::npos);
}

TEST_F(Review, OneExerciseSkipped) {
  for (const auto& d : scheduled())
    checkin(d, "all but the leg lifts");
  Json r = review();
  EXPECT_EQ(r["sessions_done"], 5.5);  // partial counts half
  EXPECT_EQ(r["adherence_percent"], 50.0);
  EXPECT_EQ(r["by_exercise"][0]["percent"], 100.0);
  EXPECT_EQ(r["by_exercise"][1]["percent"], 100.0);
  EXPECT_EQ(r["by_exercise"][2]["percent"], 0.0);
  ASSERT_TRUE(has_element(r, 2));
  EXPECT_NE(r["diagnosis"][0]["finding"].get<std::string>().find("Straight leg lift"),
            std::string::npos);
}

TEST_F(Review, NoCheckins) {
  Json r = review();
  EXPECT_EQ(r["checkins"], 0);
  EXPECT_EQ(r["adherence_percent"], 0.0);
  EXPECT_EQ(r["days_without_checkin"], 11);
  EXPECT_EQ(r["missed_dates"].size(), 11u);
  ASSERT_EQ(r["diagnosis"].size(), 1u);
  EXPECT_EQ(r["diagnosis"][0]["element"], 5);
}

TEST_F(Review, PainRuleHits) {
  checkin("2026-11-24", "done pain 2");
  Json hit = checkin("2026-11-25", "done, pain 5/10");  // up 3 from the first report of 2
  EXPECT_TRUE(hit["pain_rule"]["hit"]);
  EXPECT_EQ(hit["pain_rule"]["rise"], 3);
  EXPECT_NE(hit["reply"].get<std::string>().find("Stop that exercise"), std::string::npos);
  Json small = checkin("2026-11-26", "done pain 4");  // up 2: within the rule
  EXPECT_FALSE(small["pain_rule"]["hit"]);
  checkin("2026-11-27", "done, pain is 6");
  Json r = review();
  EXPECT_EQ(r["pain_rule_hits"], Json({"2026-11-25", "2026-11-27"}));
  EXPECT_EQ(r["pain"]["first"], 2);
  EXPECT_EQ(r["pain"]["last"], 6);
  EXPECT_EQ(r["pain"]["max"], 6);
  EXPECT_EQ(r["pain"]["trend"], "rising");
  ASSERT_TRUE(has_element(r, 3));
}

TEST_F(Review, EarsReverseScoresItemsTwoThreeAndFive) {
  Json r = review({{"ears", {4, 0, 1, 3, 2, 4}}});
  // 4 + (4-0) + (4-1) + 3 + (4-2) + 4 = 20
  EXPECT_EQ(r["ears"]["total"], 20);
  EXPECT_EQ(r["ears"].contains("label"), false);
}

TEST_F(Review, MilestoneMetEarly) {
  checkin("2026-11-27",
          "done! held the knee tightening the full 5 seconds 3 days in a row, made my goal");
  Json r = review();
  EXPECT_EQ(r["milestone"]["status"], "reported met");
  EXPECT_TRUE(has_element(r, 6));
}

TEST_F(Review, RedFlagsAndTheCalendar) {
  checkin("2026-11-24", "done");
  checkin("2026-11-25", "skipped, calf swollen");
  Json r = review();
  ASSERT_EQ(r["red_flags"].size(), 1u);
  EXPECT_EQ(r["red_flags"][0]["tier"], "same_day");
  const std::string svg = r["chart_svg"];
  EXPECT_TRUE(svg.starts_with("<svg"));
  EXPECT_NE(svg.find("<title>2026-11-25 skipped</title>"), std::string::npos);
  EXPECT_NE(svg.find("<title>2026-11-24 done</title>"), std::string::npos);
  EXPECT_NE(svg.find("<title>2026-11-29 not_scheduled</title>"), std::string::npos);
  EXPECT_NE(svg.find("<g class=\"flag-same_day\"><title>2026-11-25 warning sign: same_day"),
            std::string::npos);  // the same-day marker, on its day
}

TEST_F(Review, DuplicatesAreStoredOnceAndYesterdayMovesTheDate) {
  Json first = checkin("2026-11-25", "did them yesterday");
  EXPECT_EQ(first["date"], "2026-11-24");
  Json again = checkin("2026-11-25", "did them yesterday");
  EXPECT_TRUE(again["duplicate"]);
  EXPECT_EQ(again["checkin_id"], first["checkin_id"]);
  EXPECT_EQ(review()["checkins"], 1);
}

TEST_F(Review, StopSuppressesLaterRepliesButNotEscalation) {
  Json stop = checkin("2026-11-24", "STOP");
  EXPECT_TRUE(stop["opt_out"]);
  EXPECT_FALSE(stop["reply"].is_null());  // the one confirmation
  Json later = checkin("2026-11-25", "done but my calf is swollen");
  EXPECT_TRUE(later["reply"].is_null());
  EXPECT_TRUE(later["reply_suppressed"]);
  EXPECT_TRUE(later["escalate"]);
}

TEST_F(Review, AProgramBegunLaterCountsFromItsStart) {
  // Begun Monday 11-16 (Mon-Sat), reviewed from Monday 11-02 to Saturday 11-28. Counted by
  // hand from 11-16: two weeks of six days = 12 sessions; five done = 41.7%. Counting from
  // 11-02 would give four weeks = 24 sessions and 20.8%. The 11-10 "done" predates the
  // program: not a session, not extra.
  Json request = knee_program();
  request["visit"]["date"] = "2026-11-16";
  request["visit"]["next_visit"] = "2026-11-30";
  program_id_ = call("generate_hep", request)["program_id"];
  // Stored as an earlier release stored it: record_checkin now refuses a day before the
  // program, and the review still leaves out any that is there.
  CheckinRecord early;
  early.status = early.session = "done";
  stored("2026-11-10", "19:00", early, "done");
  for (const auto* d : {"2026-11-17", "2026-11-18", "2026-11-19", "2026-11-24", "2026-11-25"})
    checkin(d, "done");
  Json r = review({{"from", "2026-11-02"}, {"to", "2026-11-28"}});
  EXPECT_EQ(r["period"]["from"], "2026-11-16");
  EXPECT_EQ(r["requested_period"]["from"], "2026-11-02");
  EXPECT_EQ(r["scheduled_sessions"], 12);
  EXPECT_EQ(r["sessions_done"], 5.0);
  EXPECT_EQ(r["adherence_percent"], 41.7);
  EXPECT_EQ(r["checkins"], 5);
  EXPECT_EQ(r["extra_sessions"], 0);
  EXPECT_NE(r["summary"].get<std::string>().find("The program began on 2026-11-16"),
            std::string::npos);
  // The progress note with this program reads the same count: its period is 11-02 to 11-30
  // (the sample), clipped to 11-16; 11-30 is a Monday, a 13th session, not done: 5 of 13.
  std::ifstream file(std::string(PTMCP_SOURCE_DIR) + "/tests/data/cases/progress_note_sample.json");
  Json note = Json::parse(file);
  note["program_id"] = program_id_;
  Json drafted = call("draft_progress_note", note);
  EXPECT_EQ(drafted["adherence"]["scheduled_sessions"], 13);
  EXPECT_EQ(drafted["adherence"]["sessions_done"], 5.0);
  EXPECT_NE(drafted["markdown"].get<std::string>().find("(2026-11-16 to 2026-11-30): 5 of 13"),
            std::string::npos)
      << drafted["markdown"];
}

TEST_F(Review, EachVersionIsReviewedAgainstItsOwnSchedule) {
  // Version 1 (visit Mon 11-23): Mon-Sat. Version 2 (visit Mon 11-30): Mon, Wed, Fri.
  // By hand, 11-24 to 12-06: version 1 schedules Tue 11-24 to Sat 11-28 = 5 (Sun 11-29 is
  // not scheduled); version 2 schedules 11-30, 12-02, 12-04 = 3; 8 in all. Done: the five of
  // version 1, 11-30 and 12-02 = 7 of 8 (87.5%); Tue 12-01 is extra under version 2; Fri 12-04
  // has no word.
  Json revision = knee_program();
  revision["program_id"] = program_id_;
  revision["visit"]["date"] = "2026-11-30";
  revision["visit"]["next_visit"] = "2026-12-14";
  revision["schedule"]["days"] = {"mon", "wed", "fri"};
  EXPECT_EQ(call("generate_hep", revision)["version"], 2);
  for (const auto* d : {"2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28",
                        "2026-11-30", "2026-12-01", "2026-12-02"})
    checkin(d, "done");
  Json r = review();
  EXPECT_EQ(r["scheduled_sessions"], 8);
  EXPECT_EQ(r["sessions_done"], 7.0);
  EXPECT_EQ(r["adherence_percent"], 87.5);
  EXPECT_EQ(r["extra_sessions"], 1);
  EXPECT_EQ(r["no_word"], Json({"2026-12-04"}));
  ASSERT_EQ(r["versions"].size(), 2u);
  EXPECT_EQ(r["versions"][0]["from"], "2026-11-24");
  EXPECT_EQ(r["versions"][0]["to"], "2026-11-29");
  EXPECT_EQ(r["versions"][0]["scheduled_sessions"], 5);
  EXPECT_EQ(r["versions"][1]["from"], "2026-11-30");
  EXPECT_EQ(r["versions"][1]["scheduled_sessions"], 3);
  EXPECT_EQ(r["versions"][1]["sessions_done"], 2.0);
  EXPECT_EQ(r["days"][7]["date"], "2026-12-01");
  EXPECT_EQ(r["days"][7]["kind"], "extra");
  EXPECT_EQ(r["days"][7]["version"], 2);
}

TEST_F(Review, PainFirstLastAndMaximum) {
  checkin("2026-11-24", "done pain 2");
  checkin("2026-11-25", "done pain 8");  // severe: a rule hit
  checkin("2026-11-26", "done pain 3");
  Json r = review();
  EXPECT_EQ(r["pain"]["first"], 2);
  EXPECT_EQ(r["pain"]["last"], 3);
  EXPECT_EQ(r["pain"]["max"], 8);
  EXPECT_EQ(r["pain"]["max_date"], "2026-11-25");
  EXPECT_EQ(r["pain_rule_hits"], Json({"2026-11-25"}));
}

TEST_F(Review, WhatAPersonHadToSeeInDateOrderAndStopFirst) {
  checkin("2026-11-26", "skipped, calf swollen");
  checkin("2026-11-28", "STOP");
  CheckinRecord unsure;
  unsure.status = "needs_review";
  unsure.session = "done";
  unsure.needs_review = true;
  unsure.review_reason = "knee feels weird and warm";
  stored("2026-11-25", "09:00", unsure, "done, knee feels kind of weird and warm?");  // stored last
  Json r = review();
  ASSERT_EQ(r["attention"].size(), 3u);
  EXPECT_EQ(r["attention"][0]["kind"], "needs_review");
  EXPECT_EQ(r["attention"][0]["date"], "2026-11-25");
  EXPECT_EQ(r["attention"][0]["label"], "knee feels weird and warm");
  EXPECT_EQ(r["attention"][0]["message"], "done, knee feels kind of weird and warm?");
  EXPECT_EQ(r["attention"][1]["kind"], "red_flag");
  EXPECT_EQ(r["attention"][1]["tier"], "same_day");
  EXPECT_EQ(r["attention"][2]["kind"], "opt_out");
  EXPECT_EQ(r["needs_review"], 1);
  EXPECT_EQ(r["days"][1]["kind"], "done");  // the unsure message still said done
  EXPECT_TRUE(r["opt_out"]["opted_out"]);
  EXPECT_EQ(r["opt_out"]["since"], "2026-11-28");
  EXPECT_TRUE(r["summary"].get<std::string>().starts_with(
      "OPTED OUT of texts (STOP) on 2026-11-28: reach the patient another way."));
  const std::string svg = r["chart_svg"];
  EXPECT_NE(svg.find("OPTED OUT OF TEXTS (STOP) on 2026-11-28"), std::string::npos);
  EXPECT_NE(svg.find("<title>2026-11-25 a person must read a message</title>"), std::string::npos);
  EXPECT_NE(svg.find("<title>2026-11-28 STOP</title>"), std::string::npos);
}

TEST_F(Review, SaidSkippedIsNotNoWord) {
  CheckinRecord skipped;
  skipped.status = skipped.session = "skipped";
  skipped.skip_reason = "my grandson's birthday";
  stored("2026-11-24", "19:00", skipped, "can't today, my grandson's birthday");
  checkin("2026-11-25", "skipped");
  Json r = review({{"to", "2026-11-28"}});
  ASSERT_EQ(r["said_skipped"].size(), 2u);
  EXPECT_EQ(r["said_skipped"][0],
            Json({{"date", "2026-11-24"}, {"reason", "my grandson's birthday"}}));
  EXPECT_EQ(r["said_skipped"][1], Json({{"date", "2026-11-25"}, {"reason", nullptr}}));
  EXPECT_EQ(r["no_word"], Json({"2026-11-26", "2026-11-27", "2026-11-28"}));
  EXPECT_EQ(r["missed_dates"].size(), 5u);
  EXPECT_NE(r["summary"].get<std::string>().find("Not done: 2 said skipped, 3 with no word."),
            std::string::npos);
}

TEST_F(Review, OldStoredCheckinsStillRead) {
  // A check-in as record_checkin stored it before typed records (written out by hand).
  const std::string at = "2026-11-24T19:00:00-05:00";
  store_->add_checkin({0, program_id_, at, "2026-11-25T00:00:00Z", "2026-11-24", "done, calf red",
                       "sms", Json::parse(R"({"status": "done", "pain": 3, "exercises_done": [],
                         "exercises_skipped": [], "flags": [{"tier": "same_day",
                         "label": "possible blood clot", "matched": "calf red"}],
                         "tier": "same_day", "pain_rule_hit": false, "opt_out": false,
                         "help": false, "yesterday": false})"),
                       false});
  Json r = review({{"to", "2026-11-24"}});
  EXPECT_EQ(r["sessions_done"], 1.0);
  EXPECT_EQ(r["pain"]["first"], 3);
  ASSERT_EQ(r["red_flags"].size(), 1u);
  EXPECT_EQ(r["red_flags"][0]["matched"], "calf red");
  EXPECT_EQ(r["days"][0]["flag_tier"], "same_day");
}

// Each tier has its own shape and colour, and nothing (the legend, a long name, the STOP
// band) runs outside the drawing: every text's estimated extent (0.62 em a character, a
// generous average for DejaVu Sans) lies within the width and height the SVG declares.
TEST_F(Review, TheCalendarDrawsEachTierApartAndKeepsItsLegendInside) {
  auto with_tier = [](const std::string& tier) {
    CheckinRecord r;
    r.status = r.session = "done";
    r.flags.push_back({tier, "a sign", "words"});
    r.tier = tier;
    return r;
  };
  stored("2026-11-24", "10:00", with_tier("emergency"));
  stored("2026-11-25", "10:00", with_tier("urgent"));
  stored("2026-11-26", "10:00", with_tier("same_day"));
  checkin("2026-11-27", "STOP");
  const std::string svg = review()["chart_svg"];
  const std::regex triangle(
      "<g class=\"flag-emergency\"><title>[^<]*</title><polygon points=\"[0-9, ]+\" "
      "fill=\"#b71c1c\"");
  const std::regex diamond(
      "<g class=\"flag-urgent\"><title>[^<]*</title><polygon points=\"[0-9, ]+\" fill=\"#e65100\"");
  const std::regex circle(
      "<g class=\"flag-same_day\"><title>[^<]*</title><circle [^>]*fill=\"#f9a825\"");
  EXPECT_TRUE(std::regex_search(svg, triangle));
  EXPECT_TRUE(std::regex_search(svg, diamond));
  EXPECT_TRUE(std::regex_search(svg, circle));
  for (const auto* legend :
       {"emergency: call 911", "urgent: ER now", "same day: call clinic", "a person must read it",
        "STOP: no more texts", "said skipped", "missed, no word"}) {
    EXPECT_NE(svg.find(std::string(">") + legend + "</text>"), std::string::npos) << legend;
  }
  std::smatch m;
  ASSERT_TRUE(std::regex_search(svg, m, std::regex("width=\"([0-9]+)\" height=\"([0-9]+)\"")));
  const double width = std::stod(m[1]);
  const double height = std::stod(m[2]);
  const std::regex text(
      "<text x=\"([0-9]+)\" y=\"([0-9]+)\" font-size=\"([0-9]+)\"([^>]*)>([^<]*)</text>");
  int texts = 0;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), text); it != std::sregex_iterator();
       ++it, ++texts) {
    const auto& t = *it;
    const double x = std::stod(t[1]);
    const double y = std::stod(t[2]);
    const double size = std::stod(t[3]);
    const double extent = 0.62 * size * static_cast<double>(t[5].length());
    const bool middle = t[4].str().find("middle") != std::string::npos;
    EXPECT_LE(middle ? x + extent / 2 : x + extent, width) << t[5];
    EXPECT_GE(middle ? x - extent / 2 : x, 0) << t[5];
    EXPECT_LE(y + size * 0.25, height) << t[5];
  }
  EXPECT_GT(texts, 20);
}

// The issue's case: a program revised ahead of a visit still to come. The default period is
// the version in force today, up to today, never the revision's future visit day alone.
TEST_F(Review, TheDefaultPeriodOfAProgramRevisedAheadOfItsVisitIsThePeriodInForce) {
  checkin("2026-11-24", "done");
  checkin("2026-11-25", "done");
  const auto today = hep::parse_date(store::utc_now().substr(0, 10));
  ASSERT_TRUE(today);
  Json revision = knee_program();
  revision["program_id"] = program_id_;
  revision["visit"]["date"] = hep::format_date(*today + std::chrono::days{3});
  revision["visit"]["next_visit"] = hep::format_date(*today + std::chrono::days{10});
  EXPECT_EQ(call("generate_hep", revision)["version"], 2);
  Json r = call("review_adherence", {{"program_id", program_id_}});
  EXPECT_EQ(r["period"]["from"], "2026-11-24");
  EXPECT_LE(r["period"]["to"].get<std::string>(), hep::format_date(*today));
  EXPECT_GE(r["sessions_done"], 2.0);
  // With only one end given, the other end is the default's.
  Json to_only = call("review_adherence", {{"program_id", program_id_}, {"to", "2026-11-26"}});
  EXPECT_EQ(to_only["period"]["from"], "2026-11-24");
  EXPECT_EQ(to_only["period"]["to"], "2026-11-26");
  EXPECT_EQ(to_only["sessions_done"], 2.0);
  Json from_only = call("review_adherence", {{"program_id", program_id_}, {"from", "2026-11-25"}});
  EXPECT_EQ(from_only["period"]["from"], "2026-11-25");
  EXPECT_LE(from_only["period"]["to"].get<std::string>(), hep::format_date(*today));
}

// A twice-a-day program: a day counts the share of its sessions done, so "did the morning
// ones" is a partial day, "both done" (or a morning and an evening check-in) a day done.
TEST_F(Review, TwiceADayCountsEachSession) {
  std::ifstream file(std::string(PTMCP_SOURCE_DIR) + "/tests/data/hep_twice_a_day.json");
  const std::string id = call("generate_hep", Json::parse(file))["program_id"];
  auto send = [&](const std::string& date, const std::string& time, const std::string& message) {
    return call("record_checkin", {{"program_id", id},
                                   {"message", message},
                                   {"received_at", date + "T" + time + ":00-05:00"}});
  };
  send("2026-11-24", "08:00", "did the morning ones");        // 1 of 2
  send("2026-11-25", "20:00", "both done");                   // 2 of 2
  send("2026-11-26", "08:00", "done");                        // morning
  send("2026-11-26", "19:30", "done with the evening ones");  // and evening
  send("2026-11-27", "20:00", "evening done");                // 1 of 2
  send("2026-11-28", "08:00", "did all 3");  // all the morning's exercises: 1 of 2, not 2
  Json r =
      call("review_adherence", {{"program_id", id}, {"from", "2026-11-24"}, {"to", "2026-11-28"}});
  EXPECT_EQ(r["scheduled_sessions"], 5);  // days: every day, 11-24 to 11-28
  EXPECT_EQ(r["sessions_done"], 3.5);     // 0.5 + 1 + 1 + 0.5 + 0.5
  ASSERT_EQ(r["days"].size(), 5u);
  EXPECT_EQ(r["days"][0]["kind"], "partial");
  EXPECT_EQ(r["days"][1]["kind"], "done");
  EXPECT_EQ(r["days"][2]["kind"], "done");
  EXPECT_EQ(r["days"][3]["kind"], "partial");
  EXPECT_EQ(r["days"][4]["kind"], "partial");
  // The single-session program keeps its rule: two partial check-ins are still half a day.
  checkin("2026-11-24", "did 2");
  checkin("2026-11-24", "did 2 again");
  Json single = review({{"to", "2026-11-24"}});
  EXPECT_EQ(single["sessions_done"], 0.5);
}

TEST(DefaultPeriod, IsAlwaysAPeriod) {
  hep::Program p;
  p.visit_date = "2026-11-23";
  p.next_visit = "2026-12-07";
  hep::Program ahead = p;  // a revision entered before its visit
  ahead.visit_date = "2026-12-07";
  ahead.next_visit = "2026-12-21";
  EXPECT_EQ(default_period({p, ahead}, {}, {}, "2026-12-01")->from, "2026-11-24");
  EXPECT_EQ(default_period({p, ahead}, {}, {}, "2026-12-01")->to, "2026-12-01");
  EXPECT_EQ(default_period({p, ahead}, {}, {}, "2026-12-09")->from, "2026-12-08");
  EXPECT_EQ(default_period({p, ahead}, {}, "2026-11-30", "2026-12-01")->from, "2026-11-24");
  auto period = [&](std::optional<std::string> from, std::optional<std::string> to,
                    const std::string& today) {
    auto r = default_period({p}, from, to, today);
    return r ? r->from + " " + r->to : std::string("none");
  };
  EXPECT_EQ(period({}, {}, "2026-12-01"), "2026-11-24 2026-12-01");  // up to today
  EXPECT_EQ(period({}, {}, "2026-12-20"), "2026-11-24 2026-12-06");  // to the day before
  EXPECT_EQ(period({}, {}, "2026-11-23"), "2026-11-23 2026-11-23");  // the visit day itself
  EXPECT_EQ(period({}, {}, "2026-11-01"), "2026-11-23 2026-11-23");  // before the visit
  EXPECT_EQ(period("2026-12-03", {}, "2026-12-01"), "2026-12-03 2026-12-03");
  EXPECT_EQ(period({}, "2026-11-20", "2026-12-01"), "2026-11-20 2026-11-20");
  EXPECT_EQ(period("2026-11-25", "2026-11-27", "2026-12-01"), "2026-11-25 2026-11-27");
  EXPECT_EQ(period("2026-11-27", "2026-11-25", "2026-12-01"), "none");  // the caller's mistake
}

}  // namespace
}  // namespace ptmcp::tools::checkins
