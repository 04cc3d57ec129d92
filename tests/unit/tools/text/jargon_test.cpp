#include "tools/text/jargon.h"

#include <gtest/gtest.h>

#include <set>

#include "tools/text/readability.h"

namespace ptmcp::tools::text {
namespace {

std::vector<std::string> terms(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& f : find_jargon(text))
    out.push_back(f.entry->term);
  return out;
}

TEST(Jargon, DictionaryHasAtLeastSixtyEntriesWithPlainSubstitutes) {
  const auto& dictionary = jargon_dictionary();
  EXPECT_GE(dictionary.size(), 60u);
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

// A grade level means little for a two-word phrase; plain substitutes are held to short
// words instead: none over four syllables ("exercises" is as long as they get).
TEST(Jargon, SubstitutesUseShortWords) {
  for (const auto& entry : jargon_dictionary()) {
    for (const auto& word : split_words(entry.plain)) {
      EXPECT_LE(count_syllables(word), 4) << word << " in: " << entry.plain;
    }
  }
}

}  // namespace
}  // namespace ptmcp::tools::text
