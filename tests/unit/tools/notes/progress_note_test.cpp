#include "tools/notes/progress_note.h"

#include <gtest/gtest.h>

#include <fstream>

namespace ptmcp::tools::notes {
namespace {

using Json = nlohmann::json;

Json sample() {
  std::ifstream file(std::string(PTMCP_SOURCE_DIR) + "/tests/data/cases/progress_note_sample.json");
  Json j = Json::parse(file);
  j.erase("program_id");
  return j;
}

Outcome<Json> draft(const Json& request) {
  return draft_note(request, std::nullopt, {});
}

bool has_finding(const Outcome<Json>& o, const std::string& pointer, Severity s) {
  const auto& list = o.findings;
  if (o.value) {
    for (const auto& f : (*o.value)["findings"]) {
      if (f["pointer"] == pointer && (f["severity"] == "error") == (s == Severity::kError))
        return true;
    }
  }
  return std::any_of(list.begin(), list.end(),
                     [&](const Finding& f) { return f.pointer == pointer && f.severity == s; });
}

TEST(ProgressReport, TheSampleCaseIsComplete) {
  auto o = draft(sample());
  ASSERT_TRUE(o.value) << describe_findings(o.findings);
  const Json& n = *o.value;
  ASSERT_EQ(n["measures"].size(), 3u);
  EXPECT_EQ(n["measures"][0]["name"], "LEFS");
  EXPECT_EQ(n["measures"][0]["change"], 16.0);
  EXPECT_EQ(n["measures"][0]["verdict"], "improved beyond MCID");
  EXPECT_EQ(n["measures"][1]["change"], -3.0);
  EXPECT_EQ(n["measures"][1]["verdict"], "improved beyond MCID");
  EXPECT_EQ(n["measures"][2]["change"], -5.3);
  EXPECT_EQ(n["measures"][2]["verdict"], "improved beyond MCID");
  EXPECT_EQ(n["goals"][0]["id"], "LTG1");
  EXPECT_EQ(n["goals"][0]["status"], "progressing");
  EXPECT_EQ(n["goals"][1]["status"], "met");
  EXPECT_TRUE(n["goals"][1]["drop_next_report"]);
  const std::string md = n["markdown"];
  for (const char* part : {"Reporting period:** 2026-11-02 to 2026-11-30", "## Subjective",
                           "## Objective", "## Goals", "## Skilled interventions", "## Assessment",
                           "## Plan", "Frequency: 2 times a week", "Signature:"}) {
    EXPECT_NE(md.find(part), std::string::npos) << part;
  }
  const std::string text = n["text"];
  EXPECT_EQ(text.find("**"), std::string::npos);
  EXPECT_EQ(text.find("## "), std::string::npos);
}

TEST(ProgressReport, MeasureVerdictsFollowTheDirection) {
  Json r = sample();
  r["measures"] = {{{"name", "ODI"}, {"baseline", 40}, {"current", 35}},
                   {{"name", "Berg Balance Scale"}, {"baseline", 40}, {"current", 38}},
                   {{"name", "gait speed"}, {"baseline", 0.8}, {"current", 0.8}},
                   {{"name", "Grip dynamometer"}, {"baseline", 20}, {"current", 25}}};
  auto o = draft(r);
  ASSERT_TRUE(o.value);
  const Json& m = (*o.value)["measures"];
  EXPECT_EQ(m[0]["verdict"], "improved below MCID");
  EXPECT_EQ(m[1]["verdict"], "worse");
  EXPECT_EQ(m[2]["verdict"], "no change");
  EXPECT_FALSE(m[3]["recognized"]);
  EXPECT_TRUE(m[3]["verdict"].is_null());
  EXPECT_TRUE(has_finding(o, "/measures/3/name", Severity::kWarning));
}

TEST(ProgressReport, ValuesOutsideTheRangeAreErrors) {
  Json r = sample();
  r["measures"][0]["current"] = 95;  // LEFS tops out at 80
  EXPECT_TRUE(has_finding(draft(r), "/measures/0/current", Severity::kError));
}

TEST(ProgressReport, GoalsNeedAStatusOrNumbersAndEvidence) {
  Json r = sample();
  r["goals"].push_back({{"text", "Return to gardening"}});
  auto o = draft(r);
  EXPECT_FALSE(o.value);
  EXPECT_TRUE(has_finding(o, "/goals/2/status", Severity::kError));
  EXPECT_TRUE(has_finding(o, "/goals/2/current", Severity::kError));
  r["goals"][2]["status"] = "progressing";
  r["goals"][2]["evidence"] = "Weeds one raised bed for 10 minutes with one rest";
  auto fixed = draft(r);
  ASSERT_TRUE(fixed.value) << describe_findings(fixed.findings);
  EXPECT_EQ((*fixed.value)["goals"][2]["id"], "G1");  // goals without an id get one
}

TEST(ProgressReport, TherapistStatusDisagreeingWithTheNumbersWarns) {
  Json r = sample();
  r["goals"][0]["status"] = "met";
  EXPECT_TRUE(has_finding(draft(r), "/goals/0/status", Severity::kWarning));
}

TEST(Medicare, RequiredContent) {
  for (const std::string field :
       {"subjective", "assessment", "skilled_interventions", "treatment_days"}) {
    Json r = sample();
    r.erase(field);
    EXPECT_TRUE(has_finding(draft(r), "/" + field, Severity::kError)) << field;
  }
  Json r = sample();
  r["plan"].erase("frequency");
  EXPECT_TRUE(has_finding(draft(r), "/plan/frequency", Severity::kError));
  r = sample();
  r["plan"].erase("duration");
  EXPECT_TRUE(has_finding(draft(r), "/plan/duration", Severity::kError));
  r = sample();
  r.erase("period");
  EXPECT_TRUE(has_finding(draft(r), "/period/start", Severity::kError));
}

TEST(Medicare, EveryTenTreatmentDays) {
  Json r = sample();
  r["treatment_days"] = 12;
  auto o = draft(r);
  ASSERT_TRUE(o.value);
  EXPECT_TRUE(has_finding(o, "/treatment_days", Severity::kWarning));
  r["treatment_days"] = 10;
  EXPECT_FALSE(has_finding(draft(r), "/treatment_days", Severity::kWarning));
}

TEST(Medicare, KxThreshold) {
  Json r = sample();
  r["cost_to_date"] = 2600;
  auto o = draft(r);
  ASSERT_TRUE(o.value);
  EXPECT_TRUE(has_finding(o, "/cost_to_date", Severity::kWarning));
  EXPECT_NE((*o.value)["markdown"].get<std::string>().find("KX modifier"), std::string::npos);
  r["cost_to_date"] = 1200;
  EXPECT_FALSE(has_finding(draft(r), "/cost_to_date", Severity::kWarning));
}

TEST(OtherPayers, SkilledInterventionsAreNotRequired) {
  Json r = sample();
  r["payer"] = "commercial";
  r.erase("skilled_interventions");
  r.erase("treatment_days");
  EXPECT_TRUE(draft(r).value);
}

TEST(Lint, PhrasesReviewersReject) {
  Json r = sample();
  r["assessment"] = "Patient tolerated treatment well. Continue per plan.";
  auto o = draft(r);
  ASSERT_TRUE(o.value);
  int flagged = 0;
  for (const auto& f : (*o.value)["findings"])
    flagged += f["pointer"] == "/assessment" ? 1 : 0;
  EXPECT_EQ(flagged, 2);
}

TEST(DailyNote, UnitsAndRequiredContent) {
  Json r = {{"note_type", "daily_note"},
            {"patient", {{"name", "Maria"}}},
            {"date", "2026-11-24"},
            {"interventions",
             {{{"name", "Therapeutic exercise"}, {"cpt", "97110"}, {"minutes", 23}},
              {{"name", "Gait training"}, {"cpt", "97116"}, {"minutes", 15}},
              {{"name", "Hot pack"}, {"cpt", "97010"}, {"minutes", 10}, {"timed", false}}}},
            {"patient_response",
             "Completed 3 rounds of 10 step-ups with cues for knee alignment; pain 3/10 before and "
             "after."},
            {"next_visit_plan", "Progress step-ups to a 6-inch step."}};
  auto o = draft(r);
  ASSERT_TRUE(o.value) << describe_findings(o.findings);
  EXPECT_EQ((*o.value)["billing"]["timed_minutes"], 38);
  EXPECT_EQ((*o.value)["billing"]["total_treatment_minutes"], 48);
  EXPECT_EQ((*o.value)["billing"]["units"], 3);
  EXPECT_NE(
      (*o.value)["markdown"].get<std::string>().find("| Therapeutic exercise | 97110 | 23 | yes |"),
      std::string::npos);
  r["interventions"][0].erase("cpt");
  EXPECT_TRUE(has_finding(draft(r), "/interventions/0/cpt", Severity::kError));
  Json no_response = r;
  no_response["interventions"][0]["cpt"] = "97110";
  no_response.erase("patient_response");
  EXPECT_TRUE(has_finding(draft(no_response), "/patient_response", Severity::kError));
}

TEST(DischargeSummary, ReasonAndPlainPatientInstructions) {
  Json r = sample();
  r["note_type"] = "discharge_summary";
  EXPECT_TRUE(has_finding(draft(r), "/discharge_reason", Severity::kError));
  r["discharge_reason"] = "Goals met; independent with the home program.";
  r["patient_instructions"] = "Keep doing your SLR and quad sets every morning.";
  EXPECT_TRUE(has_finding(draft(r), "/patient_instructions", Severity::kError));
  r["patient_instructions"] =
      "Keep doing the knee press and the straight leg lift every morning after your coffee.";
  auto o = draft(r);
  ASSERT_TRUE(o.value) << describe_findings(o.findings);
  EXPECT_NE((*o.value)["markdown"].get<std::string>().find("# Discharge summary: Maria"),
            std::string::npos);
}

}  // namespace
}  // namespace ptmcp::tools::notes
