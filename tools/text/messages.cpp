#include "tools/text/messages.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "server/assets.h"

namespace ptmcp::tools::text {
namespace {

using Json = nlohmann::json;

const Json& at_key(const Json& data, std::string_view key) {
  const auto dot = key.find('.');
  const std::string section(key.substr(0, dot));
  const Json& s = data.at(section);
  if (dot == std::string_view::npos) return s;
  return s.at(std::string(key.substr(dot + 1)));
}

struct Catalog {
  std::vector<std::string> languages;
  std::map<std::string, Messages, std::less<>> by_language;
};

const Catalog& catalog() {
  static const Catalog c = [] {
    Catalog out;
    for (const auto& asset : server::assets_under("data/messages/")) {
      if (!asset.path.ends_with(".json")) continue;
      Messages m(Json::parse(asset.content));
      const std::string lang = m.language();
      out.languages.push_back(lang);
      out.by_language.emplace(lang, std::move(m));
    }
    std::stable_partition(out.languages.begin(), out.languages.end(),
                          [](const std::string& l) { return l == "en"; });
    if (!out.by_language.contains("en"))
      throw std::runtime_error("data/messages/en.json is missing");
    return out;
  }();
  return c;
}

}  // namespace

Messages::Messages(Json data) : data_(std::move(data)), language_(data_.at("language")) {
  const auto is_texts = [](const Json& v) {
    return v.is_array() &&
           std::all_of(v.begin(), v.end(), [](const Json& x) { return x.is_string(); });
  };
  for (const auto& [section, value] : data_.items()) {
    if (is_texts(value)) lists_.emplace(section, value.get<std::vector<std::string>>());
    if (!value.is_object()) continue;
    for (const auto& [name, inner] : value.items()) {
      if (is_texts(inner))
        lists_.emplace(section + "." + name, inner.get<std::vector<std::string>>());
    }
  }
}

const std::string& Messages::text(std::string_view key) const {
  const Json& v = at_key(data_, key);
  if (!v.is_string()) throw std::out_of_range("messages: " + std::string(key) + " is not a text");
  return v.get_ref<const std::string&>();
}

const std::vector<std::string>& Messages::list(std::string_view key) const {
  const auto it = lists_.find(key);
  if (it == lists_.end())
    throw std::out_of_range("messages: " + std::string(key) + " is not a list");
  return it->second;
}

std::string Messages::fill(
    std::string_view key,
    std::initializer_list<std::pair<std::string_view, std::string>> values) const {
  return fill_placeholders(text(key), values);
}

std::string fill_placeholders(
    std::string_view tmpl, std::initializer_list<std::pair<std::string_view, std::string>> values) {
  std::string out;
  std::size_t i = 0;
  while (i < tmpl.size()) {
    const auto open = tmpl.find('{', i);
    if (open == std::string_view::npos) break;
    const auto close = tmpl.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(tmpl.substr(i, open - i));
    const std::string_view name = tmpl.substr(open + 1, close - open - 1);
    const auto* found = std::find_if(values.begin(), values.end(),
                                     [&name](const auto& v) { return v.first == name; });
    if (found != values.end()) {
      out += found->second;
    } else {
      out.append(tmpl.substr(open, close - open + 1));
    }
    i = close + 1;
  }
  out.append(tmpl.substr(std::min(i, tmpl.size())));
  return out;
}

const std::vector<std::string>& message_languages() {
  return catalog().languages;
}

bool has_messages(std::string_view language) {
  return catalog().by_language.contains(language);
}

const Messages& messages(std::string_view language) {
  const auto& c = catalog();
  auto it = c.by_language.find(language);
  return it != c.by_language.end() ? it->second : c.by_language.find("en")->second;
}

}  // namespace ptmcp::tools::text
