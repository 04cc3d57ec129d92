#include "tools/text/jargon.h"

#include <gtest/gtest.h>

#include <set>

#include "tools/text/normalize.h"
#include "tools/text/readability.h"
#include "tools/text/wording.h"

namespace ptmcp::tools::text {
namespace {

std::vector<std::string> terms(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& f : find_jargon(text))
    out.push_back(f.entry->term);
  return out;
}

TEST(Jargon, DictionaryHasAtLeast250EntriesWithPlainSubstitutes) {
  const auto& dictionary = jargon_dictionary();
  EXPECT_GE(dictionary.size(), 250u);
  std::set<std::string> forms;
  for (const auto& entry : dictionary) {
    SCOPED_TRACE(entry.term);
    EXPECT_FALSE(entry.plain.empty());
    // Each form belongs to exactly one entry, or a match would be ambiguous.
    EXPECT_TRUE(forms.insert(entry.term).second);
    for (const auto& v : entry.variants)
      EXPECT_TRUE(forms.insert(v).second) << v;
    // The substitute itself must be plain: no jargon inside it, short words.
    EXPECT_TRUE(find_jargon(entry.plain).empty()) << entry.plain;
  }
}

TEST(Jargon, TheBareClinicalNamesAreErrors) {
  for (std::string name : {"Quad sets", "SLR", "ROM", "ER/IR", "TKE", "SAQ", "LAQ"}) {
    auto findings = find_jargon(name);
    ASSERT_EQ(findings.size(), 1u) << name;
    EXPECT_EQ(findings[0].entry->severity, JargonSeverity::kError) << name;
    EXPECT_EQ(findings[0].matched, name);
  }
  EXPECT_EQ(find_jargon("supine")[0].entry->severity, JargonSeverity::kWarning);
}

TEST(Jargon, WholeWordsCaseInsensitive) {
  EXPECT_EQ(terms("lie SUPINE, then Prone"), (std::vector<std::string>{"supine", "prone"}));
  EXPECT_TRUE(terms("a gaiter, a romance, the slrp").empty());
  EXPECT_TRUE(terms("go to the ER right away").empty());  // ER alone is the emergency room
}

TEST(Jargon, LongestFormWins) {
  auto findings = find_jargon("Do straight leg raises and quad sets.");
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].matched, "straight leg raises");
  EXPECT_EQ(findings[0].entry->term, "SLR");
  EXPECT_EQ(findings[1].matched, "quad sets");
}

TEST(Jargon, FindsTheLegacyHandoutTerms) {
  auto found = terms(
      "1. Quad sets - 3x10\n2. SLR - 3x10\n4. SAQ - 3x10\n5. LAQ - 3x10\n"
      "7. Hip abduction supine\n8. Gastroc stretch");
  std::set<std::string> set(found.begin(), found.end());
  for (std::string t : {"quad sets", "SLR", "SAQ", "LAQ", "abduction", "supine", "gastrocnemius"}) {
    EXPECT_TRUE(set.contains(t)) << t;
  }
}

TEST(Jargon, FindsClinicShorthandOnHandouts) {
  // The abbreviations a new user found passing as plain words.
  std::set<std::string> matched;
  for (const auto& f :
       find_jargon("B UE ER w/ RTB 2x15. HR 3x10. SL hip abd w/ 1# AW R/L. D/C if pain."))
    matched.insert(f.matched);
  for (const char* form : {"B UE", "ER", "w/", "RTB", "HR", "SL", "abd", "1#", "AW", "R/L", "D/C"})
    EXPECT_TRUE(matched.contains(form)) << form;
  // Directions, planes, positions, equipment, dosing, weights and frequency Latin.
  for (const char* form : {"Lt", "sagittal plane", "hooklying", "quadruped", "TheraBand", "DB",
                           "reps", "sec", "#5", "lbs", "QID", "q2h", "QOD", "b.i.d."}) {
    EXPECT_EQ(find_jargon(std::string("Use ") + form + " today.").size(), 1u) << form;
  }
}

TEST(Jargon, UnknownCapitalsMayBeAbbreviations) {
  std::vector<std::string> tokens;
  for (const auto& f : find_unknown_abbreviations(
           "HOME PROGRAM FOR KNEE\nDo the KTW drill, then text DONE. Add PNF D1 and OMPT work.\n"))
    tokens.push_back(f.token);
  // A heading in capitals, a plain word in capitals and known terms (PNF, D1) are not flagged.
  EXPECT_EQ(tokens, (std::vector<std::string>{"KTW", "OMPT"}));
}

TEST(Jargon, ShorthandIsMeasured) {
  const auto clinic = measure_shorthand("B UE ER w/ RTB 2x15\nHR 3x10 B LE\nSL hip abd 1# AW");
  EXPECT_TRUE(clinic.mostly()) << clinic.shorthand << "/" << clinic.words;
  const auto plain = measure_shorthand(
      "Lie on your back. Press your knee down into the towel and hold for 5 seconds. Do 2 "
      "rounds of 10.");
  EXPECT_FALSE(plain.mostly()) << plain.shorthand << "/" << plain.words;
  EXPECT_EQ(plain.shorthand, 0);
}

// A grade level means little for a two-word phrase; plain substitutes are held to short
// words instead: none over four syllables ("exercises" is as long as they get).
TEST(Jargon, SubstitutesUseShortWords) {
  for (const auto& entry : jargon_dictionary()) {
    for (const auto& word : split_words(entry.plain)) {
      EXPECT_LE(count_syllables(word), 4) << word << " in: " << entry.plain;
    }
  }
}

// Spanish terms are found in Spanish text with or without accents and reported as written;
// English text is not read with the Spanish list, nor Spanish with the English one.
TEST(Jargon, SpanishTermsFoundWithOrWithoutAccents) {
  for (const std::string text : {"Acuéstese en decúbito supino y haga una flexión.",
                                 "ACUESTESE EN DECUBITO SUPINO Y HAGA UNA FLEXION."}) {
    const auto found = find_jargon(text, "es");
    ASSERT_GE(found.size(), 2u) << text;
    EXPECT_EQ(text.substr(found[0].offset, found[0].matched.size()), found[0].matched);
    EXPECT_NE(found[0].entry->plain.find("boca arriba"), std::string::npos);
    EXPECT_EQ(lower(fold_for_matching(found[0].matched).text), "decubito supino");
  }
  EXPECT_TRUE(find_jargon("Acuéstese boca arriba y doble la rodilla.", "es").empty());
  EXPECT_TRUE(find_jargon("Lie in decúbito supino.", "en").empty());
  EXPECT_GE(jargon_dictionary("es").size(), 120u);
  // Plain Spanish capitals are not abbreviations; unknown ones are.
  const auto caps = find_unknown_abbreviations("Responda SÍ o LISTO. Use la TENS.", "es");
  for (const auto& c : caps) {
    EXPECT_NE(c.token, "SI");
  }
}

}  // namespace
}  // namespace ptmcp::tools::text
