#include "tools/text/readability_es.h"

#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

namespace ptmcp::tools::text {
namespace {

TEST(SpanishSyllables, EachRuleOfTheOrtografia) {
  // Diphthongs: a strong and a weak vowel, or two different weak ones.
  EXPECT_EQ(count_syllables_es("ciudad"), 2);
  EXPECT_EQ(count_syllables_es("pierna"), 2);
  EXPECT_EQ(count_syllables_es("cuádriceps"), 3);
  // Hiatus: two strong vowels, or a stressed i or u beside another vowel.
  EXPECT_EQ(count_syllables_es("poeta"), 3);
  EXPECT_EQ(count_syllables_es("leer"), 2);
  EXPECT_EQ(count_syllables_es("día"), 2);
  EXPECT_EQ(count_syllables_es("baúl"), 2);
  EXPECT_EQ(count_syllables_es("reír"), 2);
  // Triphthongs.
  EXPECT_EQ(count_syllables_es("buey"), 1);
  EXPECT_EQ(count_syllables_es("Uruguay"), 3);
  EXPECT_EQ(count_syllables_es("averiguáis"), 4);
  // The silent u of que, qui, gue, gui; the ü that sounds.
  EXPECT_EQ(count_syllables_es("queso"), 2);
  EXPECT_EQ(count_syllables_es("guitarra"), 3);
  EXPECT_EQ(count_syllables_es("aguacate"), 4);
  EXPECT_EQ(count_syllables_es("pingüino"), 3);
  EXPECT_EQ(count_syllables_es("vergüenza"), 3);
  // y: a vowel alone and at the end after a vowel, a consonant between vowels.
  EXPECT_EQ(count_syllables_es("y"), 1);
  EXPECT_EQ(count_syllables_es("hoy"), 1);
  EXPECT_EQ(count_syllables_es("muy"), 1);
  EXPECT_EQ(count_syllables_es("estoy"), 2);
  EXPECT_EQ(count_syllables_es("mayo"), 2);
  EXPECT_EQ(count_syllables_es("oye"), 2);
  // h between vowels parts nothing by itself.
  EXPECT_EQ(count_syllables_es("ahora"), 3);
  EXPECT_EQ(count_syllables_es("búho"), 2);
  EXPECT_EQ(count_syllables_es("prohíbe"), 3);
  EXPECT_EQ(count_syllables_es("prohibir"), 2);
  // Capitals, marks and numbers.
  EXPECT_EQ(count_syllables_es("¿CÓMO"), 2);
  EXPECT_EQ(count_syllables_es("¡Ánimo!"), 3);
  EXPECT_EQ(count_syllables_es("10"), 1);
  EXPECT_EQ(count_syllables_es("¿"), 0);
}

// Counts worked out by hand, word by word, by the Ortografía's rules (tests/data/spanish).
TEST(SpanishSyllables, HandCountedWords) {
  std::ifstream in(std::string(PTMCP_SOURCE_DIR) + "/tests/data/spanish/syllables.json");
  ASSERT_TRUE(in);
  const auto words = nlohmann::json::parse(in)["words"];
  ASSERT_GE(words.size(), 200u);
  int checked = 0;
  for (const auto& w : words) {
    if (w.value("disputed", false)) continue;
    const std::string word = w["word"];
    EXPECT_EQ(count_syllables_es(word), w["syllables"].get<int>())
        << word << " (" << w["split"].get<std::string>() << ")";
    ++checked;
  }
  EXPECT_GE(checked, 200);
}

TEST(SpanishReadability, FormulasWorkedByHand) {
  // 6 words, 12 syllables, 2 sentences: Fernández-Huerta 206.84 - 60 * 2 - 102 * 2 / 6;
  // Szigriszt-Pazos 206.835 - 62.3 * 2 - 6 / 2.
  const auto r = measure_es("Doble la rodilla. ¡Cuente hasta cinco!");
  EXPECT_EQ(r.sentences, 2);
  EXPECT_EQ(r.words, 6);
  EXPECT_EQ(r.syllables, 12);
  EXPECT_NEAR(r.fernandez_huerta, 52.84, 1e-9);
  EXPECT_NEAR(r.inflesz, 79.235, 1e-9);
  EXPECT_EQ(r.inflesz_band, "bastante fácil");
  // Questions and exclamations in Spanish marks end sentences; the opening mark is no word.
  const auto q = measure_es("¿Le duele? ¡Avísenos! Descanse.");
  EXPECT_EQ(q.sentences, 3);
  EXPECT_EQ(q.words, 4);
  EXPECT_EQ(measure_es("").words, 0);
}

}  // namespace
}  // namespace ptmcp::tools::text
