#include <chrono>
#include <stdexcept>
#include <thread>

#include "server/application.h"

namespace ptmcp::server {
namespace {

const std::vector<std::string> kFixtureWords = {"alpha", "alpine", "beta", "gamma"};

ToolDefinition echo_tool() {
  return {"fixture_echo",
          "Echo (engine fixture)",
          "Test fixture: returns the message it was given, repeated count times.",
          {{"type", "object"},
           {"properties",
            {{"message",
              {{"type", "string"}, {"minLength", 1}, {"maxLength", 200}, {"examples", {"hello"}}}},
             {"count", {{"type", "integer"}, {"minimum", 1}, {"maximum", 5}}}}},
           {"required", {"message"}},
           {"additionalProperties", false}},
          {{"type", "object"},
           {"properties", {{"echo", {{"type", "string"}}}, {"count", {{"type", "integer"}}}}},
           {"required", {"echo", "count"}}},
          {.read_only = true, .idempotent = true},
          [](const Json& args, ToolContext&) {
            const int count = args.value("count", 1);
            std::string echo;
            for (int i = 0; i < count; ++i)
              echo += args["message"].get<std::string>();
            return ToolResult::success({{"echo", echo}, {"count", count}});
          }};
}

ToolDefinition slow_tool() {
  return {"fixture_slow",
          "Slow work (engine fixture)",
          "Test fixture: works for the given milliseconds, reporting progress and stopping "
          "early when cancelled.",
          {{"type", "object"},
           {"properties",
            {{"milliseconds", {{"type", "integer"}, {"minimum", 1}, {"maximum", 60000}}}}},
           {"required", {"milliseconds"}},
           {"additionalProperties", false}},
          {{"type", "object"},
           {"properties",
            {{"completed", {{"type", "boolean"}}}, {"elapsed_ms", {{"type", "integer"}}}}},
           {"required", {"completed", "elapsed_ms"}}},
          {.read_only = true},
          [](const Json& args, ToolContext& context) {
            const auto total = std::chrono::milliseconds(args["milliseconds"].get<int>());
            const auto start = std::chrono::steady_clock::now();
            int step = 0;
            while (std::chrono::steady_clock::now() - start < total) {
              if (context.cancel.cancelled()) break;
              std::this_thread::sleep_for(std::chrono::milliseconds(5));
              if (++step % 10 == 0) {
                context.report_progress(static_cast<double>(step), std::nullopt, "working");
              }
            }
            const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - start);
            return ToolResult::success({{"completed", !context.cancel.cancelled()},
                                        {"elapsed_ms", static_cast<int>(elapsed.count())}});
          }};
}

ToolDefinition fail_tool() {
  return {"fixture_fail",
          "Internal failure (engine fixture)",
          "Test fixture: throws inside the handler, to show that internal errors reach the "
          "client as -32603 without their text.",
          {{"type", "object"}, {"properties", {{"secret", {{"type", "string"}}}}}},
          {{"type", "object"}, {"properties", Json::object()}},
          {},
          [](const Json& args, ToolContext&) -> ToolResult {
            throw std::runtime_error("fixture failure: " + args.value("secret", ""));
          }};
}

}  // namespace

void add_engine_fixtures(Catalog& catalog) {
  catalog.tools.add(echo_tool());
  catalog.tools.add(slow_tool());
  catalog.tools.add(fail_tool());
  catalog.prompts.add(
      {"fixture_prompt",
       "Fixture prompt",
       "Test fixture: a prompt with one required, completable argument.",
       {{"topic", "A word to talk about", true,
         [](std::string_view typed, const Arguments&) {
           return complete_from(kFixtureWords, typed);
         }},
        {"detail", "Optional extra words", false, {}}},
       [](const Arguments& args) {
         return std::vector<PromptMessage>{
             {"user", render_prompt_text(
                          "Tell me about {{topic}}.{{#detail}} {{detail}}{{/detail}}", args)}};
       }});
  catalog.resources.add({"fixture://static", "fixture-static", "Static fixture",
                         "Test fixture: a fixed text resource.", "text/plain", [] {
                           return ResourceContents{"fixture://static", "text/plain", "static"};
                         }});
  catalog.resources.add_template({"fixture://items/{item_id}",
                                  "fixture-item",
                                  "Fixture item",
                                  "Test fixture: items 1 to 3.",
                                  "application/json",
                                  [](const Arguments& vars) -> std::optional<ResourceContents> {
                                    const std::string& id = vars.at("item_id");
                                    if (id != "1" && id != "2" && id != "3") return std::nullopt;
                                    return ResourceContents{"fixture://items/" + id,
                                                            "application/json",
                                                            Json{{"item", id}}.dump()};
                                  },
                                  {{"item_id", [](std::string_view typed, const Arguments&) {
                                      return complete_from({"1", "2", "3"}, typed);
                                    }}}});
}

}  // namespace ptmcp::server
