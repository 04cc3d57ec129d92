#include "tools/text/jargon.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "server/assets.h"
#include "tools/text/normalize.h"
#include "tools/text/wording.h"

namespace ptmcp::tools::text {
namespace {

struct Form {
  std::string folded;
  const JargonEntry* entry;
};

bool is_word_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || u >= 0x80;
}

std::string folded(std::string_view s) {
  return fold_for_matching(s).text;
}

// One language's dictionary: its entries, every form folded (longest first, so a longer
// phrase wins over a term inside it), and the capitals that are plain words.
struct Dictionary {
  std::vector<JargonEntry> entries;
  std::vector<Form> forms;
  std::set<std::string> known;  // every form, folded
  std::set<std::string> plain_capitals;
  // The forms by the word they start with (indexes into `forms`, longest first), so a text
  // is read once, word by word, instead of once per form; forms that start with no word
  // character are looked for the long way.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::vector<std::size_t>, Hash, std::equal_to<>> by_first_word;
  std::vector<std::size_t> unindexed;
};

Dictionary load(std::string_view path) {
  Dictionary d;
  auto data = nlohmann::json::parse(server::require_asset(path));
  for (const auto& e : data["entries"]) {
    std::vector<std::string> not_after;
    for (const auto& w : e.value("not_after", std::vector<std::string>{}))
      not_after.push_back(folded(w));
    d.entries.push_back(
        {e["term"], e["variants"].get<std::vector<std::string>>(), e["plain"],
         e["severity"] == "error" ? JargonSeverity::kError : JargonSeverity::kWarning,
         std::move(not_after)});
  }
  for (const auto& entry : d.entries) {
    d.forms.push_back({folded(entry.term), &entry});
    for (const auto& v : entry.variants)
      d.forms.push_back({folded(v), &entry});
  }
  std::stable_sort(d.forms.begin(), d.forms.end(),
                   [](const Form& a, const Form& b) { return a.folded.size() > b.folded.size(); });
  for (const auto& f : d.forms)
    d.known.insert(f.folded);
  for (std::size_t i = 0; i < d.forms.size(); ++i) {
    const std::string& form = d.forms[i].folded;
    std::size_t end = 0;
    while (end < form.size() && is_word_char(form[end]))
      ++end;
    if (end == 0) {
      d.unindexed.push_back(i);
    } else {
      d.by_first_word[form.substr(0, end)].push_back(i);
    }
  }
  d.plain_capitals = data.value("plain_capitals", std::set<std::string>{});
  return d;
}

// English from data/text/jargon.json, another language from data/text/jargon_<lang>.json;
// a language without its own file reads English.
const Dictionary& dictionary(std::string_view language) {
  static const std::map<std::string, Dictionary, std::less<>> all = [] {
    std::map<std::string, Dictionary, std::less<>> out;
    out.emplace("en", load("data/text/jargon.json"));
    for (const auto& asset : server::assets_under("data/text/jargon_")) {
      const std::string_view path = asset.path;
      const auto lang = path.substr(std::string_view("data/text/jargon_").size());
      out.emplace(std::string(lang.substr(0, lang.find('.'))), load(path));
    }
    return out;
  }();
  const auto it = all.find(language);
  return it == all.end() ? all.at("en") : it->second;
}

bool is_known_form(const std::string& word, std::string_view language = "en") {
  return dictionary(language).known.contains(folded(word));
}

bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}

bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}

// Calls `visit(line, offset)` for each line of `text`.
template <typename Visit>
void each_line(std::string_view text, Visit visit) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    visit(text.substr(start, nl - start), start);
    start = nl + 1;
  }
}

// Whether the word just before `pos` is one of the entry's not_after words.
bool everyday_sense(const std::string& lowered, std::size_t pos, const JargonEntry& entry) {
  // `lowered` is folded text; the entry's not_after words are folded alike.
  if (entry.not_after.empty()) return false;
  std::size_t end = pos;
  while (end > 0 && lowered[end - 1] == ' ')
    --end;
  std::size_t start = end;
  while (start > 0 && is_word_char(lowered[start - 1]))
    --start;
  const std::string before = lowered.substr(start, end - start);
  return std::find(entry.not_after.begin(), entry.not_after.end(), before) != entry.not_after.end();
}

bool shouted(std::string_view line) {
  return std::none_of(line.begin(), line.end(), is_lower);
}

}  // namespace

std::vector<AbbreviationFinding> find_unknown_abbreviations(std::string_view raw,
                                                            std::string_view language) {
  // Accents off, case kept: "DÍA" reads as the plain capital "DIA".
  const std::string text = language == "en" ? std::string(raw) : strip_accents(raw);
  const Dictionary& d = dictionary(language);
  std::vector<AbbreviationFinding> out;
  std::vector<bool> covered(text.size(), false);
  for (const auto& f : find_jargon(text, language)) {
    for (std::size_t i = f.offset; i < f.offset + f.matched.size() && i < covered.size(); ++i)
      covered[i] = true;
  }
  each_line(text, [&](std::string_view line, std::size_t at) {
    if (shouted(line)) return;
    std::size_t i = 0;
    while (i < line.size()) {
      if (!is_upper(line[i]) || (i > 0 && is_word_char(line[i - 1]))) {
        ++i;
        continue;
      }
      std::size_t end = i;
      while (end < line.size() && is_upper(line[end]))
        ++end;
      const bool whole = end >= line.size() || !is_word_char(line[end]);
      const std::string token(line.substr(i, end - i));
      if (whole && token.size() >= 2 && token.size() <= 4 && !covered[at + i] &&
          !d.plain_capitals.contains(token) && !d.known.contains(lower(token))) {
        out.push_back({token, at + i});
      }
      i = std::max(end, i + 1);
    }
  });
  return out;
}

Shorthand measure_shorthand(std::string_view text) {
  static const std::regex dose(R"(^(\d+(-\d+)?[x×](\d+\w*|/\w+)?|[x×]\d*\w*|\d+#|#\d+)$)",
                               std::regex::icase);
  static const std::regex number(R"(^[\d.,/:-]+$)");
  Shorthand s;
  each_line(text, [&](std::string_view line, std::size_t) {
    const bool heading = shouted(line);
    std::size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
        ++i;
      std::size_t end = i;
      while (end < line.size() && line[end] != ' ' && line[end] != '\t')
        ++end;
      std::string token(line.substr(i, end - i));
      i = end;
      const auto edge = [](char c) {
        return std::string_view(".,;:()[]\"'!?*").find(c) != std::string_view::npos;
      };
      while (!token.empty() && edge(token.back()))
        token.pop_back();
      while (!token.empty() && edge(token.front()))
        token.erase(0, 1);
      if (token.empty() || std::regex_match(token, number)) continue;
      if (std::none_of(token.begin(), token.end(), [](char c) { return is_word_char(c); }))
        continue;
      ++s.words;
      const bool capitals = !heading && token.size() <= 5 &&
                            std::any_of(token.begin(), token.end(), is_upper) &&
                            std::none_of(token.begin(), token.end(), is_lower) &&
                            !dictionary("en").plain_capitals.contains(token);
      const bool slashed = token.find('/') != std::string::npos && token.size() <= 5;
      const bool short_form = token.size() <= 4 && is_known_form(token);
      if (std::regex_match(token, dose) || capitals || slashed || short_form) ++s.shorthand;
    }
  });
  return s;
}

const std::vector<JargonEntry>& jargon_dictionary(std::string_view language) {
  return dictionary(language).entries;
}

std::vector<JargonFinding> find_jargon(std::string_view raw, std::string_view language) {
  const std::string text = normalize_punctuation(raw);
  const FoldedText f = fold_for_matching(text);
  const std::string& lowered = f.text;
  const Dictionary& d = dictionary(language);
  // Every place a form occurs at the start of a word: (form, position).
  std::vector<std::pair<std::size_t, std::size_t>> candidates;
  for (std::size_t pos = 0; pos < lowered.size();) {
    if (!is_word_char(lowered[pos]) || (pos > 0 && is_word_char(lowered[pos - 1]))) {
      ++pos;
      continue;
    }
    std::size_t end = pos;
    while (end < lowered.size() && is_word_char(lowered[end]))
      ++end;
    const auto it = d.by_first_word.find(std::string_view(lowered).substr(pos, end - pos));
    if (it != d.by_first_word.end()) {
      for (const std::size_t i : it->second) {
        if (lowered.compare(pos, d.forms[i].folded.size(), d.forms[i].folded) == 0)
          candidates.emplace_back(i, pos);
      }
    }
    pos = end;
  }
  for (const std::size_t i : d.unindexed) {
    const std::string& form = d.forms[i].folded;
    if (form.empty()) continue;
    for (std::size_t pos = lowered.find(form); pos != std::string::npos;
         pos = lowered.find(form, pos + form.size())) {
      if (pos == 0 || !is_word_char(lowered[pos - 1])) candidates.emplace_back(i, pos);
    }
  }
  // Longest form first, then left to right, as when each form was looked for in turn: a
  // longer phrase takes its words before a term inside it can.
  std::sort(candidates.begin(), candidates.end());
  std::vector<JargonFinding> findings;
  std::vector<bool> taken(lowered.size(), false);
  std::size_t last_form = d.forms.size();
  std::size_t searched_to = 0;  // a form's next occurrence is looked for after its last one
  for (const auto& [i, pos] : candidates) {
    const Form& form = d.forms[i];
    if (i != last_form) {
      last_form = i;
      searched_to = 0;
    }
    if (pos < searched_to) continue;
    const std::size_t end = pos + form.folded.size();
    searched_to = end;
    const bool ends_word = end >= lowered.size() || !is_word_char(lowered[end]);
    const bool free =
        std::none_of(taken.begin() + static_cast<std::ptrdiff_t>(pos),
                     taken.begin() + static_cast<std::ptrdiff_t>(end), [](bool t) { return t; });
    if (ends_word && free && !everyday_sense(lowered, pos, *form.entry)) {
      std::fill(taken.begin() + static_cast<std::ptrdiff_t>(pos),
                taken.begin() + static_cast<std::ptrdiff_t>(end), true);
      const std::string_view written = f.as_written(text, pos, end - pos);
      findings.push_back({form.entry, std::string(written),
                          static_cast<std::size_t>(written.data() - text.data())});
    }
  }
  std::sort(findings.begin(), findings.end(),
            [](const JargonFinding& a, const JargonFinding& b) { return a.offset < b.offset; });
  return findings;
}

}  // namespace ptmcp::tools::text
