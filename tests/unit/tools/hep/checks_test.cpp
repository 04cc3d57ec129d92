// Each six-element check with a failing and a passing case, starting from the sample
// knee-replacement request (which passes) and changing one thing at a time.
#include "tools/hep/checks.h"

#include <gtest/gtest.h>

#include <fstream>

#include "server/assets.h"
#include "tools/hep/dates.h"
#include "tools/hep/render.h"
#include "tools/library/exercise_library.h"
#include "tools/text/readability.h"
#include "tools/text/readability_es.h"

namespace ptmcp::tools::hep {
namespace {

using Json = nlohmann::json;

Json sample(const char* name = "hep_post_tka.json") {
  std::ifstream file(std::string(PTMCP_SOURCE_DIR) + "/tests/data/cases/" + name);
  return Json::parse(file);
}

const HepLimits kLimits{};

// The findings of one severity at one pointer.
std::vector<Finding> at(const Outcome<Program>& o, const std::string& pointer, Severity s) {
  std::vector<Finding> out;
  for (const auto& f : o.findings) {
    if (f.pointer == pointer && f.severity == s) out.push_back(f);
  }
  return out;
}

void expect_error(const Json& request, const std::string& pointer, int element,
                  const std::string& words = "") {
  auto o = check_hep(request, kLimits);
  EXPECT_FALSE(o.value) << "expected an error at " << pointer;
  auto errors = at(o, pointer, Severity::kError);
  ASSERT_FALSE(errors.empty()) << "no error at " << pointer << "; got:\n"
                               << describe_findings(o.findings);
  EXPECT_EQ(errors[0].element, element) << errors[0].message;
  if (!words.empty()) {
    EXPECT_NE(errors[0].message.find(words), std::string::npos) << errors[0].message;
  }
}

void expect_warning(const Json& request, const std::string& pointer, int element) {
  auto o = check_hep(request, kLimits);
  ASSERT_TRUE(o.value) << describe_findings(o.findings);
  auto warnings = at(o, pointer, Severity::kWarning);
  ASSERT_FALSE(warnings.empty()) << "no warning at " << pointer;
  EXPECT_EQ(warnings[0].element, element);
}

TEST(HepChecks, BothSampleCasesPass) {
  auto tka = check_hep(sample(), kLimits);
  ASSERT_TRUE(tka.value) << describe_findings(tka.findings);
  auto back = check_hep(sample("hep_low_back.json"), kLimits);
  ASSERT_TRUE(back.value) << describe_findings(back.findings);
  EXPECT_TRUE(back.findings.empty()) << describe_findings(back.findings);
}

// ---- element 1 ----
TEST(HepChecks, Element1NoExercises) {
  Json r = sample();
  r["exercises"] = Json::array();
  expect_error(r, "/exercises", 1);
}

TEST(HepChecks, Element1FourIsAWarning) {
  Json r = sample();
  r["exercises"].push_back(
      {{"library_id", "tka-ankle-pump"}, {"dose", {{"sets", 2}, {"reps", 20}}}});
  expect_warning(r, "/exercises", 1);
}

TEST(HepChecks, Element1SevenExercisesAreRefused) {
  Json r = sample();
  for (const char* id : {"tka-ankle-pump", "tka-short-arc", "tka-long-arc", "tka-sit-to-stand"}) {
    r["exercises"].push_back({{"library_id", id}, {"dose", {{"sets", 2}, {"reps", 10}}}});
  }
  ASSERT_EQ(r["exercises"].size(), 7u);
  expect_error(r, "/exercises", 1, "next_visit_additions");
}

// A rotator-cuff repair at six weeks, as a therapist might first send it: examples in the
// findings come from the patient's own condition and program, never another body part.
Json shoulder() {
  Json r = sample();
  r["visit"]["condition"] = "Right rotator cuff repair, 6 weeks after surgery";
  r["exercises"] = Json::array();
  for (const char* id : {"rc-pendulum", "rc-table-slide", "rc-cane-lift", "rc-cane-turn-out",
                         "rc-blade-squeeze", "rc-wall-walk"})
    r["exercises"].push_back({{"library_id", id}, {"dose", {{"sets", 2}, {"reps", 10}}}});
  r.erase("next_visit_additions");
  return r;
}

bool mentions_another_body_part(const std::string& text) {
  for (const char* word : {"knee", "heel", "ankle", "calf", "thigh", "kitchen counter", "hip"}) {
    if (text.find(word) != std::string::npos) return true;
  }
  return false;
}

TEST(HepChecks, FindingsExamplesFitThePatientsCondition) {
  auto o = check_hep(shoulder(), kLimits);
  auto count = at(o, "/exercises", Severity::kError);
  ASSERT_EQ(count.size(), 1u);
  // The example moves the program's own exercises past the first three.
  EXPECT_EQ(count[0].example, "\"next_visit_additions\": [\"" +
                                  library::find_exercise("rc-cane-turn-out")->name + "\",\"" +
                                  library::find_exercise("rc-blade-squeeze")->name + "\",\"" +
                                  library::find_exercise("rc-wall-walk")->name + "\"]");

  Json r = shoulder();
  r["exercises"] = Json::array();
  auto none = at(check_hep(r, kLimits), "/exercises", Severity::kError);
  ASSERT_EQ(none.size(), 1u);
  EXPECT_NE(none[0].example.find("\"rc-"), std::string::npos) << none[0].example;

  r = shoulder();
  r["exercises"] = {{{"library_id", "rc-pendulm"}, {"dose", {{"sets", 2}, {"reps", 10}}}},
                    {{"clinical_name", "Pendulums"}, {"dose", {{"minutes", 2}}}}};
  r.erase("milestone");
  r["visit"].erase("plan_of_care_goal");
  r["rules"].erase("contact");
  r["feedback"].erase("problem_contact");
  auto many = check_hep(r, kLimits);
  ASSERT_FALSE(many.value);
  for (const auto& f : many.findings)
    EXPECT_FALSE(mentions_another_body_part(f.example)) << f.pointer << ": " << f.example;
  auto id = at(many, "/exercises/0/library_id", Severity::kError);
  ASSERT_EQ(id.size(), 1u);
  EXPECT_EQ(id[0].example, "\"rc-pendulum\"");
  auto name = at(many, "/exercises/1/name", Severity::kError);
  ASSERT_EQ(name.size(), 1u);
  EXPECT_EQ(name[0].example, "\"" + library::find_exercise("rc-pendulum")->name + "\"");
  auto milestone = at(many, "/milestone", Severity::kError);
  ASSERT_EQ(milestone.size(), 1u);
  EXPECT_NE(milestone[0].example.find("wall"), std::string::npos) << milestone[0].example;
  auto goal = at(many, "/visit/plan_of_care_goal", Severity::kError);
  ASSERT_EQ(goal.size(), 1u);
  EXPECT_NE(goal[0].example.find("shelf"), std::string::npos) << goal[0].example;
}

TEST(HepChecks, AMissingContactGetsAContactExampleFromTheProgram) {
  Json r = sample();
  r["feedback"].erase("problem_contact");
  auto problem = at(check_hep(r, kLimits), "/feedback/problem_contact", Severity::kError);
  ASSERT_EQ(problem.size(), 1u);
  // The program's own contact for the "feels different" rule, not a logging line.
  EXPECT_EQ(problem[0].example, "\"Send us a message in the Lakeside PT patient portal.\"");
  r = sample();
  r["rules"].erase("contact");
  auto contact = at(check_hep(r, kLimits), "/rules/contact", Severity::kError);
  ASSERT_EQ(contact.size(), 1u);
  EXPECT_EQ(contact[0].example, "\"call Lakeside PT at 555-0100\"");
  r = sample();
  r["feedback"]["problem_contact"] = "call my cell";
  auto personal = at(check_hep(r, kLimits), "/feedback/problem_contact", Severity::kError);
  ASSERT_EQ(personal.size(), 1u);
  EXPECT_EQ(personal[0].example.find("Text DONE"), std::string::npos) << personal[0].example;
}

// Every condition's examples pass the checks they are examples for, in plain words.
TEST(HepChecks, EachConditionsExamplesPass) {
  for (const auto& c : library::conditions()) {
    Json r = sample();
    r["visit"]["condition"] = c.name;
    r["visit"]["plan_of_care_goal"] = c.goal_example;
    r["milestone"] = c.milestone_example;
    auto o = check_hep(r, kLimits);
    EXPECT_TRUE(at(o, "/milestone", Severity::kError).empty()) << c.id;
    EXPECT_TRUE(at(o, "/milestone", Severity::kWarning).empty()) << c.id;
    EXPECT_LE(text::measure(c.milestone_example).grade, 6.0) << c.id;
    EXPECT_LE(text::measure(c.goal_example).grade, 8.0) << c.id;
  }
}

TEST(HepChecks, TheHeaderCountsTheListUnderIt) {
  // One error and one warning: "1 problem to fix" lists one problem, the warning apart.
  const std::string text =
      describe_findings({{Severity::kError, 6, "/milestone", "needs one small goal", ""},
                         {Severity::kWarning, 1, "/exercises", "has 4 exercises", ""}});
  EXPECT_TRUE(text.starts_with("1 problem to fix")) << text;
  EXPECT_EQ(text.find("2."), std::string::npos) << text;
  EXPECT_NE(text.find("Also 1 warning, which does not block it:\n1. element 1"), std::string::npos)
      << text;
}

// Each session of a twice-a-day program is checked like the single session.
TEST(HepChecks, Element3EachSessionIsCheckedLikeTheSingleOne) {
  std::ifstream file(std::string(PTMCP_SOURCE_DIR) + "/tests/data/hep_twice_a_day.json");
  const Json twice = Json::parse(file);
  ASSERT_TRUE(check_hep(twice, kLimits).value);
  Json r = twice;
  r["schedule"]["sessions"][1]["trigger"] = "when you have time";
  expect_error(r, "/schedule/sessions/1/trigger", 3, "not tied to a routine");
  r = twice;
  r["schedule"]["sessions"][1].erase("where");
  expect_error(r, "/schedule/sessions/1/where", 3);
  r = twice;
  r["schedule"]["sessions"][0]["exercises"] = {0, 5};
  expect_error(r, "/schedule/sessions/0/exercises", 3, "names exercise 5");
  r = twice;
  r["schedule"]["when"] = "every morning";  // said twice: outside and inside the sessions
  expect_error(r, "/schedule/when", 3, "inside each of schedule.sessions");
}

// An exercise no session names would never be scheduled: a warning says so, for one session
// with a list as for several.
TEST(HepChecks, Element3AnExerciseNoSessionNamesIsWarnedAbout) {
  std::ifstream file(std::string(PTMCP_SOURCE_DIR) + "/tests/data/hep_twice_a_day.json");
  const Json twice = Json::parse(file);
  EXPECT_TRUE(at(check_hep(twice, kLimits), "/schedule/sessions", Severity::kWarning).empty());
  Json r = twice;
  r["schedule"]["sessions"][0]["exercises"] = {0, 1};  // evening names 0 and 1 too: 2 never
  auto warnings = at(check_hep(r, kLimits), "/schedule/sessions", Severity::kWarning);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].message.find("no session names exercise 2"), std::string::npos);
  r = twice;
  r["schedule"]["sessions"] = Json::array({twice["schedule"]["sessions"][0]});
  r["schedule"]["sessions"][0]["exercises"] = {0};
  EXPECT_EQ(at(check_hep(r, kLimits), "/schedule/sessions", Severity::kWarning).size(), 2u);
}

TEST(HepChecks, Element1LimitsComeFromConfiguration) {
  Json r = sample();
  r["exercises"].push_back(
      {{"library_id", "tka-ankle-pump"}, {"dose", {{"sets", 2}, {"reps", 20}}}});
  HepLimits strict = kLimits;
  strict.exercises_warn_max = 3;
  EXPECT_FALSE(check_hep(r, strict).value);
}

// ---- element 2 ----
TEST(HepChecks, Element2BareClinicalNameIsRefusedWithAPlainSuggestion) {
  Json r = sample();
  r["exercises"][0]["name"] = "Quad sets";
  auto o = check_hep(r, kLimits);
  auto errors = at(o, "/exercises/0/name", Severity::kError);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].element, 2);
  EXPECT_EQ(errors[0].example, "\"Knee press into a towel\"");
  r["exercises"][0]["name"] = "SLR";
  expect_error(r, "/exercises/0/name", 2);
}

TEST(HepChecks, Element2JargonInANameIsAWarning) {
  expect_warning(sample(), "/exercises/1/name", 2);  // "Heel slides on the bed"
}

TEST(HepChecks, Element2NeedsANameOrLibraryId) {
  Json r = sample();
  r["exercises"][0].erase("name");
  expect_error(r, "/exercises/0/name", 2);
}

TEST(HepChecks, Element2NeedsAClinicLink) {
  Json r = sample();
  r["exercises"][2].erase("clinic_link");
  expect_error(r, "/exercises/2/clinic_link", 2);
}

TEST(HepChecks, Element2SentenceCount) {
  Json r = sample();
  r["exercises"][1]["description"] = "Lie down. Slide your heel up. Slide it back. Rest.";
  expect_error(r, "/exercises/1/description", 2, "5 sentences");
}

TEST(HepChecks, Element2JargonInTextIsAWarning) {
  Json r = sample();
  r["exercises"][1]["description"] = "Lie supine and slide your right heel toward your bottom.";
  expect_warning(r, "/exercises/1/description", 2);
}

TEST(HepChecks, Element2GradeAboveTargetIsAWarning) {
  Json r = sample();
  r["exercises"][1]["description"] =
      "Initiate progressive flexion of the operative extremity, maintaining continuous "
      "contact between the calcaneus and the supporting mattress surface throughout.";
  expect_warning(r, "/exercises/1/description", 2);
}

TEST(HepChecks, Element2LibraryFillsOnlyWhatIsMissing) {
  Json r = sample("hep_low_back.json");
  auto o = check_hep(r, kLimits);
  ASSERT_TRUE(o.value);
  const auto& press = o.value->exercises[0];
  EXPECT_EQ(press.name, "Press-up on your stomach");
  EXPECT_NE(press.description.find("hands under your shoulders"), std::string::npos);
  EXPECT_EQ(press.clinic_link, "The same press-up we did on the mat today.");  // the assistant's
  r["exercises"][0]["description"] = "Lie face down and push up with your arms.";
  auto mine = check_hep(r, kLimits);
  ASSERT_TRUE(mine.value);
  EXPECT_EQ(mine.value->exercises[0].description, "Lie face down and push up with your arms.");
}

TEST(HepChecks, Element2UnknownLibraryId) {
  Json r = sample("hep_low_back.json");
  r["exercises"][0]["library_id"] = "lbp-nothing";
  expect_error(r, "/exercises/0/library_id", 2);
}

// ---- element 3 ----
TEST(HepChecks, Element3ThreeTimesAWeekIsNotASchedule) {
  Json r = sample();
  r["schedule"]["days"] = "3x/week";
  expect_error(r, "/schedule/days", 3, "not a schedule");
  r["schedule"]["days"] = {"3x/week"};
  expect_error(r, "/schedule/days/0", 3);
}

TEST(HepChecks, Element3DaysAcceptTheWaysPeopleWriteThem) {
  Json r = sample();
  r["schedule"]["days"] = {"Friday", "Mon", "wednesday"};
  auto o = check_hep(r, kLimits);
  ASSERT_TRUE(o.value);
  EXPECT_EQ(o.value->days, (std::vector<std::string>{"mon", "wed", "fri"}));
  r["schedule"].erase("days");
  expect_error(r, "/schedule/days", 3);
}

TEST(HepChecks, Element3MissingTrigger) {
  Json r = sample();
  r["schedule"].erase("trigger");
  expect_error(r, "/schedule/trigger", 3);
}

TEST(HepChecks, Element3VagueTriggers) {
  for (const char* vague : {"when you have time", "daily", "whenever you can", "in the morning"}) {
    Json r = sample();
    r["schedule"]["trigger"] = vague;
    expect_error(r, "/schedule/trigger", 3, "not tied to a routine");
  }
  Json r = sample();
  r["schedule"]["trigger"] = "right after you pour your morning coffee";
  EXPECT_TRUE(check_hep(r, kLimits).value);
}

TEST(HepChecks, Element3WhenAndWhere) {
  Json r = sample();
  r["schedule"].erase("when");
  expect_error(r, "/schedule/when", 3);
  r = sample();
  r["schedule"]["where"] = " ";
  expect_error(r, "/schedule/where", 3);
}

TEST(HepChecks, Element3DoseIsTheTherapistsAndNeverGuessed) {
  Json r = sample("hep_low_back.json");
  r["exercises"][1].erase("dose");
  auto o = check_hep(r, kLimits);
  auto errors = at(o, "/exercises/1/dose", Severity::kError);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].element, 3);
  EXPECT_NE(errors[0].example.find("the therapist decides"), std::string::npos);
}

TEST(HepChecks, Element3BareDoseInTextIsRefused) {
  Json r = sample();
  r["exercises"][0]["description"] = "Press your knee down into the towel, 3x10.";
  expect_error(r, "/exercises/0/description", 3, "bare dose");
}

TEST(HepChecks, Element3BareDoseAnywhereOnThePageIsRefused) {
  // audit_hep reports clinic shorthand wherever a handout prints it; so does generate_hep.
  for (const char* field : {"when", "where", "trigger"}) {
    Json r = sample();
    r["schedule"][field] = std::string(r["schedule"][field]) + ", 2x/day";
    expect_error(r, std::string("/schedule/") + field, 3, "bare dose");
  }
  Json r = sample();
  r["milestone"] = "By your next visit, do 3x10 knee presses with no pain.";
  expect_error(r, "/milestone", 3, "bare dose");
  r = sample();
  r["feedback"]["log_instruction"] = "Text DONE to the Lakeside PT number 2 times a day";
  expect_error(r, "/feedback/log_instruction", 3, "bare dose");
}

TEST(HepChecks, Element3DoseIsSaidAsABehavior) {
  auto o = check_hep(sample(), kLimits);
  ASSERT_TRUE(o.value);
  EXPECT_EQ(o.value->exercises[0].dose_text,
            "2 rounds of 10, holding each for 5 seconds, right side only");
  EXPECT_EQ(o.value->exercises[2].dose_text, "2 rounds of 8, right side only");
}

// ---- element 4 ----
TEST(HepChecks, Element4NeedsAContact) {
  Json r = sample();
  r["rules"].erase("contact");
  expect_error(r, "/rules/contact", 4);
}

TEST(HepChecks, Element4ContactMustSayHowToReachTheClinic) {
  Json r = sample();
  r["rules"]["contact"] = "Lakeside PT front desk";
  expect_error(r, "/rules/contact", 4, "does not say how to reach the clinic");
  r["rules"]["contact"] = "the Lakeside PT front desk at 555-0100";
  EXPECT_TRUE(check_hep(r, kLimits).value);
}

TEST(HepChecks, Element4RulesAndConditionWarningSigns) {
  Json r = sample();
  r["rules"]["pain_rise_max"] = 3;
  auto o = check_hep(r, kLimits);
  ASSERT_TRUE(o.value);
  EXPECT_NE(o.value->pain_rule.find("more than 3 points"), std::string::npos);
  EXPECT_NE(o.value->missed_day_rule.find("do not make it up"), std::string::npos);
  EXPECT_EQ(o.value->feels_different_rule,
            "If something feels different, send us a message in the Lakeside PT patient portal.");
  bool calf = false;
  for (const auto& s : o.value->warning_signs)
    calf |= s.text.find("calf") != std::string::npos;
  EXPECT_TRUE(calf);

  auto back = check_hep(sample("hep_low_back.json"), kLimits);
  ASSERT_TRUE(back.value);
  bool saddle = false;
  for (const auto& s : back.value->warning_signs)
    saddle |= s.text.find("numb between your legs") != std::string::npos;
  EXPECT_TRUE(saddle);
  EXPECT_EQ(back.value->pain_rule.find("more than 2 points") != std::string::npos, true);
}

// A condition ptmcp cannot place, in either language, still gets the general warning
// signs: the 911 line, never none.
TEST(HepChecks, Element4UnknownConditionWarnsAndGetsTheGeneralSigns) {
  for (const char* unknown : {"Tennis elbow", "codo de tenista"}) {
    SCOPED_TRACE(unknown);
    Json r = sample();
    r["visit"]["condition"] = unknown;
    expect_warning(r, "/visit/condition", 4);
    auto o = check_hep(r, kLimits);
    ASSERT_TRUE(o.value);
    ASSERT_FALSE(o.value->warning_signs.empty());
    bool call_911 = false;
    for (const auto& s : o.value->warning_signs)
      call_911 |= s.tier == "emergency" && s.text.find("Call 911") != std::string::npos &&
                  s.text.find("chest pain") != std::string::npos;
    EXPECT_TRUE(call_911);
  }
}

TEST(HepChecks, Element4ConditionInSpanishGetsItsWarningSigns) {
  Json r = sample();
  r["visit"]["condition"] = "Reemplazo total de rodilla derecha, hace 3 semanas";
  auto o = check_hep(r, kLimits);
  ASSERT_TRUE(o.value);
  EXPECT_EQ(o.value->condition_id, "tka");
  bool calf = false;
  for (const auto& s : o.value->warning_signs)
    calf |= s.text.find("calf") != std::string::npos;
  EXPECT_TRUE(calf);
}

// Every warning sign has its Spanish text beside it, in plain Spanish (Fernández-Huerta 80
// or above), and every condition's profile is there.
TEST(HepChecks, WarningSignsInSpanish) {
  const Json data = Json::parse(server::require_asset("data/clinical/warning_signs.json"));
  for (const auto& [profile, signs] : data["profiles"].items()) {
    for (const auto& sign : signs) {
      const std::string es = sign.at("es");
      EXPECT_NE(es, sign.at("text").get<std::string>());
      EXPECT_GE(text::measure_es(es).fernandez_huerta, 80.0) << profile << ": " << es;
    }
  }
  EXPECT_FALSE(data["profiles"]["general"].empty());
  for (const auto& c : library::conditions())
    EXPECT_TRUE(data["profiles"].contains(c.red_flag_profile)) << c.id;
}

// ---- element 5 ----
TEST(HepChecks, Element5NeedsLoggingAndAContact) {
  for (const char* field : {"channel", "log_instruction", "problem_contact"}) {
    Json r = sample();
    r["feedback"].erase(field);
    expect_error(r, std::string("/feedback/") + field, 5);
  }
}

TEST(HepChecks, Element5LoggingAndContactMustSayHow) {
  Json r = sample();
  r["feedback"]["log_instruction"] = "Let us know how it went";
  expect_error(r, "/feedback/log_instruction", 5, "does not say how to log");
  r = sample();
  r["feedback"]["problem_contact"] = "Lakeside PT";
  expect_error(r, "/feedback/problem_contact", 5, "does not say how to reach the clinic");
}

TEST(HepChecks, Element5PersonalCellIsRefused) {
  Json r = sample();
  r["feedback"]["log_instruction"] = "Text DONE to my cell, 555-0199";
  expect_error(r, "/feedback/log_instruction", 5, "personal phone");
  r = sample();
  r["feedback"]["problem_contact"] = "Text me at 555-0199";
  expect_error(r, "/feedback/problem_contact", 5);
}

// ---- element 6 ----
TEST(HepChecks, Element6Missing) {
  Json r = sample();
  r.erase("milestone");
  expect_error(r, "/milestone", 6);
}

TEST(HepChecks, Element6VagueMilestone) {
  Json r = sample();
  r["milestone"] = "By your next visit, feel better and be stronger.";
  expect_error(r, "/milestone", 6, "not something you can count");
}

TEST(HepChecks, Element6RestatingThePlanOfCareGoal) {
  Json r = sample();
  r["milestone"] = "Walk to the mailbox and back (500 feet) with a cane by week 8.";
  expect_error(r, "/milestone", 6, "restates the plan-of-care goal");
}

TEST(HepChecks, Element6NextVisitMustFollowTheVisit) {
  Json r = sample();
  r["visit"]["next_visit"] = "2026-11-20";
  expect_error(r, "/visit/next_visit", 6);
}

TEST(HepChecks, Element6NotTiedToTheNextVisitWarns) {
  Json r = sample();
  r["milestone"] = "Hold the knee press for 5 seconds, three days in a row.";
  expect_warning(r, "/milestone", 6);
}

// ---- whole page ----
TEST(HepChecks, PageWordBudget) {
  auto o = check_hep(sample(), kLimits);
  ASSERT_TRUE(o.value);
  const std::string text = page_text(*o.value);
  EXPECT_TRUE(check_page(text, *o.value, kLimits).empty());
  HepLimits tight = kLimits;
  tight.page_word_budget = 100;
  auto findings = check_page(text, *o.value, tight);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_NE(findings[0].message.find("one printed page holds 100"), std::string::npos);
}

TEST(HepChecks, PageGradeTargetAndCeiling) {
  auto o = check_hep(sample(), kLimits);
  ASSERT_TRUE(o.value);
  const std::string hard =
      "Comprehensive rehabilitation necessitates individualized progression of therapeutic "
      "interventions incorporating neuromuscular reeducation and proprioceptive facilitation.";
  auto findings = check_page(hard, *o.value, kLimits);
  ASSERT_FALSE(findings.empty());
  EXPECT_EQ(findings[0].severity, Severity::kError);
  Program lenient = *o.value;
  auto warn =
      check_page("Walk to the end of the hallway and back, then sit down in a comfortable chair.",
                 lenient, kLimits);
  EXPECT_TRUE(warn.empty());
}

TEST(HepChecks, PatientNameWithDigitsIsRefused) {
  Json r = sample();
  r["patient"]["name"] = "Maria 1950-04-02";
  expect_error(r, "/patient/name", 0);
}

Program program_named(const std::string& name) {
  Json r = sample();
  r["patient"]["name"] = name;
  auto o = check_hep(r, kLimits);
  EXPECT_TRUE(o.value) << describe_findings(o.findings);
  return o.value.value_or(Program{});
}

TEST(HepChecks, ARevisionForAnotherPatientIsRefusedNamingBoth) {
  auto findings =
      check_same_patient("p-abc", program_named("Jos\xC3\xA9"), program_named("Frank"), "");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_EQ(findings[0].pointer, "/patient/name");
  const std::string& m = findings[0].message;
  EXPECT_NE(m.find("program p-abc is Jos\xC3\xA9's, and this request is for Frank"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("leave program_id out"), std::string::npos) << m;
  EXPECT_NE(m.find("renamed_from"), std::string::npos) << m;
}

TEST(HepChecks, TheSamePatientIsTheSameAfterCaseAndAccentFolding) {
  EXPECT_TRUE(
      check_same_patient("p-abc", program_named("Jos\xC3\xA9"), program_named("JOSE"), "").empty());
  EXPECT_TRUE(
      check_same_patient("p-abc", program_named("Nguy\xE1\xBB\x85n"), program_named("nguyen"), "")
          .empty());
}

TEST(HepChecks, ARenameNeedsTheNameTheProgramHas) {
  EXPECT_TRUE(check_same_patient("p-abc", program_named("Maria"), program_named("Mariana"), "maria")
                  .empty());
  auto wrong = check_same_patient("p-abc", program_named("Maria"), program_named("Mariana"), "Ana");
  ASSERT_EQ(wrong.size(), 1u);
  EXPECT_EQ(wrong[0].pointer, "/patient/renamed_from");
  EXPECT_NE(wrong[0].message.find("is Maria's, not Ana's"), std::string::npos) << wrong[0].message;
}

TEST(HepChecks, ANextVisitAlreadyPastIsAWarning) {
  const Program p = program_named("Maria");  // next visit Monday, November 30, 2026
  using std::chrono::days;
  const auto next = *parse_date("2026-11-30");
  EXPECT_TRUE(check_dates_against_today(p, next).empty());  // the visit is today
  auto past = check_dates_against_today(p, next + days{1});
  ASSERT_EQ(past.size(), 1u);
  EXPECT_EQ(past[0].severity, Severity::kWarning);
  EXPECT_EQ(past[0].element, 6);
  EXPECT_EQ(past[0].pointer, "/visit/next_visit");
  EXPECT_NE(past[0].message.find("Monday, November 30 is already past (today is Tuesday, "
                                 "December 1)"),
            std::string::npos)
      << past[0].message;
}

}  // namespace
}  // namespace ptmcp::tools::hep

namespace ptmcp::tools::hep {
namespace {

TEST(HepChecks, LargePrintAndPictureRoomAreTheTherapistsChoice) {
  Json r = sample();
  auto plain = check_hep(r, HepLimits{});
  ASSERT_TRUE(plain.value);
  EXPECT_FALSE(plain.value->large_print);
  EXPECT_FALSE(plain.value->exercises[0].picture_space);
  r["patient"]["large_print"] = true;
  r["exercises"][2]["picture_space"] = true;
  auto chosen = check_hep(r, HepLimits{});
  ASSERT_TRUE(chosen.value) << describe_findings(chosen.findings);
  EXPECT_TRUE(chosen.value->large_print);
  EXPECT_FALSE(chosen.value->exercises[0].picture_space);
  EXPECT_TRUE(chosen.value->exercises[2].picture_space);
}

}  // namespace
}  // namespace ptmcp::tools::hep
