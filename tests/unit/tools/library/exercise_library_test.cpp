#include "tools/library/exercise_library.h"

#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <set>

#include "tools/text/jargon.h"
#include "tools/text/readability.h"
#include "tools/text/readability_es.h"

namespace ptmcp::tools::library {
namespace {

TEST(Library, HasAtLeastSixtyExercisesWithUniqueIds) {
  EXPECT_GE(exercises().size(), 60u);
  std::set<std::string> ids;
  for (const auto& e : exercises())
    EXPECT_TRUE(ids.insert(e.id).second) << e.id;
  for (const char* id : {"lbp-prone-press-up", "lbp-bridge", "lbp-walk"}) {
    EXPECT_NE(find_exercise(id), nullptr) << id;
  }
}

TEST(Library, CoversEveryConditionWithSeveralExercises) {
  std::map<std::string, int> per_condition;
  for (const auto& e : exercises()) {
    for (const auto& c : e.conditions) {
      bool known = false;
      for (const auto& condition : conditions())
        known |= condition.id == c;
      EXPECT_TRUE(known) << e.id << " names unknown condition " << c;
      ++per_condition[c];
    }
  }
  for (const char* id : {"tka", "acl", "rotator-cuff", "low-back-pain", "neck-pain", "ankle-sprain",
                         "patellofemoral-pain", "hip-oa"}) {
    EXPECT_GE(per_condition[id], 6) << id;
  }
}

TEST(Library, PatientTextIsPlainAndShort) {
  for (const auto& e : exercises()) {
    SCOPED_TRACE(e.id);
    const auto sentences = text::split_sentences(e.description);
    EXPECT_GE(sentences.size(), 1u);
    EXPECT_LE(sentences.size(), 2u);
    EXPECT_LE(text::measure(e.description).grade, 6.0) << e.description;
    EXPECT_LE(text::measure(e.precautions).grade, 6.0) << e.precautions;
    EXPECT_LE(text::measure(e.clinic_link_template).grade, 6.0) << e.clinic_link_template;
    for (const std::string* field :
         {&e.name, &e.description, &e.clinic_link_template, &e.precautions}) {
      for (const auto& finding : text::find_jargon(*field)) {
        ADD_FAILURE() << "jargon \"" << finding.matched << "\" in: " << *field;
      }
    }
  }
}

TEST(Library, ClinicalNamesAreFindable) {
  for (const auto& e : exercises()) {
    SearchOutcome outcome = search({e.clinical_name, "", "", 3});
    bool found = false;
    for (const auto& hit : outcome.hits)
      found |= hit.exercise == &e;
    EXPECT_TRUE(found) << e.clinical_name << " does not find " << e.id;
  }
}

TEST(Search, QuadSetsFindsTheKneePress) {
  SearchOutcome outcome = search({"quad sets", "", "", 5});
  ASSERT_FALSE(outcome.hits.empty());
  EXPECT_EQ(outcome.hits[0].exercise->id, "tka-quad-set");
}

TEST(Search, AbbreviationsAndPlainWords) {
  EXPECT_EQ(search({"SLR", "", "", 1}).hits.at(0).exercise->id, "tka-straight-leg-raise");
  EXPECT_EQ(search({"chin tuck", "", "", 1}).hits.at(0).exercise->id, "neck-chin-slide");
  EXPECT_EQ(search({"press up", "", "", 1}).hits.at(0).exercise->id, "lbp-prone-press-up");
}

TEST(Search, FiltersByConditionAndRegion) {
  SearchOutcome back = search({"", "low back pain", "", 100});
  EXPECT_GE(back.total, 8u);
  for (const auto& hit : back.hits) {
    const auto& c = hit.exercise->conditions;
    EXPECT_NE(std::find(c.begin(), c.end(), "low-back-pain"), c.end());
  }
  SearchOutcome by_alias = search({"", "TKA", "ankle", 100});
  ASSERT_FALSE(by_alias.hits.empty());
  for (const auto& hit : by_alias.hits)
    EXPECT_EQ(hit.exercise->body_region, "ankle");
}

TEST(Search, LimitAndTotal) {
  SearchOutcome outcome = search({"", "", "", 5});
  EXPECT_EQ(outcome.hits.size(), 5u);
  EXPECT_EQ(outcome.total, exercises().size());
}

TEST(Search, UnknownConditionIsReported) {
  SearchOutcome outcome = search({"", "tennis elbow", "", 5});
  EXPECT_TRUE(outcome.hits.empty());
  ASSERT_TRUE(outcome.unknown_condition);
}

TEST(Search, NoMatchIsEmpty) {
  EXPECT_TRUE(search({"xylophone", "", "", 5}).hits.empty());
}

// Every exercise's Spanish text reads at the Spanish target level: Fernández-Huerta 80 or
// above for the description, the clinic-link sentence and the precautions, each alone.
TEST(Library, SpanishTextIsPlain) {
  double lowest = 1000;
  std::string lowest_text;
  for (const auto& e : exercises()) {
    SCOPED_TRACE(e.id);
    EXPECT_GE(e.es.name.size(), 3u);
    const auto sentences = text::split_sentences(e.es.description);
    EXPECT_GE(sentences.size(), 1u);
    EXPECT_LE(sentences.size(), 2u);
    for (const std::string* field :
         {&e.es.description, &e.es.clinic_link_template, &e.es.precautions}) {
      const double score = text::measure_es(*field).fernandez_huerta;
      EXPECT_GE(score, 80.0) << *field;
      if (score < lowest) {
        lowest = score;
        lowest_text = e.id + ": " + *field;
      }
    }
    // Spanish, not the English text copied over.
    EXPECT_NE(e.es.name, e.name);
    EXPECT_NE(e.es.description, e.description);
  }
  std::cout << "lowest Fernández-Huerta " << lowest << " (" << lowest_text << ")\n";
}

TEST(Library, SpanishNamesAreFindable) {
  for (const auto& e : exercises()) {
    SearchOutcome outcome = search({e.es.name, "", "", 3});
    bool found = false;
    for (const auto& hit : outcome.hits)
      found |= hit.exercise == &e;
    EXPECT_TRUE(found) << e.es.name << " does not find " << e.id;
  }
}

// The exercise a Spanish query should find first, chosen for what a Spanish-speaking
// therapist or patient would type: plain names, clinical names, plurals, no accents and
// capitals.
TEST(Search, SpanishWordsFindTheExercise) {
  const std::pair<const char*, const char*> cases[] = {
      {"sentadilla en silla", "tka-sit-to-stand"},
      {"Sentadilla En Silla", "tka-sit-to-stand"},
      {"PÉNDULO", "rc-pendulum"},
      {"pendulo", "rc-pendulum"},
      {"estiramiento de pantorrilla en la pared", "ankle-calf-stretch-wall"},
      {"gato camello", "lbp-cat-cow"},
      {"retracción de mentón", "neck-chin-slide"},
      {"retraccion de menton", "neck-chin-slide"},
      {"alfabeto con el tobillo", "ankle-alphabet"},
      {"almeja", "pfp-clamshell"},
      {"caminar en el agua", "hip-water-walk"},
      {"elevación de pierna recta", "tka-straight-leg-raise"},
      {"bombeo de tobillo", "tka-ankle-pump"},
      {"remo con banda", "neck-band-row"},
  };
  for (const auto& [query, id] : cases) {
    SearchOutcome outcome = search({query, "", "", 3});
    ASSERT_FALSE(outcome.hits.empty()) << query;
    EXPECT_EQ(outcome.hits[0].exercise->id, id) << query;
  }
}

TEST(Search, PuenteFindsTheBridges) {
  SearchOutcome outcome = search({"puente", "", "", 5});
  ASSERT_GE(outcome.hits.size(), 3u);
  const std::set<std::string> bridges = {"lbp-bridge", "acl-bridge", "pfp-hip-lift-one-leg"};
  for (std::size_t i = 0; i < 3; ++i)
    EXPECT_TRUE(bridges.contains(outcome.hits[i].exercise->id)) << outcome.hits[i].exercise->id;
  // With a Spanish condition, the back's bridge.
  SearchOutcome back = search({"puente", "lumbalgia", "", 5});
  ASSERT_FALSE(back.hits.empty());
  EXPECT_EQ(back.hits[0].exercise->id, "lbp-bridge");
}

// Mostly knee exercises, as "knee" finds in English: names with the word in them count
// most, so "Abrazar la rodilla hacia el pecho" (a back exercise) is among them too.
TEST(Search, RodillaFindsKneeExercises) {
  SearchOutcome outcome = search({"rodilla", "", "", 10});
  EXPECT_GE(outcome.total, 10u);
  ASSERT_EQ(outcome.hits.size(), 10u);
  int knee = 0;
  for (const auto& hit : outcome.hits)
    knee += hit.exercise->body_region == "knee" ? 1 : 0;
  EXPECT_GE(knee, 6);
}

// The region's Spanish word counts like the English one: "cuello" puts the neck exercises
// ahead of the shoulder ones that also serve neck pain.
TEST(Search, SpanishRegionWordsCount) {
  std::size_t neck = 0;
  for (const auto& e : exercises())
    neck += e.body_region == "neck" ? 1 : 0;
  SearchOutcome outcome = search({"cuello", "", "", neck});
  ASSERT_EQ(outcome.hits.size(), neck);
  for (const auto& hit : outcome.hits)
    EXPECT_EQ(hit.exercise->body_region, "neck") << hit.exercise->id;
}

TEST(Search, SpanishPluralsMeetTheSingular) {
  // "talones" finds the exercises whose names say "talón" and "talones".
  SearchOutcome outcome = search({"talones", "", "", 10});
  std::set<std::string> ids;
  for (const auto& hit : outcome.hits)
    ids.insert(hit.exercise->id);
  EXPECT_TRUE(ids.contains("tka-heel-slide"));
  EXPECT_TRUE(ids.contains("ankle-heel-toe-walk"));
}

TEST(Search, SpanishConditionFilters) {
  SearchOutcome spanish = search({"", "reemplazo de rodilla", "", 100});
  EXPECT_FALSE(spanish.unknown_condition);
  EXPECT_EQ(spanish.total, search({"", "TKA", "", 100}).total);
  EXPECT_GE(spanish.total, 6u);
}

TEST(Search, OnlySmallWordsMatchEverything) {
  EXPECT_EQ(search({"the", "", "", 100}).total, exercises().size());
  EXPECT_EQ(search({"de la", "", "", 100}).total, exercises().size());
}

TEST(Conditions, FoundByPhrase) {
  ASSERT_NE(find_condition("Right total knee replacement, 3 weeks after surgery"), nullptr);
  EXPECT_EQ(find_condition("Right total knee replacement, 3 weeks after surgery")->id, "tka");
  EXPECT_EQ(find_condition("Low back pain that gets worse with sitting")->id, "low-back-pain");
  EXPECT_EQ(find_condition("acl")->id, "acl");
  EXPECT_EQ(find_condition("sprained ankle playing soccer")->id, "ankle-sprain");
  EXPECT_EQ(find_condition("tennis elbow"), nullptr);
}

TEST(Conditions, FoundInSpanish) {
  const std::pair<const char*, const char*> cases[] = {
      {"Reemplazo total de rodilla derecha, hace 3 semanas", "tka"},
      {"reemplazo de rodilla", "tka"},
      {"prótesis de rodilla izquierda", "tka"},
      {"LUMBALGIA", "low-back-pain"},
      {"Dolor de espalda baja", "low-back-pain"},
      {"dolor en la espalda baja que empeora al estar sentado", "low-back-pain"},
      {"ciatica", "low-back-pain"},
      {"esguince de tobillo jugando fútbol", "ankle-sprain"},
      {"Tobillo torcido", "ankle-sprain"},
      {"artrosis de cadera", "hip-oa"},
      {"cirugía del manguito rotador derecho", "rotator-cuff"},
      {"cervicalgia", "neck-pain"},
      {"dolor de cuello", "neck-pain"},
      {"reconstrucción del ligamento cruzado anterior", "acl"},
      {"dolor de rótula al bajar escaleras", "patellofemoral-pain"},
  };
  for (const auto& [text, id] : cases) {
    const Condition* c = find_condition(text);
    ASSERT_NE(c, nullptr) << text;
    EXPECT_EQ(c->id, id) << text;
  }
  EXPECT_EQ(find_condition("codo de tenista"), nullptr);
}

}  // namespace
}  // namespace ptmcp::tools::library
