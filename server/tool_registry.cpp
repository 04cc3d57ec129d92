#include "server/tool_registry.h"

#include <stdexcept>

#include "server/schema_rules.h"

namespace ptmcp::server {
namespace {

constexpr std::size_t kMaxDescriptionBytes = 2048;

void require_portable(const std::string& tool, const char* which, const Json& schema) {
  auto violations = portable_schema_violations(schema);
  if (violations.empty()) return;
  std::string message = "tool " + tool + ": " + which + " schema is not portable:";
  for (const auto& v : violations)
    message += "\n  " + v;
  throw std::invalid_argument(message);
}

Json listing_for(const ToolDefinition& d) {
  return {{"name", d.name},
          {"title", d.title},
          {"description", d.description},
          {"inputSchema", d.input_schema},
          {"outputSchema", d.output_schema},
          {"annotations",
           {{"title", d.title},
            {"readOnlyHint", d.annotations.read_only},
            {"destructiveHint", d.annotations.destructive},
            {"idempotentHint", d.annotations.idempotent},
            {"openWorldHint", d.annotations.open_world}}}};
}

}  // namespace

ToolResult ToolResult::success(Json structured, std::string text) {
  return ToolResult{std::move(structured), std::move(text), false};
}

ToolResult ToolResult::failure(std::string text, Json structured) {
  return ToolResult{std::move(structured), std::move(text), true};
}

bool valid_tool_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

void ToolRegistry::add(ToolDefinition definition) {
  const std::string& name = definition.name;
  if (!valid_tool_name(name)) {
    throw std::invalid_argument("tool name \"" + name + "\" must be 1-64 characters of [a-z0-9_]");
  }
  if (find(name) != nullptr) throw std::invalid_argument("tool " + name + " is registered twice");
  if (definition.description.empty() || definition.description.size() > kMaxDescriptionBytes) {
    throw std::invalid_argument("tool " + name + ": description must be 1-2048 bytes");
  }
  if (!definition.handler) throw std::invalid_argument("tool " + name + " has no handler");
  require_portable(name, "input", definition.input_schema);
  require_portable(name, "output", definition.output_schema);
  SchemaValidator input(definition.input_schema);
  SchemaValidator output(definition.output_schema);
  if (!definition.app_uri.empty() && definition.app_uri.rfind("ui://", 0) != 0) {
    throw std::invalid_argument("tool " + name + ": an app's resource must be a ui:// URI");
  }
  Json listing = listing_for(definition);
  Json app_listing = listing;
  if (!definition.app_uri.empty())
    app_listing["_meta"] = {{"ui", {{"resourceUri", definition.app_uri}}}};
  tools_.push_back(RegisteredTool{std::move(definition), std::move(input), std::move(output),
                                  std::move(listing), std::move(app_listing)});
}

const RegisteredTool* ToolRegistry::find(std::string_view name) const {
  for (const auto& tool : tools_) {
    if (tool.definition.name == name) return &tool;
  }
  return nullptr;
}

}  // namespace ptmcp::server
