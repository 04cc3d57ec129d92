#include "server/prompt_registry.h"

#include <cctype>
#include <stdexcept>

#include <kainjow/mustache.hpp>

namespace ptmcp::server {

std::vector<std::string> complete_from(const std::vector<std::string>& values,
                                       std::string_view typed) {
  std::vector<std::string> matches;
  for (const auto& value : values) {
    if (value.size() < typed.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < typed.size() && same; ++i) {
      same = std::tolower(static_cast<unsigned char>(value[i])) ==
             std::tolower(static_cast<unsigned char>(typed[i]));
    }
    if (same) matches.push_back(value);
  }
  return matches;
}

void PromptRegistry::add(PromptDefinition definition) {
  if (definition.name.empty()) throw std::invalid_argument("a prompt needs a name");
  if (find(definition.name) != nullptr) {
    throw std::invalid_argument("prompt " + definition.name + " is registered twice");
  }
  if (!definition.render)
    throw std::invalid_argument("prompt " + definition.name + " has no renderer");
  prompts_.push_back(std::move(definition));
}

const PromptDefinition* PromptRegistry::find(std::string_view name) const {
  for (const auto& prompt : prompts_) {
    if (prompt.name == name) return &prompt;
  }
  return nullptr;
}

std::string render_prompt_text(std::string_view text, const Arguments& arguments) {
  kainjow::mustache::mustache tmpl{std::string(text)};
  kainjow::mustache::data data;
  for (const auto& [key, value] : arguments)
    data.set(key, value);
  // Prompt texts are plain text, not HTML: keep the user's characters as typed.
  tmpl.set_custom_escape([](const std::string& s) { return s; });
  return tmpl.render(data);
}

}  // namespace ptmcp::server
