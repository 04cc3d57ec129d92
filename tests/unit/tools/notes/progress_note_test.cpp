#include "tools/notes/progress_note.h"

#include <gtest/gtest.h>

#include <fstream>

#include "server/assets.h"
#include "server/schema_validator.h"

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
  // Timed: 23 + 15 = 38 minutes -> 3 units (38-52); the untimed hot pack adds 1: 4 in all.
  EXPECT_EQ((*o.value)["billing"]["timed_units"], 3);
  EXPECT_EQ((*o.value)["billing"]["units"], 4);
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

Json daily_note(Json interventions, const std::string& payer = "medicare") {
  return {{"note_type", "daily_note"},
          {"patient", {{"name", "Maria"}}},
          {"payer", payer},
          {"date", "2026-11-24"},
          {"interventions", std::move(interventions)},
          {"patient_response", "Completed 3 rounds of 10 step-ups with cues; pain 3/10 after."},
          {"next_visit_plan", "Progress step-ups to a 6-inch step."}};
}

Json code_line(const Json& note, const std::string& cpt) {
  for (const auto& c : note["billing"]["codes"]) {
    if (c["cpt"] == cpt) return c;
  }
  return nullptr;
}

bool has_message(const Outcome<Json>& o, const std::string& pointer, const std::string& part) {
  if (!o.value) return false;
  for (const auto& f : (*o.value)["findings"]) {
    if (f["pointer"] == pointer && f["message"].get<std::string>().find(part) != std::string::npos)
      return true;
  }
  return false;
}

TEST(DailyNote, ThreeCodesBillUnitsPerCode) {
  // Medicare: 97110 25 + 97140 12 + 97530 10 = 47 timed minutes -> 3 units (38-52). Whole
  // units: 97110 1 (10 left), 97140 0 (12 left), 97530 0 (10 left); 2 more: 97140 (12),
  // then 97110 and 97530 tie at 10 -> 97110, listed first. 97110 2, 97140 1, 97530 0.
  auto o = draft(daily_note({{{"name", "Exercise"}, {"cpt", "97110"}, {"minutes", 25}},
                             {{"name", "Joint mobilization"}, {"cpt", "97140"}, {"minutes", 12}},
                             {{"name", "Transfers"}, {"cpt", "97530"}, {"minutes", 10}}}));
  ASSERT_TRUE(o.value) << describe_findings(o.findings);
  const Json& n = *o.value;
  EXPECT_EQ(code_line(n, "97110")["units"], 2);
  EXPECT_EQ(code_line(n, "97140")["units"], 1);
  EXPECT_EQ(code_line(n, "97530")["units"], 0);
  EXPECT_EQ(n["billing"]["units"], 3);
  EXPECT_EQ(n["billing"]["unit_rule"]["id"], "cms");
  const std::string md = n["markdown"];
  EXPECT_NE(md.find("| CPT | Service | Minutes | Units | Modifier |"), std::string::npos) << md;
  EXPECT_NE(
      md.find("| 97140 | Manual therapy (joint mobilization, soft tissue work) | 12 | 1 | GP |"),
      std::string::npos)
      << md;
  EXPECT_NE(md.find("Close call: 97110 and 97530 each had 10 minutes left over"), std::string::npos)
      << md;
  const std::string text = n["text"];
  EXPECT_NE(text.find("97140; Manual therapy (joint mobilization, soft tissue work); 12; 1; GP"),
            std::string::npos)
      << text;
  // 97530 with 97140 is a bundled pair: a finding, and a line in the note.
  EXPECT_TRUE(has_message(o, "/interventions", "97530 and 97140"));
  EXPECT_NE(md.find("modifier 59"), std::string::npos);
}

TEST(DailyNote, KeepsWhatTheTherapistWrote) {
  // These three were accepted and then dropped from a daily note.
  Json r = daily_note({{{"name", "Exercise"}, {"cpt", "97110"}, {"minutes", 23}}});
  r["subjective"] = "Walked to the mailbox twice since the last visit.";
  r["assessment"] = "Step-up control improving; needs cues for knee alignment.";
  r["skilled_interventions"] = {"Tactile cues at the knee during step-ups"};
  auto o = draft(r);
  ASSERT_TRUE(o.value) << describe_findings(o.findings);
  for (const char* rendering : {"markdown", "text"}) {
    const std::string note = (*o.value)[rendering];
    for (const char* words : {"Walked to the mailbox twice", "Step-up control improving",
                              "Tactile cues at the knee during step-ups"})
      EXPECT_NE(note.find(words), std::string::npos) << rendering << ": " << words;
  }
}

TEST(DailyNote, UnknownCodeAsksWhetherItIsTimed) {
  auto o = draft(daily_note({{{"name", "Dry needling"}, {"cpt", "20560"}, {"minutes", 10}}}));
  ASSERT_TRUE(o.value);
  EXPECT_TRUE(has_message(o, "/interventions/0/cpt", "Is it timed?"));
  EXPECT_EQ(code_line(*o.value, "20560")["timed_from"], "default");
  EXPECT_EQ(code_line(*o.value, "20560")["units"], 1);  // 10 timed minutes -> 1 unit
  // Said untimed: no question, and the request is recorded as what decided it.
  auto said = draft(daily_note(
      {{{"name", "Dry needling"}, {"cpt", "20560"}, {"minutes", 10}, {"timed", false}}}));
  ASSERT_TRUE(said.value);
  EXPECT_FALSE(has_finding(said, "/interventions/0/cpt", Severity::kWarning));
  EXPECT_EQ(code_line(*said.value, "20560")["timed_from"], "request");
  EXPECT_EQ((*said.value)["billing"]["untimed_units"], 1);
}

TEST(DailyNote, TheCodeTableKnowsHotPacksAreUntimedAndBundledForMedicare) {
  // 97110 23 -> 2 units; 97010 untimed -> 1 unit; Medicare bundles 97010.
  auto o = draft(daily_note({{{"name", "Exercise"}, {"cpt", "97110"}, {"minutes", 23}},
                             {{"name", "Hot pack"}, {"cpt", "97010"}, {"minutes", 10}}}));
  ASSERT_TRUE(o.value);
  EXPECT_EQ(code_line(*o.value, "97010")["timed"], false);
  EXPECT_EQ(code_line(*o.value, "97010")["timed_from"], "code table");
  EXPECT_EQ((*o.value)["billing"]["timed_units"], 2);
  EXPECT_EQ((*o.value)["billing"]["untimed_units"], 1);
  EXPECT_TRUE(has_message(o, "/interventions/1/cpt", "bundled for Medicare"));
  // Another payer: no Medicare note.
  auto other =
      draft(daily_note({{{"name", "Hot pack"}, {"cpt", "97010"}, {"minutes", 10}}}, "commercial"));
  ASSERT_TRUE(other.value);
  EXPECT_FALSE(has_finding(other, "/interventions/0/cpt", Severity::kWarning));
}

TEST(DailyNote, TheRequestsTimedWinsOverTheTableAndIsRecorded) {
  // 97010 said timed for 10 minutes -> 1 timed unit, with a warning to check the code.
  auto o = draft(
      daily_note({{{"name", "Hot pack"}, {"cpt", "97010"}, {"minutes", 10}, {"timed", true}}}));
  ASSERT_TRUE(o.value);
  EXPECT_TRUE(has_message(o, "/interventions/0/timed", "untimed in ptmcp's code table"));
  EXPECT_EQ(code_line(*o.value, "97010")["timed_from"], "request");
  EXPECT_EQ((*o.value)["billing"]["timed_units"], 1);
}

TEST(DailyNote, PayersCountMinutesTheirOwnWay) {
  // 97110 7 + 97140 7: Medicare 14 timed minutes -> 1 unit (to 97110, the first of a tie);
  // a commercial payer on the AMA rule: each under 8 -> none; unit_rule cms overrides it.
  const Json day = {{{"name", "Exercise"}, {"cpt", "97110"}, {"minutes", 7}},
                    {{"name", "Manual"}, {"cpt", "97140"}, {"minutes", 7}}};
  auto medicare = draft(daily_note(day));
  ASSERT_TRUE(medicare.value);
  EXPECT_EQ((*medicare.value)["billing"]["units"], 1);
  auto commercial = draft(daily_note(day, "commercial"));
  ASSERT_TRUE(commercial.value);
  EXPECT_EQ((*commercial.value)["billing"]["units"], 0);
  EXPECT_EQ((*commercial.value)["billing"]["unit_rule"]["id"], "ama");
  Json overridden = daily_note(day, "commercial");
  overridden["unit_rule"] = "cms";
  EXPECT_EQ((*draft(overridden).value)["billing"]["units"], 1);
}

TEST(DailyNote, TheSameCodeTwiceIsOneLineOnTheClaim) {
  // 97110 10 + 97110 5 = 15 minutes of one code -> 1 unit on one line.
  auto o = draft(daily_note({{{"name", "Warm-up"}, {"cpt", "97110"}, {"minutes", 10}},
                             {{"name", "Strength"}, {"cpt", "97110"}, {"minutes", 5}}}));
  ASSERT_TRUE(o.value);
  ASSERT_EQ((*o.value)["billing"]["codes"].size(), 1u);
  EXPECT_EQ(code_line(*o.value, "97110")["minutes"], 15);
  EXPECT_EQ(code_line(*o.value, "97110")["units"], 1);
}

TEST(DailyNote, FieldsWithNoPlaceInTheNoteAreNamed) {
  Json r = daily_note({{{"name", "Exercise"}, {"cpt", "97110"}, {"minutes", 23}}});
  r["goals"] = sample()["goals"];
  auto o = draft(r);
  ASSERT_TRUE(o.value);
  EXPECT_TRUE(has_message(o, "/goals", "is not shown in a daily note"));
}

TEST(Wording, NoDoubledPeriodsFromTheTherapistsOwnPeriods) {
  Json r = sample();
  r["plan"]["changes"] = "Wean from cane.";
  r["goals"][0]["text"] = "Walk 500 feet with a cane by week 8.";
  auto o = draft(r);
  ASSERT_TRUE(o.value);
  const std::string md = (*o.value)["markdown"];
  EXPECT_NE(md.find("Changes: Wean from cane."), std::string::npos) << md;
  EXPECT_EQ(md.find(".."), std::string::npos) << md;
}

TEST(Wording, AMissingResponseReadsAsASentenceBeforeItsExample) {
  Json r = daily_note({{{"name", "Exercise"}, {"cpt", "97110"}, {"minutes", 23}}});
  r.erase("patient_response");
  const std::string text = describe_findings(draft(r).findings);
  EXPECT_EQ(text.find("specifically For example"), std::string::npos) << text;
  EXPECT_NE(text.find("how it went. For example: "), std::string::npos) << text;
}

TEST(OtherPayers, AnUnknownPayerIsNamedAsWritten) {
  Json r = sample();
  r["payer"] = "Acme Health";
  r.erase("treatment_days");
  auto o = draft(r);
  ASSERT_TRUE(o.value) << describe_findings(o.findings);
  EXPECT_NE((*o.value)["markdown"].get<std::string>().find("**Payer:** Acme Health"),
            std::string::npos);
}

TEST(Output, EveryNoteTypeMatchesTheOutputSchema) {
  server::SchemaValidator validator(
      Json::parse(server::require_asset("schemas/draft_progress_note.output.json")));
  Json discharge = sample();
  discharge["note_type"] = "discharge_summary";
  discharge["discharge_reason"] = "Goals met.";
  for (const Json& r :
       {sample(), discharge,
        daily_note({{{"name", "Exercise"}, {"cpt", "97110"}, {"minutes", 25}},
                    {{"name", "Manual"}, {"cpt", "97140"}, {"minutes", 12}},
                    {{"name", "Hot pack"}, {"cpt", "97010"}, {"minutes", 10}},
                    {{"name", "Dry needling"}, {"cpt", "20560"}, {"minutes", 8}}})}) {
    auto o = draft(r);
    ASSERT_TRUE(o.value) << describe_findings(o.findings);
    for (const auto& p : validator.validate(*o.value))
      ADD_FAILURE() << r["note_type"] << " " << p.pointer << ": " << p.message;
  }
}

}  // namespace
}  // namespace ptmcp::tools::notes
