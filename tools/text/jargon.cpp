#include "tools/text/jargon.h"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "server/assets.h"
#include "tools/text/normalize.h"
#include "tools/text/wording.h"

namespace ptmcp::tools::text {
namespace {

struct Form {
  std::string lowered;
  const JargonEntry* entry;
};

using text::lower;

bool is_word_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || u >= 0x80;
}

// All forms, longest first, so a longer phrase wins over a term inside it.
const std::vector<Form>& forms() {
  static const std::vector<Form> table = [] {
    std::vector<Form> out;
    for (const auto& entry : jargon_dictionary()) {
      out.push_back({lower(entry.term), &entry});
      for (const auto& v : entry.variants)
        out.push_back({lower(v), &entry});
    }
    std::stable_sort(out.begin(), out.end(), [](const Form& a, const Form& b) {
      return a.lowered.size() > b.lowered.size();
    });
    return out;
  }();
  return table;
}

}  // namespace

const std::vector<JargonEntry>& jargon_dictionary() {
  static const std::vector<JargonEntry> entries = [] {
    std::vector<JargonEntry> out;
    auto data = nlohmann::json::parse(server::require_asset("data/text/jargon.json"));
    for (const auto& e : data["entries"]) {
      out.push_back({e["term"], e["variants"].get<std::vector<std::string>>(), e["plain"],
                     e["severity"] == "error" ? JargonSeverity::kError : JargonSeverity::kWarning});
    }
    return out;
  }();
  return entries;
}

std::vector<JargonFinding> find_jargon(std::string_view raw) {
  const std::string text = normalize_punctuation(raw);
  const std::string lowered = lower(text);
  std::vector<JargonFinding> findings;
  std::vector<bool> taken(text.size(), false);
  for (const auto& form : forms()) {
    std::size_t pos = 0;
    while ((pos = lowered.find(form.lowered, pos)) != std::string::npos) {
      const std::size_t end = pos + form.lowered.size();
      const bool starts_word = pos == 0 || !is_word_char(lowered[pos - 1]);
      const bool ends_word = end >= lowered.size() || !is_word_char(lowered[end]);
      const bool free =
          std::none_of(taken.begin() + static_cast<std::ptrdiff_t>(pos),
                       taken.begin() + static_cast<std::ptrdiff_t>(end), [](bool t) { return t; });
      if (starts_word && ends_word && free) {
        std::fill(taken.begin() + static_cast<std::ptrdiff_t>(pos),
                  taken.begin() + static_cast<std::ptrdiff_t>(end), true);
        findings.push_back({form.entry, text.substr(pos, end - pos), pos});
      }
      pos = end;
    }
  }
  std::sort(findings.begin(), findings.end(),
            [](const JargonFinding& a, const JargonFinding& b) { return a.offset < b.offset; });
  return findings;
}

}  // namespace ptmcp::tools::text
