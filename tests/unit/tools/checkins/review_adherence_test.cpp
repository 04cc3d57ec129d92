// Adherence figures against hand-worked expectations on synthetic histories, recorded
// through the real tools (generate_hep, record_checkin, review_adherence) on a temporary
// database.
#include "tools/checkins/review_adherence.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "tools/checkins/record_checkin.h"
#include "tools/hep/generate_hep.h"

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
    add_record_checkin(catalog_, store_);
    add_review_adherence(catalog_, store_);
    // The sample knee program (Mon-Sat), with two weeks to the next visit: 11 scheduled
    // sessions from Tue 11/24 to Sat 12/5.
    std::ifstream file(std::string(PTMCP_SOURCE_DIR) + "/tests/data/cases/hep_post_tka.json");
    Json request = Json::parse(file);
    request["visit"]["next_visit"] = "2026-12-07";
    program_id_ = call("generate_hep", request)["program_id"];
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
  EXPECT_NE(svg.find("#c62828\"/><text"), std::string::npos);  // the red-flag marker
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

}  // namespace
}  // namespace ptmcp::tools::checkins
