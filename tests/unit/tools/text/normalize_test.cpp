#include "tools/text/normalize.h"

#include <gtest/gtest.h>

namespace ptmcp::tools::text {
namespace {

TEST(Normalize, AccentsFoldToTheirBaseLetters) {
  EXPECT_EQ(strip_accents("Ram\xC3\xB3n"), "Ramon");
  EXPECT_EQ(strip_accents("Nguy\xE1\xBB\x85n"), "Nguyen");  // ễ
  EXPECT_EQ(strip_accents("Zo\xC3\xAB"), "Zoe");
  EXPECT_EQ(strip_accents("Jos\xC3\xA9"), "Jose");
  EXPECT_EQ(strip_accents("\xC4\x90\xE1\xBB\xA9\x63"), "Duc");  // Đức
  EXPECT_EQ(strip_accents("Stra\xC3\x9F"
                          "e"),
            "Strasse");
  EXPECT_EQ(strip_accents("Bj\xC3\xB8rn"), "Bjorn");
}

TEST(Normalize, WhatIsNotAnAccentedLetterIsKept) {
  EXPECT_EQ(strip_accents("ok \xF0\x9F\x91\x8D \xD0\x94"), "ok \xF0\x9F\x91\x8D \xD0\x94");
}

TEST(Normalize, NamesFoldForComparison) {
  EXPECT_EQ(fold_name("  JOS\xC3\x89  "), "jose");
  EXPECT_EQ(fold_name("jose"), "jose");
  EXPECT_EQ(fold_name("Mar\xC3\xAD"
                      "a  Jos\xC3\xA9"),
            "maria jose");
  EXPECT_NE(fold_name("Frank"), fold_name("Jos\xC3\xA9"));
}

TEST(Normalize, CodePointsRoundTrip) {
  const std::string text = "a\xC3\xB3\xE1\xBB\x85\xF0\x9F\x91\x8D";
  std::string out;
  for (std::size_t i = 0; i < text.size();)
    append_utf8(out, next_code_point(text, i));
  EXPECT_EQ(out, text);
}

// Spanish patterns read folded text; a match maps back to the words as written.
TEST(Normalize, FoldedForMatchingMapsBackToTheWordsAsWritten) {
  const std::string text = "¿Después de la CIRUGÍA? ¡Mañana, señor José!";
  const FoldedText f = fold_for_matching(text);
  EXPECT_EQ(f.text, " despues de la cirugia?  manana, senor jose!");
  ASSERT_EQ(f.origin.size(), f.text.size());
  const auto at = f.text.find("cirugia");
  EXPECT_EQ(f.as_written(text, at, 7), "CIRUGÍA");
  EXPECT_EQ(f.as_written(text, f.text.find("despues"), 7), "Después");
  EXPECT_EQ(f.as_written(text, f.text.find("senor jose"), 10), "señor José");
  // A letter that folds to two ("ß" -> "ss") is never cut in half.
  const std::string strasse = "Straße";
  const FoldedText g = fold_for_matching(strasse);
  EXPECT_EQ(g.text, "strasse");
  EXPECT_EQ(g.as_written(strasse, 0, 5), "Straß");
}

}  // namespace
}  // namespace ptmcp::tools::text
