// The fixed text a patient reads, per language (data/messages/<language>.json): page
// headings, rules, dates, text messages, calendar text and check-in replies. Text the
// assistant writes is never looked up here. Loaded once; thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ptmcp::tools::text {

class Messages {
 public:
  explicit Messages(nlohmann::json data);

  const std::string& language() const { return language_; }
  // "page.title" -> the text; throws std::out_of_range for a key the file lacks (the data
  // test proves every language has every key the engines read).
  const std::string& text(std::string_view key) const;
  // "dates.weekdays", "replies.done" -> the list.
  const std::vector<std::string>& list(std::string_view key) const;
  // The text with its {placeholders} filled: fill("page.title", {{"name", "Maria"}}).
  std::string fill(std::string_view key,
                   std::initializer_list<std::pair<std::string_view, std::string>> values) const;
  const nlohmann::json& data() const { return data_; }

 private:
  nlohmann::json data_;
  std::string language_;
  // Every list of texts, by key ("replies.done", "praise"), converted once at load.
  std::map<std::string, std::vector<std::string>, std::less<>> lists_;
};

// {placeholders} in `tmpl` replaced by `values`; one with no value is left as written.
std::string fill_placeholders(
    std::string_view tmpl, std::initializer_list<std::pair<std::string_view, std::string>> values);

// The languages ptmcp has messages for, "en" first.
const std::vector<std::string>& message_languages();
bool has_messages(std::string_view language);

// A language's messages; English for a language ptmcp has none for.
const Messages& messages(std::string_view language);

}  // namespace ptmcp::tools::text
