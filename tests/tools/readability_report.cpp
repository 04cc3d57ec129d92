// Prints ptmcp's readability figures for a file of passages, as JSON, so the integration
// test can compare them with a published npm implementation.
// Usage: readability_report [--es] PASSAGES.json   (--es: the Spanish syllable count and
// formulas, Fernández-Huerta and Szigriszt-Pazos/INFLESZ)
#include <fstream>
#include <iostream>
#include <iterator>
#include <string_view>

#include <nlohmann/json.hpp>

#include "tools/text/readability.h"
#include "tools/text/readability_es.h"

int main(int argc, char** argv) {
  const bool spanish = argc == 3 && std::string_view(argv[1]) == "--es";
  if (argc != 2 && !spanish) {
    std::cerr << "usage: readability_report [--es] PASSAGES.json\n";
    return 64;
  }
  std::ifstream file(argv[argc - 1]);
  nlohmann::json passages = nlohmann::json::parse(file)["passages"];
  nlohmann::json out = nlohmann::json::array();
  namespace text = ptmcp::tools::text;
  for (const auto& passage : passages) {
    const std::string body = passage["text"];
    if (spanish) {
      const text::SpanishReadability r = text::measure_es(body);
      nlohmann::json words = nlohmann::json::array();
      for (const auto& w : text::split_words(body)) {
        const int s = text::count_syllables_es(w);
        if (s > 0) words.push_back({w, s});
      }
      out.push_back({{"fernandez_huerta", r.fernandez_huerta},
                     {"inflesz", r.inflesz},
                     {"inflesz_band", r.inflesz_band},
                     {"sentences", r.sentences},
                     {"words", r.words},
                     {"syllables", r.syllables},
                     {"word_syllables", words}});
      continue;
    }
    text::Readability r = text::measure(body);
    nlohmann::json words = nlohmann::json::array();
    for (const auto& w : text::split_words(body))
      words.push_back({w, text::count_syllables(w)});
    out.push_back({{"grade", r.grade},
                   {"sentences", r.sentences},
                   {"words", r.words},
                   {"syllables", r.syllables},
                   {"word_syllables", words}});
  }
  std::cout << out.dump() << "\n";
  return 0;
}
