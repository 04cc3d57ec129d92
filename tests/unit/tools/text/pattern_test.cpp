// text::Rule: RE2 patterns from the rule data, with the conditions the data uses where a
// pattern would need lookaround. Each condition is held against the std::regex lookahead it
// replaces, on phrases on both sides of it.
#include "tools/text/pattern.h"

#include <gtest/gtest.h>

#include <regex>

namespace ptmcp::tools::text {
namespace {

std::string first(const Rule& rule, std::string_view text) {
  const auto m = rule.find(text);
  return m ? std::string(text.substr(m->begin, m->end - m->begin)) : "<none>";
}

TEST(Rule, FindsTheLeftmostMatchOfAnyAlternativeWithoutRegardToCase) {
  const Rule r({{"\\bknee\\b"}, {"\\bhip\\b"}});
  EXPECT_EQ(first(r, "My HIP and my knee"), "HIP");
  EXPECT_FALSE(r.matches("kneel and hipster"));
  const auto later = r.find("knee then hip", 4);
  ASSERT_TRUE(later);
  EXPECT_EQ(later->begin, 10u);
}

TEST(Rule, AStartAfterTheBeginningKeepsItsContextForWordBoundariesAndAnchors) {
  const Rule word({{"\\bday\\b"}});
  EXPECT_FALSE(word.find("today", 2)) << "\"day\" inside \"today\" is not a word";
  const Rule start({{"after"}}, "^\\s*");
  EXPECT_TRUE(start.matches("  after breakfast"));
  EXPECT_FALSE(start.find("x after", 1)) << "^ is the start of the text, not of the search";
}

TEST(Rule, ReadsUtf8) {
  const Rule dose(std::vector<PatternSource>{{"\\b\\d+\\s*[x×]", "\\s|$|,"}});
  EXPECT_EQ(first(dose, "Heel slides 10× daily"), "10×");
  EXPECT_EQ(first(dose, "Heel slides 10x"), "10x");
  EXPECT_FALSE(dose.matches("3x10")) << "followed_by: not a dose followed by more digits";
}

TEST(Rule, ReplacesEveryMatch) {
  const Rule dose({{"\\b\\d+\\s*(reps|sets)\\b"}});
  EXPECT_EQ(dose.replace_all("Bridges 10 reps, 2 sets daily", " "), "Bridges  ,   daily");
  EXPECT_EQ(dose.replace_all("nothing here", "#"), "nothing here");
}

TEST(Rule, ABadPatternIsRefusedWithItsText) {
  try {
    Rule({{"(unclosed"}});
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("(unclosed"), std::string::npos) << e.what();
  }
}

// The data's conditions say what its std::regex lookaheads said: the same phrases match.
TEST(Rule, EachConditionMatchesWhatItsLookaheadMatched) {
  struct Case {
    const char* lookahead;
    PatternSource source;
    std::vector<const char*> phrases;
  };
  const std::vector<Case> cases = {
      {R"(\b\d+\s*series\b(?!\s+de\s+\d))",
       {R"(\b\d+\s*series\b)", "", R"(\s+de\s+\d)"},
       {"haga 3 series", "2 series de 10", "3 series de diez", "1 series, luego", "2series de 5",
        "series de 10"}},
      {R"(\bmarque(lo|la|los|las)?\b(?!\s+(al|el (numero|telefono)|a la (clinica|consulta))\b))",
       {R"(\bmarque(lo|la|los|las)?\b)", "",
        R"(\s+(al|el (numero|telefono)|a la (clinica|consulta))\b)"},
       {"marquelo en la hoja", "marque al 555", "marque el numero de la clinica", "marquela hoy",
        "marque a la clinica", "marque alto", "desmarque"}},
      {R"(\b(justo |nada mas )?al\s+(?!(amanecer|atardecer|anochecer)\b)[a-z]*(ar|er|ir)(se|lo|la|le|los|las|les|me|nos)?\s+[^\s\x2E\x3B\x21\x3F]+)",
       {R"(\b(justo |nada mas )?al\s+[a-z]*(ar|er|ir)(se|lo|la|le|los|las|les|me|nos)?\s+[^\s\x2E\x3B\x21\x3F]+)",
        "", "", R"(\bal\s+(amanecer|atardecer|anochecer)\b)"},
       {"justo al levantarse de la cama", "al amanecer cada dia",
        "al atardecer, al lavarse los dientes", "nada mas al despertar hoy", "al anochecer.",
        "al comer algo", "al amanecerse temprano"}},
      {R"(\b\d+\s*[x×](?=\s|$|,))",
       {R"(\b\d+\s*[x×])", R"(\s|$|,)"},
       {"sentadillas 10x", "10x al dia", "10 x, luego", "3x10", "10xx", "el 2x"}},
  };
  for (const auto& c : cases) {
    const std::regex reference(c.lookahead, std::regex::ECMAScript | std::regex::icase);
    const Rule rule({c.source});
    for (const char* phrase : c.phrases) {
      std::cmatch m;
      const bool expected = std::regex_search(phrase, m, reference);
      const auto got = rule.find(phrase);
      EXPECT_EQ(got.has_value(), expected) << c.lookahead << " on \"" << phrase << "\"";
      if (expected && got) {
        EXPECT_EQ(got->begin, static_cast<std::size_t>(m.position(0))) << phrase;
        EXPECT_EQ(got->end, static_cast<std::size_t>(m.position(0) + m.length(0))) << phrase;
      }
    }
  }
}

}  // namespace
}  // namespace ptmcp::tools::text
