#include "tools/audit/exercise_lines.h"

#include <algorithm>
#include <optional>
#include <regex>
#include <set>

#include "tools/element_rules.h"
#include "tools/library/exercise_library.h"
#include "tools/text/normalize.h"
#include "tools/text/wording.h"

namespace ptmcp::tools::audit {
namespace {

using text::trim;

// The six elements' patterns in the handout's language, set by find_exercise_lines.
thread_local const ElementRules* current = nullptr;

const ElementRules& rules() {
  return current ? *current : element_rules();
}

// The first dose in `s`, with the text before and after it as written; false when none.
bool split_at_dose(const std::string& s, std::string& before, std::string& after) {
  if (!rules().folded) {
    const auto m = rules().exercise_dose.find(s);
    if (!m) return false;
    before = s.substr(0, m->begin);
    after = s.substr(m->end);
    return true;
  }
  const text::FoldedText f = text::fold_for_matching(s);
  const auto m = rules().exercise_dose.find(f.text);
  if (!m) return false;
  const std::string_view dose = f.as_written(s, m->begin, m->end - m->begin);
  const auto start = static_cast<std::size_t>(dose.data() - s.data());
  before = s.substr(0, start);
  after = s.substr(start + dose.size());
  return true;
}

// A list marker at the start of a line or column: "1.", "2)", "(3)", "a.", "#4", "-", "*",
// "•", "[ ]".
const std::regex& marker() {
  static const std::regex re(
      R"(^\s*(\(?\d{1,2}[.):]|\(?[a-hA-H][.)]|#\d{1,2}[.):]?|[-*+>]|•|·|▪|●|◦|–|\[\s?\])\s+)");
  return re;
}

// A table cell that holds only a number, a dose or a frequency ("3", "5 sec", "2#", "2x/day").
const std::regex& number_cell() {
  static const std::regex re = text::icase_regex(
      R"(^(\d{1,3}(\s*-\s*\d{1,3})?\s*(s|sec|secs|seconds?|min|mins|minutes?|reps?|#|lbs?|x)?|\d+\s*x\s*/?\s*(day|d|week|wk)|daily|bid|tid|qd|[-–—]|n/a)$)");
  return re;
}

// Words that go with a dose and name nothing ("Do: 2 rounds of 10", "Reps: 10 | Sets: 3").
const std::set<std::string>& dose_words() {
  static const std::set<std::string> words = {
      "do", "reps", "rep", "repetitions", "repetition", "sets", "set", "hold", "holds", "holding",
      "each", "for", "of", "and", "sec", "secs", "seconds", "second", "min", "mins", "minutes",
      "minute", "times", "time", "rounds", "round", "x", "lb", "lbs", "kg", "side", "sides", "per",
      "day", "daily", "week", "weekly", "a", "then", "with", "in", "on", "both", "rest", "breaths",
      "steps", "laps", "duration", "frequency", "it", "them", "perform", "bid", "tid", "qd", "s",
      "right", "left", "only", "bilateral", "up", "to",
      // Spanish, folded as its patterns read it
      "haga", "hacer", "repeticiones", "repeticion", "series", "serie", "veces", "vez", "mantenga",
      "mantener", "sostenga", "segundos", "segundo", "seg", "minutos", "minuto", "cada", "lado",
      "lados", "de", "del", "y", "por", "al", "dia", "dias", "semana", "con", "en", "la", "el",
      "las", "los", "una", "uno", "luego", "descanse", "ambos", "derecho", "derecha", "izquierdo",
      "izquierda", "solo", "hasta", "respiraciones", "pasos", "vueltas", "rondas", "ronda",
      "libras", "kilos", "frecuencia", "duracion", "diario"};
  return words;
}

bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Whether what is left of `s` once doses and dose words are taken out names something.
bool has_name(const std::string& s) {
  const std::string rest =
      rules().exercise_dose.replace_all(rules().folded ? text::fold_for_matching(s).text : s, " ");
  std::string word;
  for (std::size_t i = 0; i <= rest.size(); ++i) {
    const char c = i < rest.size() ? rest[i] : ' ';
    if (is_letter(c) || c == '\'') {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      continue;
    }
    if (word.size() >= 2 && !dose_words().contains(word)) return true;
    word.clear();
  }
  return false;
}

std::string strip_punctuation(std::string s) {
  const auto edge = [](char c) {
    return c == ' ' || c == '-' || c == ':' || c == ',' || c == ';' || c == '|' || c == '\t' ||
           c == '(' || c == ')' || c == '.' || c == '*';
  };
  while (!s.empty() && edge(s.back()))
    s.pop_back();
  std::size_t start = 0;
  while (start < s.size() && edge(s[start]))
    ++start;
  return s.substr(start);
}

// The name in a piece of a line: up to its first colon, " - ", period or parenthesis.
std::string cut_name(const std::string& s) {
  std::string name = s;
  for (const char* stop : {":", " - ", " – ", " — ", ". ", "(", ", "}) {
    if (auto at = name.find(stop); at != std::string::npos && at > 0) name.resize(at);
  }
  return strip_punctuation(trim(name)).substr(0, 60);
}

// The exercise's name in a line that carries a dose: the words before the dose, or after it
// when the dose comes first ("3x10 bridges").
std::string name_beside_dose(const std::string& s) {
  std::string before;
  std::string after;
  if (!split_at_dose(s, before, after)) return cut_name(s);
  before = strip_punctuation(before);
  if (has_name(before)) return cut_name(before);
  if (std::string next_before, next_after; split_at_dose(after, next_before, next_after))
    after = next_before;
  return cut_name(strip_punctuation(after));
}

std::string without_marker(const std::string& s, bool* marked = nullptr) {
  std::smatch m;
  if (std::regex_search(s, m, marker())) {
    if (marked) *marked = true;
    return m.suffix().str();
  }
  if (marked) *marked = false;
  return s;
}

// "**1. Knee press**" -> "1. Knee press"; "## Exercises" -> "Exercises".
std::string without_markup(std::string s) {
  for (const char* mark : {"**", "__"}) {
    for (auto at = s.find(mark); at != std::string::npos; at = s.find(mark))
      s.erase(at, 2);
  }
  std::size_t start = 0;
  while (start < s.size() && (s[start] == '#' || s[start] == ' ')) {
    if (s[start] == '#' && start + 1 < s.size() && s[start + 1] >= '0' && s[start + 1] <= '9')
      break;  // "#2 Bridges": a number, not a heading
    ++start;
  }
  return trim(s.substr(start));
}

// The columns of a line: cells of a table pasted as text (tabs, pipes, runs of spaces) or
// two columns of a handout run together.
std::vector<std::string> cells(const std::string& line) {
  static const std::regex gap(R"(\t+|\s{3,}|\s*\|\s*)");
  std::vector<std::string> out;
  for (std::sregex_token_iterator it(line.begin(), line.end(), gap, -1), end; it != end; ++it) {
    std::string cell = trim(it->str());
    if (!cell.empty()) out.push_back(std::move(cell));
  }
  return out;
}

std::size_t word_count(const std::string& s) {
  std::size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    const bool letter = c != ' ' && c != '\t';
    if (letter && !in_word) ++n;
    in_word = letter;
  }
  return n;
}

// Prose that happens to carry a number ("Ice 15-20 min after exercise. Call with questions.")
// is not an exercise line unless it is a list item.
bool is_prose(const std::string& s) {
  if (word_count(s) > 12) return true;
  const auto stop = s.find(". ");
  return stop != std::string::npos && stop + 2 < s.size();
}

std::string placed(const std::string& name) {
  if (name.empty()) return "";
  const auto found = library::search({name, "", "", 1});
  return !found.hits.empty() && found.hits[0].score >= 8 ? found.hits[0].exercise->id : "";
}

bool not_an_exercise(const std::string& name) {
  return rules().search(rules().not_an_exercise, name);
}

bool has_dose(const std::string& s) {
  return rules().search(rules().exercise_dose, s);
}

struct Line {
  int number = 0;
  std::string text;  // without markup
  bool marked = false;
};

class Finder {
 public:
  explicit Finder(const std::string& text) {
    int number = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t nl = text.find('\n', start);
      if (nl == std::string::npos) nl = text.size();
      ++number;
      std::string line = without_markup(text.substr(start, nl - start));
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!trim(line).empty()) lines_.push_back({number, line, false});
      start = nl + 1;
    }
  }

  std::vector<ExerciseLine> run() {
    for (std::size_t i = 0; i < lines_.size(); ++i)
      read(i);
    return std::move(found_);
  }

 private:
  void add(std::size_t i, const std::string& text, const std::string& name) {
    found_.push_back({lines_[i].number, trim(text), name, placed(name)});
    exercise_at_.insert(i);
  }

  // One exercise in a piece of a line (a whole line or one of its columns); false when the
  // piece holds none.
  bool piece(std::size_t i, const std::string& raw, bool line_marked) {
    bool marked = false;
    const std::string body = trim(without_marker(raw, &marked));
    marked = marked || line_marked;
    if (has_dose(body)) {
      const std::string name = name_beside_dose(body);
      if (!has_name(name) || not_an_exercise(name)) return false;
      if (!marked && is_prose(body)) return false;
      add(i, raw, name);
      return true;
    }
    if (marked && !placed(cut_name(body)).empty() && !not_an_exercise(body)) {
      add(i, raw, cut_name(body));
      return true;
    }
    return false;
  }

  void read(std::size_t i) {
    Line& line = lines_[i];
    const std::string body = trim(without_marker(line.text, &line.marked));
    const auto columns = cells(line.text);
    if (columns.size() >= 2) {
      // Two or more exercises side by side: each column counts.
      std::size_t complete = 0;
      for (const auto& c : columns)
        complete += has_dose(c) && has_name(without_marker(c)) ? 1 : 0;
      if (complete >= 2) {
        for (const auto& c : columns)
          piece(i, c, false);
        return;
      }
      // A table row: a name, then a number or a dose (a notes column may follow).
      const std::string first = trim(without_marker(columns[0]));
      const bool number_next = (std::regex_match(columns[1], number_cell()) &&
                                columns[1].find_first_of("0123456789") != std::string::npos) ||
                               has_dose(columns[1]);
      if (has_name(first) && !has_dose(first) && number_next && !not_an_exercise(first)) {
        add(i, line.text, cut_name(first));
        return;
      }
    }
    if (piece(i, line.text, false)) return;
    // A dose on a line of its own belongs to the exercise just above it, or names the title
    // line above it as an exercise.
    if (!has_dose(body) || has_name(body)) return;
    for (std::size_t back = 1; back <= 3 && back <= i; ++back) {
      if (exercise_at_.contains(i - back)) return;
    }
    for (std::size_t back = 1; back <= 3 && back <= i; ++back) {
      const Line& above = lines_[i - back];
      bool marked = false;
      const std::string title = trim(without_marker(above.text, &marked));
      const bool looks_like_title = marked || (word_count(title) <= 6 && !title.ends_with("."));
      if (looks_like_title && has_name(title) && !has_dose(title) && !not_an_exercise(title)) {
        add(i - back, above.text, cut_name(title));
        return;
      }
    }
  }

  std::vector<Line> lines_;
  std::vector<ExerciseLine> found_;
  std::set<std::size_t> exercise_at_;
};

}  // namespace

std::vector<ExerciseLine> find_exercise_lines(const std::string& text, std::string_view language) {
  current = &element_rules(language);
  auto found = Finder(text).run();
  current = nullptr;
  std::stable_sort(found.begin(), found.end(),
                   [](const ExerciseLine& a, const ExerciseLine& b) { return a.line < b.line; });
  return found;
}

}  // namespace ptmcp::tools::audit
