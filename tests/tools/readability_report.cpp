// Prints ptmcp's readability figures for a file of passages, as JSON, so the integration
// test can compare them with the published npm implementation.
// Usage: readability_report PASSAGES.json
#include <fstream>
#include <iostream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "tools/text/readability.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: readability_report PASSAGES.json\n";
    return 64;
  }
  std::ifstream file(argv[1]);
  nlohmann::json passages = nlohmann::json::parse(file)["passages"];
  nlohmann::json out = nlohmann::json::array();
  namespace text = ptmcp::tools::text;
  for (const auto& passage : passages) {
    const std::string body = passage["text"];
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
