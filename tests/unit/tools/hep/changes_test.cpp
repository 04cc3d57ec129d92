// The changes summary of a revision, for three revisions of the sample knee-replacement
// program. Every expected line is written out by hand from the request changes, in the
// order the summary keeps (patient and visit, exercises, schedule, rules, feedback,
// milestone), not copied from the code's output.
#include "tools/hep/changes.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tools/hep/checks.h"

namespace ptmcp::tools::hep {
namespace {

using Json = nlohmann::json;
using Lines = std::vector<std::string>;

Json sample() {
  std::ifstream file(std::string(PTMCP_SOURCE_DIR) + "/tests/data/cases/hep_post_tka.json");
  return Json::parse(file);
}

Program checked(const Json& request) {
  auto o = check_hep(request, HepLimits{});
  EXPECT_TRUE(o.value) << describe_findings(o.findings);
  return o.value.value_or(Program{});
}

TEST(Changes, ChartDose) {
  ProgramExercise e;
  e.dose.sets = 2;
  e.dose.reps = 10;
  e.dose.hold_seconds = 5;
  e.side = "right";
  EXPECT_EQ(chart_dose(e), "2x10, 5 s hold, R");
  ProgramExercise walk;
  walk.dose.minutes = 10;
  walk.side = "both";
  EXPECT_EQ(chart_dose(walk), "10 min, bilateral");
}

TEST(Changes, ThreeRevisionsInChartWords) {
  const Json v1 = sample();

  // Version 2: the straight leg raise goes from 8 to 10 reps, a new trigger, a new milestone.
  Json v2 = v1;
  v2["exercises"][2]["dose"]["reps"] = 10;
  v2["schedule"]["trigger"] = "after you brush your teeth in the morning";
  v2["milestone"] = "By your next visit, slide your heel up 10 times with no pain.";
  EXPECT_EQ(describe_changes(checked(v1), 1, checked(v2)),
            (Lines{"Straight leg raise: 2x8, R \xE2\x86\x92 2x10, R",
                   "Trigger: after you turn off your alarm, before your feet touch the floor "
                   "\xE2\x86\x92 after you brush your teeth in the morning",
                   "Milestone: By your next visit, hold the knee tightening for the full 5 "
                   "seconds with no discomfort, three days in a row. \xE2\x86\x92 By your next "
                   "visit, slide your heel up 10 times with no pain."}));

  // Version 3: heel slides out, ankle pumps from the library in (3 x 10), Monday, Wednesday
  // and Friday instead of Monday to Saturday, stop at a rise of more than 3 points.
  Json v3 = v2;
  v3["exercises"].erase(1);
  v3["exercises"].push_back(
      {{"library_id", "tka-ankle-pump"}, {"dose", {{"sets", 3}, {"reps", 10}}}});
  v3["schedule"]["days"] = {"mon", "wed", "fri"};
  v3["rules"]["pain_rise_max"] = 3;
  EXPECT_EQ(describe_changes(checked(v2), 2, checked(v3)),
            (Lines{"Added Ankle pumps (3x10)", "Removed Heel slides",
                   "Days: Mon, Tue, Wed, Thu, Fri, Sat \xE2\x86\x92 Mon, Wed, Fri",
                   "Pain rule: stop if pain rises more than 2 \xE2\x86\x92 3 points"}));

  // Version 4, at the next visit: new dates, no caregiver, no calendar alarm.
  Json v4 = v3;
  v4["visit"]["date"] = "2026-11-30";
  v4["visit"]["next_visit"] = "2026-12-07";
  v4["patient"].erase("caregiver");
  v4["schedule"].erase("time");
  EXPECT_EQ(describe_changes(checked(v3), 3, checked(v4)),
            (Lines{"Caregiver: your daughter Ana \xE2\x86\x92 none",
                   "Visit: 2026-11-23 \xE2\x86\x92 2026-11-30",
                   "Next visit: 2026-11-30 \xE2\x86\x92 2026-12-07",
                   "Calendar alarm: 07:00 \xE2\x86\x92 none"}));
}

TEST(Changes, NothingChangedSaysSo) {
  const Program p = checked(sample());
  EXPECT_EQ(describe_changes(p, 4, p), (Lines{"No changes from version 4."}));
}

TEST(Changes, NewWordingAndANewPlainNameAreNamed) {
  Json after = sample();
  after["exercises"][1]["name"] = "Heel slide on the bed";
  after["exercises"][1]["clinic_link"] = "Like the slide you did on the table today.";
  // The exercise is the same (same clinical name): its page name and wording changed.
  EXPECT_EQ(describe_changes(checked(sample()), 1, checked(after)),
            (Lines{"Heel slides, name on the page: Heel slides on the bed \xE2\x86\x92 Heel slide "
                   "on the bed",
                   "Heel slides: instructions reworded"}));
}

TEST(Changes, ARenameIsRecorded) {
  Json renamed = sample();
  renamed["patient"]["name"] = "Mariana";
  EXPECT_EQ(describe_changes(checked(sample()), 1, checked(renamed), "Maria"),
            (Lines{"Patient renamed: Maria \xE2\x86\x92 Mariana"}));
}

}  // namespace
}  // namespace ptmcp::tools::hep
