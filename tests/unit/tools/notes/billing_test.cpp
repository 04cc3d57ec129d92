// Units per CPT code. Every expected split below is worked out by hand in its comment; the
// CMS cases are the worked examples of the Medicare Claims Processing Manual, chapter 5,
// section 20.2.
#include "tools/notes/billing.h"

#include <gtest/gtest.h>

#include <map>

namespace ptmcp::tools::notes {
namespace {

std::map<std::string, int> units_of(const UnitSplit& split) {
  std::map<std::string, int> units;
  for (const auto& c : split.codes)
    units[c.code] = c.units;
  return units;
}

using Units = std::map<std::string, int>;

TEST(EightMinuteRule, EveryBandEdge) {
  const std::vector<std::pair<int, int>> edges = {{0, 0},  {7, 0},  {8, 1},  {22, 1}, {23, 2},
                                                  {37, 2}, {38, 3}, {52, 3}, {53, 4}, {67, 4},
                                                  {68, 5}, {82, 5}, {83, 6}};
  for (const auto& [minutes, units] : edges)
    EXPECT_EQ(billed_units(minutes), units) << minutes << " minutes";
}

// ---- CMS's worked examples (Claims Processing Manual ch. 5, section 20.2) ----

TEST(CmsExamples, One_TwoCodesOverFifteenMinutes) {
  // 97112 24 + 97110 23 = 47 timed minutes -> 3 units (38-52). Whole units: 24/15 = 1 (9
  // left), 23/15 = 1 (8 left); 3 - 2 = 1 more unit to the most left over, 97112 (9 > 8).
  auto s = split_units({{"97112", 24, true}, {"97110", 23, true}}, UnitRule::kCms);
  EXPECT_EQ(s.timed_units, 3);
  EXPECT_EQ(units_of(s), (Units{{"97112", 2}, {"97110", 1}}));
  EXPECT_TRUE(s.close_calls.empty());
}

TEST(CmsExamples, Two_EqualTimesEitherCodeGetsTheExtraUnit) {
  // 97112 20 + 97110 20 = 40 -> 3 units. Whole: 1 each (5 left each); the 3rd unit is a tie:
  // CMS says either code; ptmcp gives it to the one listed first and says so.
  auto s = split_units({{"97112", 20, true}, {"97110", 20, true}}, UnitRule::kCms);
  EXPECT_EQ(units_of(s), (Units{{"97112", 2}, {"97110", 1}}));
  ASSERT_EQ(s.close_calls.size(), 1u);
  EXPECT_NE(s.close_calls[0].find("97112 and 97110 each had 5 minutes left over"),
            std::string::npos)
      << s.close_calls[0];
}

TEST(CmsExamples, Three_SevenMinutesOfManualTherapyBillAUnit) {
  // 97110 33 + 97140 7 = 40 -> 3 units. Whole: 33/15 = 2 (3 left), 7/15 = 0 (7 left);
  // the 3rd unit goes to 97140 (7 > 3).
  auto s = split_units({{"97110", 33, true}, {"97140", 7, true}}, UnitRule::kCms);
  EXPECT_EQ(units_of(s), (Units{{"97110", 2}, {"97140", 1}}));
  ASSERT_EQ(s.close_calls.size(), 1u);
  EXPECT_NE(s.close_calls[0].find("97140 bills 1 unit for only 7 minutes"), std::string::npos);
}

TEST(CmsExamples, Four_FourCodesThreeUnits) {
  // 97110 18 + 97140 13 + 97116 10 + 97035 8 = 49 -> 3 units. Whole: 97110 1 (3 left);
  // left over 13, 10, 8, 3: the 2 remaining units go to 97140 (13) and 97116 (10); 97035's
  // 8 minutes bill nothing.
  auto s = split_units(
      {{"97110", 18, true}, {"97140", 13, true}, {"97116", 10, true}, {"97035", 8, true}},
      UnitRule::kCms);
  EXPECT_EQ(units_of(s), (Units{{"97110", 1}, {"97140", 1}, {"97116", 1}, {"97035", 0}}));
  ASSERT_EQ(s.close_calls.size(), 1u);
  EXPECT_NE(s.close_calls[0].find("97035 bills no unit for its 8 minutes"), std::string::npos);
}

TEST(CmsExamples, Five_ThreeCodesOfSevenMinutesBillOneUnit) {
  // 7 + 7 + 7 = 21 -> 1 unit; no whole units; a three-way tie at 7: the first listed, 97112.
  auto s =
      split_units({{"97112", 7, true}, {"97110", 7, true}, {"97140", 7, true}}, UnitRule::kCms);
  EXPECT_EQ(s.timed_units, 1);
  EXPECT_EQ(units_of(s), (Units{{"97112", 1}, {"97110", 0}, {"97140", 0}}));
  EXPECT_EQ(s.close_calls.size(), 2u);  // the tie, and 97112's unit for 7 minutes
}

// ---- More splits worked by hand ----

TEST(HandWorked, CmsLeftoverGoesToTheLargerRemainder) {
  // 97110 38 + 97140 22 = 60 -> 4 units (53-67). Whole: 2 (8 left) and 1 (7 left) = 3;
  // the 4th to 97110 (8 > 7). AMA: 38 -> 3, 22 -> 1: the same 3 and 1.
  const std::vector<BilledCode> day = {{"97110", 38, true}, {"97140", 22, true}};
  EXPECT_EQ(units_of(split_units(day, UnitRule::kCms)), (Units{{"97110", 3}, {"97140", 1}}));
  EXPECT_EQ(units_of(split_units(day, UnitRule::kAma)), (Units{{"97110", 3}, {"97140", 1}}));
}

TEST(HandWorked, CodeUnderEightMinutesWithNoUnitLeft) {
  // 97110 30 + 97140 5 = 35 -> 2 units; whole units 2 + 0 use them all: 97140 gets none.
  // AMA: 30 -> 2, 5 -> 0, and the note says why 97140 bills nothing.
  const std::vector<BilledCode> day = {{"97110", 30, true}, {"97140", 5, true}};
  auto cms = split_units(day, UnitRule::kCms);
  EXPECT_EQ(units_of(cms), (Units{{"97110", 2}, {"97140", 0}}));
  EXPECT_TRUE(cms.close_calls.empty());
  auto ama = split_units(day, UnitRule::kAma);
  EXPECT_EQ(units_of(ama), (Units{{"97110", 2}, {"97140", 0}}));
  ASSERT_EQ(ama.close_calls.size(), 1u);
  EXPECT_NE(ama.close_calls[0].find("97140 bills no unit for its 5 minutes"), std::string::npos);
}

TEST(HandWorked, MedicareAndAmaDisagreeOnThreeTenMinuteCodes) {
  // 10 + 10 + 10 = 30 -> CMS 2 units: no whole units, a three-way tie at 10, the first two
  // listed win. AMA: each 10 minutes -> 1 unit, 3 in all.
  const std::vector<BilledCode> day = {
      {"97110", 10, true}, {"97140", 10, true}, {"97116", 10, true}};
  auto cms = split_units(day, UnitRule::kCms);
  EXPECT_EQ(cms.timed_units, 2);
  EXPECT_EQ(units_of(cms), (Units{{"97110", 1}, {"97140", 1}, {"97116", 0}}));
  ASSERT_FALSE(cms.close_calls.empty());
  EXPECT_NE(cms.close_calls[0].find("97110, 97140 and 97116 each had 10 minutes"),
            std::string::npos);
  EXPECT_NE(cms.close_calls[0].find("went to 97110 and 97140"), std::string::npos);
  auto ama = split_units(day, UnitRule::kAma);
  EXPECT_EQ(ama.timed_units, 3);
  EXPECT_EQ(units_of(ama), (Units{{"97110", 1}, {"97140", 1}, {"97116", 1}}));
}

TEST(HandWorked, TwoShortCodesTogetherReachEightMinutes) {
  // 7 + 7 = 14 -> CMS 1 unit, a tie: 97110 (listed first). AMA: each under 8 -> none.
  const std::vector<BilledCode> day = {{"97110", 7, true}, {"97140", 7, true}};
  EXPECT_EQ(units_of(split_units(day, UnitRule::kCms)), (Units{{"97110", 1}, {"97140", 0}}));
  auto ama = split_units(day, UnitRule::kAma);
  EXPECT_EQ(ama.timed_units, 0);
  EXPECT_EQ(ama.close_calls.size(), 2u);
}

TEST(HandWorked, UntimedCodesBillOneUnitEach) {
  // 97110 23 + 97116 15 = 38 timed -> 3 units. Whole: 1 (8 left), 1 (0 left); the 3rd to
  // 97110. 97010 is untimed: 1 unit whatever its minutes. 4 units on the claim.
  auto s =
      split_units({{"97110", 23, true}, {"97116", 15, true}, {"97010", 10, false}}, UnitRule::kCms);
  EXPECT_EQ(units_of(s), (Units{{"97110", 2}, {"97116", 1}, {"97010", 1}}));
  EXPECT_EQ(s.timed_minutes, 38);
  EXPECT_EQ(s.timed_units, 3);
  EXPECT_EQ(s.untimed_units, 1);
}

TEST(HandWorked, UntimedMinutesNeverCountTowardTimedUnits) {
  // 97010 15 untimed + 97110 7 timed: 7 timed minutes -> 0 timed units; the pack bills 1.
  auto s = split_units({{"97010", 15, false}, {"97110", 7, true}}, UnitRule::kCms);
  EXPECT_EQ(units_of(s), (Units{{"97010", 1}, {"97110", 0}}));
  EXPECT_EQ(s.timed_units, 0);
}

TEST(HandWorked, WholeUnitsWithNothingLeftOver) {
  // 15 + 15 = 30 -> 2 units, 1 whole unit each, nothing left: no tie to break.
  auto s = split_units({{"97110", 15, true}, {"97140", 15, true}}, UnitRule::kCms);
  EXPECT_EQ(units_of(s), (Units{{"97110", 1}, {"97140", 1}}));
  EXPECT_TRUE(s.close_calls.empty());
}

TEST(HandWorked, ThirtySevenAndThirtyEightMinutes) {
  // 97110 22 + 97112 15 = 37 -> 2 units = the whole units (1 + 1); 97110's 7 left bill
  // nothing. One more minute: 22 + 16 = 38 -> 3 units: whole 1 + 1, the 3rd to 97110 (7 > 1).
  // AMA for 22 + 16: 1 + 1 = 2.
  EXPECT_EQ(units_of(split_units({{"97110", 22, true}, {"97112", 15, true}}, UnitRule::kCms)),
            (Units{{"97110", 1}, {"97112", 1}}));
  const std::vector<BilledCode> day = {{"97110", 22, true}, {"97112", 16, true}};
  EXPECT_EQ(units_of(split_units(day, UnitRule::kCms)), (Units{{"97110", 2}, {"97112", 1}}));
  EXPECT_EQ(split_units(day, UnitRule::kAma).timed_units, 2);
}

TEST(HandWorked, OneCodeAtTheBandEdge) {
  // 52 minutes -> 3 units (38-52); 53 -> 4 (53-67). One code gets them all.
  EXPECT_EQ(split_units({{"97110", 52, true}}, UnitRule::kCms).codes[0].units, 3);
  EXPECT_EQ(split_units({{"97110", 53, true}}, UnitRule::kCms).codes[0].units, 4);
}

TEST(HandWorked, ThreeCodesWithATieForTheLastUnit) {
  // 97110 40 + 97530 25 + 97140 12 = 77 -> 5 units (68-82). Whole: 2 (10 left), 1 (10
  // left), 0 (12 left) = 3; 2 more: 97140 (12), then 97110 and 97530 tie at 10 -> 97110.
  // 97110 3, 97530 1, 97140 1. AMA: 40 -> 3, 25 -> 2, 12 -> 1 = 6.
  const std::vector<BilledCode> day = {
      {"97110", 40, true}, {"97530", 25, true}, {"97140", 12, true}};
  auto cms = split_units(day, UnitRule::kCms);
  EXPECT_EQ(units_of(cms), (Units{{"97110", 3}, {"97530", 1}, {"97140", 1}}));
  ASSERT_EQ(cms.close_calls.size(), 1u);
  EXPECT_NE(cms.close_calls[0].find("97110 and 97530 each had 10 minutes"), std::string::npos);
  auto ama = split_units(day, UnitRule::kAma);
  EXPECT_EQ(units_of(ama), (Units{{"97110", 3}, {"97530", 2}, {"97140", 1}}));
}

TEST(HandWorked, NoMinutesNoUnits) {
  // 0 timed minutes -> 0 units under both rules.
  EXPECT_EQ(split_units({{"97110", 0, true}}, UnitRule::kCms).timed_units, 0);
  EXPECT_EQ(split_units({{"97110", 0, true}}, UnitRule::kAma).timed_units, 0);
}

// ---- The code table, payer rules and bundled pairs ----

TEST(CodeTable, KnowsTimedAndUntimedCodes) {
  ASSERT_TRUE(find_code("97110"));
  EXPECT_TRUE(find_code("97110")->timed);
  ASSERT_TRUE(find_code("97010"));
  EXPECT_FALSE(find_code("97010")->timed);
  ASSERT_TRUE(find_code("g0283"));  // case does not matter
  EXPECT_FALSE(find_code("G0283")->timed);
  EXPECT_FALSE(find_code("97999"));
  bool bundled_for_medicare = false;
  const auto hot_pack = find_code("97010");
  for (const auto& [payer, note] : hot_pack->payer_notes)
    bundled_for_medicare |= payer == "medicare" && note.find("bundled") != std::string::npos;
  EXPECT_TRUE(bundled_for_medicare);
}

TEST(CodeTable, EveryCodeTheBriefNamesIsThere) {
  for (const char* code :
       {"97161", "97162", "97163", "97164", "97110", "97112", "97116", "97140", "97530", "97535",
        "97542", "97750", "97760", "97761", "97763", "97032", "97033", "97034", "97035", "97036",
        "97010", "97012", "97014", "G0283", "97016", "97018", "97022", "97150", "97026"})
    EXPECT_TRUE(find_code(code)) << code;
}

TEST(PayerRules, MedicareCountsTotalsCommercialEachCode) {
  EXPECT_EQ(unit_rule_for("medicare").rule, UnitRule::kCms);
  EXPECT_EQ(unit_rule_for("Medicare").rule, UnitRule::kCms);
  EXPECT_EQ(unit_rule_for("commercial").rule, UnitRule::kAma);
  EXPECT_EQ(unit_rule_for("Some Plan").rule, UnitRule::kCms);        // the default rule
  EXPECT_EQ(unit_rule_for("medicare", "ama").rule, UnitRule::kAma);  // the request wins
}

TEST(BundledPairs, TherapeuticActivitiesWithManualTherapy) {
  auto pairs = bundled_pairs({"97110", "97530", "97140"});
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].first, "97530");
  EXPECT_EQ(pairs[0].second, "97140");
  EXPECT_FALSE(pairs[0].source.empty());
  EXPECT_TRUE(bundled_pairs({"97110", "97116"}).empty());
}

}  // namespace
}  // namespace ptmcp::tools::notes
