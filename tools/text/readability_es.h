// Reading level of Spanish patient text: syllables counted by the rules of the Real
// Academia's Ortografía (diphthongs, hiatus, silent u in que/qui/gue/gui, final y, h between
// vowels), then the two published Spanish formulas, Fernández-Huerta and Szigriszt-Pazos
// with the INFLESZ bands. Pure functions, safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace ptmcp::tools::text {

// Syllables in one Spanish word (UTF-8, any case, accents kept). Marks that are not letters
// ("¿", "¡", quotes) are ignored; a number counts as one syllable, as in the English count.
int count_syllables_es(std::string_view word);

struct SpanishReadability {
  int sentences = 0;
  int words = 0;
  int syllables = 0;
  // Fernández-Huerta (1959), as corrected: 206.84 - 60 * syllables/word - 102 *
  // sentences/word. Higher is easier; 80-90 reads as sixth grade.
  double fernandez_huerta = 0;
  // Szigriszt-Pazos perspicuity (1993): 206.835 - 62.3 * syllables/word - words/sentence,
  // read on the INFLESZ scale (Barrio-Cantalejo et al., 2008).
  double inflesz = 0;
  std::string
      inflesz_band;  // "muy difícil", "algo difícil", "normal", "bastante fácil", "muy fácil"
};

SpanishReadability measure_es(std::string_view text);

}  // namespace ptmcp::tools::text
