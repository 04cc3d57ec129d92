// Tools as the engine sees them: one registration each (name, title, description, input and
// output schema, annotations, handler). Inputs are validated against the schema before the
// handler runs; handlers return results, never throw across this boundary by design (the
// session still catches, as the one place that does).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/cancellation.h"
#include "server/schema_validator.h"

namespace ptmcp::server {

using Json = nlohmann::json;

struct ToolAnnotations {
  bool read_only = false;
  bool destructive = false;
  bool idempotent = false;
  bool open_world = false;
};

// What a running handler may use: the cancellation flag and a progress reporter (a no-op
// when the client asked for no progress).
struct ToolContext {
  CancellationToken cancel;
  std::function<void(double progress, std::optional<double> total, const std::string& message)>
      report_progress = [](double, std::optional<double>, const std::string&) {};
};

struct ToolResult {
  Json structured;   // structuredContent: matches the outputSchema when !is_error
  std::string text;  // the text copy; when empty, `structured` serialized
  bool is_error = false;

  static ToolResult success(Json structured, std::string text = {});
  // A result the assistant can act on: findings in `text`, optional structured detail.
  static ToolResult failure(std::string text, Json structured = nullptr);
};

using ToolHandler = std::function<ToolResult(const Json& arguments, ToolContext& context)>;

struct ToolDefinition {
  std::string name;
  std::string title;
  std::string description;
  Json input_schema;
  Json output_schema;
  ToolAnnotations annotations;
  ToolHandler handler;
  // MCP Apps: the ui:// resource that shows this tool's results, for clients that render
  // apps (server/apps.h). Empty for a tool with no app.
  std::string app_uri{};
};

struct RegisteredTool {
  ToolDefinition definition;
  SchemaValidator input;
  SchemaValidator output;
  Json listing;      // the entry tools/list returns
  Json app_listing;  // the same with _meta.ui.resourceUri, for clients that render apps
};

// Told about every tools/call that reached a registered tool, valid or not, after it ran:
// for an audit trail. Must not throw, and must not record the arguments' text.
using ToolObserver =
    std::function<void(const std::string& tool, const Json& arguments, const ToolResult& result)>;

class ToolRegistry {
 public:
  // Throws std::invalid_argument naming the problem: a bad or duplicate name, a description
  // over 2 KB, a schema outside the portable subset or not valid JSON Schema, no handler.
  // Registration happens at start-up, before any request is served.
  void add(ToolDefinition definition);

  const RegisteredTool* find(std::string_view name) const;
  const std::vector<RegisteredTool>& all() const { return tools_; }

  void set_observer(ToolObserver observer) { observer_ = std::move(observer); }
  const ToolObserver& observer() const { return observer_; }

 private:
  std::vector<RegisteredTool> tools_;
  ToolObserver observer_;
};

// True for 1-64 characters of [a-z0-9_].
bool valid_tool_name(std::string_view name);

}  // namespace ptmcp::server
