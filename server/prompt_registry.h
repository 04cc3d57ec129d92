// Prompts (slash commands in Claude): a name, its arguments with optional completers, and a
// renderer from the arguments to the messages handed to the assistant.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/completion.h"

namespace ptmcp::server {

struct PromptArgument {
  std::string name;
  std::string description;
  bool required = false;
  Completer complete;  // may be empty
};

struct PromptMessage {
  std::string role;  // "user" or "assistant"
  std::string text;
};

struct PromptDefinition {
  std::string name;
  std::string title;
  std::string description;
  std::vector<PromptArgument> arguments;
  std::function<std::vector<PromptMessage>(const Arguments&)> render;
};

class PromptRegistry {
 public:
  // Throws std::invalid_argument on an empty or duplicate name or a missing renderer.
  void add(PromptDefinition definition);
  const PromptDefinition* find(std::string_view name) const;
  const std::vector<PromptDefinition>& all() const { return prompts_; }

 private:
  std::vector<PromptDefinition> prompts_;
};

// Renders a prompt text with {{name}} placeholders (mustache; values are not HTML-escaped).
std::string render_prompt_text(std::string_view text, const Arguments& arguments);

}  // namespace ptmcp::server
