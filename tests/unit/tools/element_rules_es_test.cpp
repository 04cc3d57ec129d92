// The Spanish column of the six elements' rules (data/clinical/element_rules.json, "es"):
// every pattern compiles as the engines compile it (RE2), and each rule matches its Spanish phrases
// and none of its counterexamples (tests/data/spanish/element_rules_cases.json), on text
// folded as the Spanish patterns expect: lower case, no accents, ¿ and ¡ as spaces.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "server/assets.h"
#include "tools/element_rules.h"
#include "tools/text/normalize.h"
#include "tools/text/wording.h"

namespace ptmcp::tools {
namespace {

using Json = nlohmann::json;

std::string folded(const std::string& text) {
  std::string out = text;
  for (const char* mark : {"¿", "¡"}) {
    for (auto at = out.find(mark); at != std::string::npos; at = out.find(mark))
      out.replace(at, 2, " ");
  }
  return text::lower(text::strip_accents(out));
}

TEST(ElementRulesSpanish, EachRuleMatchesItsPhrasesAndNotItsCounterexamples) {
  const Json rules =
      Json::parse(server::require_asset("data/clinical/element_rules.json")).at("rules");
  std::ifstream file(std::string(PTMCP_SOURCE_DIR) +
                     "/tests/data/spanish/element_rules_cases.json");
  const Json cases = Json::parse(file).at("cases");
  std::size_t checked = 0;
  for (const auto& c : cases) {
    const std::string rule = c.at("rule");
    const text::Rule patterns = compile_rule(rule, "es");
    const text::Rule first = compile_rule(rule, "es", "^\\s*");
    const auto any_match = [](const text::Rule& r, const std::string& text) {
      return r.matches(text);
    };
    for (const auto& phrase : c.value("match", Json::array())) {
      EXPECT_TRUE(any_match(patterns, folded(phrase))) << rule << " misses: " << phrase;
      ++checked;
    }
    for (const auto& phrase : c.value("no_match", Json::array())) {
      EXPECT_FALSE(any_match(patterns, folded(phrase))) << rule << " matches: " << phrase;
      ++checked;
    }
    for (const auto& phrase : c.value("match_first", Json::array())) {
      EXPECT_TRUE(any_match(first, folded(phrase))) << rule << " misses at start: " << phrase;
      ++checked;
    }
    for (const auto& phrase : c.value("no_match_first", Json::array())) {
      EXPECT_FALSE(any_match(first, folded(phrase))) << rule << " matches at start: " << phrase;
      ++checked;
    }
  }
  EXPECT_EQ(cases.size(), rules.size()) << "every rule has Spanish phrases";
  EXPECT_GT(checked, 150u);
}

}  // namespace
}  // namespace ptmcp::tools
