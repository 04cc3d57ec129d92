// The six elements' checks on a Spanish program (patient.language "es"): the Spanish rules
// read folded text (no accents needed), the Spanish jargon list and Fernández-Huerta judge
// the patient's text, and an English program is judged as before.
#include <gtest/gtest.h>

#include <fstream>

#include "tools/hep/checks.h"
#include "tools/hep/render.h"
#include "tools/text/wording.h"

namespace ptmcp::tools::hep {
namespace {

using Json = nlohmann::json;

Json sample(const char* name) {
  std::ifstream file(std::string(PTMCP_SOURCE_DIR) + "/tests/data/cases/" + name);
  return Json::parse(file);
}

const HepLimits kLimits{};

std::vector<Finding> at(const Outcome<Program>& o, const std::string& pointer, Severity s) {
  std::vector<Finding> out;
  for (const auto& f : o.findings) {
    if (f.pointer == pointer && f.severity == s) out.push_back(f);
  }
  return out;
}

bool mentions(const std::vector<Finding>& findings, const std::string& words) {
  for (const auto& f : findings) {
    if (f.message.find(words) != std::string::npos) return true;
  }
  return false;
}

class SpanishCases : public ::testing::TestWithParam<const char*> {};

// Both Spanish sample cases pass every check, with no warning about the patient's text.
TEST_P(SpanishCases, PassWithoutFindingsOnThePatientsText) {
  auto o = check_hep(sample(GetParam()), kLimits);
  ASSERT_TRUE(o.value) << describe_findings(o.findings);
  for (const auto& f : o.findings) {
    EXPECT_TRUE(f.pointer.starts_with("/visit/next_visit")) << f.pointer << ": " << f.message;
  }
  EXPECT_EQ(o.value->language, "es");
  const auto page = check_page(page_text(*o.value), *o.value, kLimits);
  EXPECT_TRUE(page.empty()) << describe_findings(page);
}

INSTANTIATE_TEST_SUITE_P(Both, SpanishCases,
                         ::testing::Values("hep_post_tka_es.json", "hep_low_back_es.json"));

// The trigger the issue reported refused as "not tied to a routine", with and without
// accents, and vague Spanish timing still refused.
TEST(SpanishChecks, RoutineTriggersInSpanish) {
  for (const char* trigger :
       {"después de cepillarse los dientes", "despues de cepillarse los dientes",
        "DESPUÉS DE CEPILLARSE LOS DIENTES", "al apagar la alarma, antes de levantarse",
        "cuando se sienta a desayunar"}) {
    Json r = sample("hep_low_back_es.json");
    r["schedule"]["trigger"] = trigger;
    auto o = check_hep(r, kLimits);
    EXPECT_TRUE(o.value) << trigger << "\n" << describe_findings(o.findings);
  }
  for (const char* trigger :
       {"cuando tenga tiempo", "Cuando pueda.", "por la mañana", "a diario"}) {
    Json r = sample("hep_low_back_es.json");
    r["schedule"]["trigger"] = trigger;
    auto o = check_hep(r, kLimits);
    EXPECT_FALSE(o.value) << trigger;
    EXPECT_TRUE(mentions(at(o, "/schedule/trigger", Severity::kError), "not tied to a routine"))
        << trigger << "\n"
        << describe_findings(o.findings);
  }
}

// The same trigger in an English program is still refused: a program's language decides
// which rules read it.
TEST(SpanishChecks, EnglishProgramsReadWithTheEnglishRules) {
  Json r = sample("hep_post_tka.json");
  r["schedule"]["trigger"] = "después de cepillarse los dientes";
  auto o = check_hep(r, kLimits);
  EXPECT_FALSE(o.value);
  EXPECT_FALSE(at(o, "/schedule/trigger", Severity::kError).empty());
}

// Clinic shorthand, a milestone that is not observable and a personal phone, in Spanish.
TEST(SpanishChecks, ShorthandMilestonesAndChannelsInSpanish) {
  Json r = sample("hep_post_tka_es.json");
  r["exercises"][0]["description"] = "Haga 3 veces al día, acostado boca arriba.";
  auto o = check_hep(r, kLimits);
  EXPECT_TRUE(mentions(at(o, "/exercises/0/description", Severity::kError), "3 veces al día"))
      << describe_findings(o.findings);

  r = sample("hep_post_tka_es.json");
  r["milestone"] = "Para su próxima visita, sentirse mejor.";
  o = check_hep(r, kLimits);
  EXPECT_FALSE(at(o, "/milestone", Severity::kError).empty()) << describe_findings(o.findings);

  r = sample("hep_post_tka_es.json");
  r["feedback"]["problem_contact"] = "Mándele un WhatsApp a mi celular personal";
  o = check_hep(r, kLimits);
  EXPECT_FALSE(at(o, "/feedback/problem_contact", Severity::kError).empty())
      << describe_findings(o.findings);
}

// Spanish clinical words in a Spanish description are reported with their plain words, as
// written ("decúbito supino"), and found without accents too.
TEST(SpanishChecks, SpanishJargonIsReportedWithItsPlainWords) {
  for (const char* words : {"decúbito supino", "DECUBITO SUPINO"}) {
    Json r = sample("hep_post_tka_es.json");
    r["exercises"][0]["description"] =
        std::string("Póngase en ") + words + " con una toalla bajo la rodilla. Empuje hacia abajo.";
    auto o = check_hep(r, kLimits);
    const auto w = at(o, "/exercises/0/description", Severity::kWarning);
    EXPECT_TRUE(mentions(w, std::string("\"") + words + "\" may be unfamiliar"))
        << describe_findings(o.findings);
    EXPECT_TRUE(mentions(w, "boca arriba")) << describe_findings(o.findings);
  }
  // A Spanish clinical name standing as the exercise's name is refused, as in English.
  Json r = sample("hep_post_tka_es.json");
  r["exercises"][0]["name"] = "Isométricos de cuádriceps";
  auto o = check_hep(r, kLimits);
  EXPECT_FALSE(at(o, "/exercises/0/name", Severity::kError).empty() &&
               at(o, "/exercises/0/name", Severity::kWarning).empty())
      << describe_findings(o.findings);
}

// Spanish is judged by Fernández-Huerta, not by an English grade formula: plain Spanish
// with long words passes, and a hard Spanish sentence gets a warning naming the formula.
TEST(SpanishChecks, ReadingLevelByFernandezHuerta) {
  Json r = sample("hep_post_tka_es.json");
  auto o = check_hep(r, kLimits);
  ASSERT_TRUE(o.value);
  const auto level =
      judge_reading(o.value->exercises[0].description + " " + o.value->exercises[0].clinic_link,
                    "es", 6, kLimits);
  EXPECT_EQ(level.formula, "fernandez_huerta");
  EXPECT_FALSE(level.over_target) << level.score;

  r["exercises"][0]["description"] =
      "Mantenga la extremidad inferior completamente extendida, contrayendo intensamente la "
      "musculatura anterior del muslo durante aproximadamente cinco segundos consecutivos.";
  o = check_hep(r, kLimits);
  const auto w = at(o, "/exercises/0/description", Severity::kWarning);
  EXPECT_TRUE(mentions(w, "Fernández-Huerta")) << describe_findings(o.findings);
  EXPECT_TRUE(mentions(w, "below the target of 70")) << describe_findings(o.findings);
}

// The patient's reading grade moves the Spanish target one band (10 points) a grade, and
// the clinic's reading_targets set it.
TEST(SpanishChecks, TargetsFollowThePatientsGradeAndTheClinic) {
  EXPECT_DOUBLE_EQ(judge_reading("Hola.", "es", 6, kLimits).target, 70);
  EXPECT_DOUBLE_EQ(judge_reading("Hola.", "es", 4, kLimits).target, 90);
  EXPECT_DOUBLE_EQ(judge_reading("Hola.", "es", 8, kLimits).target, 50);
  EXPECT_DOUBLE_EQ(judge_reading("Hola.", "es", 8, kLimits).limit, 50);
  HepLimits clinic;
  clinic.es_fernandez_huerta_target = 80;
  clinic.es_fernandez_huerta_floor = 65;
  EXPECT_DOUBLE_EQ(judge_reading("Hola.", "es", 6, clinic).target, 80);
  EXPECT_DOUBLE_EQ(judge_reading("Hola.", "es", 6, clinic).limit, 65);
  // English keeps its grade target and ceiling.
  const auto en = judge_reading("Sit down. Stand up.", "en", 6, kLimits);
  EXPECT_EQ(en.formula, "grade_level");
  EXPECT_DOUBLE_EQ(en.target, 6);
  EXPECT_DOUBLE_EQ(en.limit, 8);
}

// A Spanish program's findings give examples in Spanish, since the assistant copies them
// into the patient's text; an English program's stay English.
TEST(SpanishChecks, FindingsGiveExamplesInTheProgramsLanguage) {
  Json r = sample("hep_low_back_es.json");
  r["schedule"]["trigger"] = "cuando pueda";
  r["milestone"] = "";
  r["exercises"][0]["clinic_link"] = "Hágalo con calma.";
  auto o = check_hep(r, kLimits);
  const auto example = [&o](const std::string& pointer) {
    const auto e = at(o, pointer, Severity::kError);
    return e.empty() ? std::string("(none)") : e[0].example;
  };
  EXPECT_EQ(example("/schedule/trigger"), "\"después de servirse el café de la mañana\"");
  EXPECT_EQ(example("/milestone"), "\"Para su próxima visita, camine 10 minutos sin parar.\"");
  const auto tie = at(o, "/exercises/0/clinic_link", Severity::kWarning);
  ASSERT_FALSE(tie.empty()) << describe_findings(o.findings);
  EXPECT_EQ(tie[0].example, "\"El mismo que hizo hoy en la camilla, con la cinta.\"");

  Json en = sample("hep_low_back.json");
  en["schedule"]["trigger"] = "when you can";
  o = check_hep(en, kLimits);
  EXPECT_EQ(example("/schedule/trigger"), "\"after you pour your morning coffee\"");
}

// A contact put inside a sentence starts in lowercase when its second letter is lowercase,
// accented or not ("Si tiene un problema, mándele..."); a name or abbreviation keeps its
// capitals.
TEST(SpanishChecks, AContactInsideASentenceLosesItsCapital) {
  EXPECT_EQ(text::as_clause("Mándele un mensaje a su terapeuta."),
            "mándele un mensaje a su terapeuta");
  EXPECT_EQ(text::as_clause("Llame a la clínica"), "llame a la clínica");
  EXPECT_EQ(text::as_clause("Call us at 555-0100."), "call us at 555-0100");
  EXPECT_EQ(text::as_clause("PT line: 555-0100"), "PT line: 555-0100");
  EXPECT_EQ(text::as_clause("Álvaro's line"), "Álvaro's line");
  Json r = sample("hep_low_back_es.json");
  auto o = check_hep(r, kLimits);
  ASSERT_TRUE(o.value);
  const std::string md = render_markdown(*o.value, {"Northgate Rehab", ""});
  EXPECT_NE(md.find("mándele un mensaje"), std::string::npos) << md;
  EXPECT_EQ(md.find(", Mándele"), std::string::npos) << md;
}

}  // namespace
}  // namespace ptmcp::tools::hep
