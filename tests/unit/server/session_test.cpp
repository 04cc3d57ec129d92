#include "server/session.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <thread>

#include "server/application.h"
#include "tests/unit/server/memory_transport.h"

namespace ptmcp::server {
namespace {

using testing::initialize_request;
using testing::MemoryTransport;
using testing::request;

class SessionTest : public ::testing::Test {
 protected:
  SessionTest() {
    catalog_.identity = {"ptmcp-test", "Test", "0.0.1", "A test server", "Do the thing."};
    add_engine_fixtures(catalog_);
  }

  // A session with initialize answered and the initialized notification sent.
  std::unique_ptr<Session> ready(SessionOptions options = {}) {
    auto session = std::make_unique<Session>(catalog_, wire_, options);
    session->receive(initialize_request(0));
    session->receive(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
    EXPECT_TRUE(wire_.response(0).contains("result"));
    wire_.clear();
    return session;
  }

  Json call(Session& session, int id, const std::string& tool, const Json& args) {
    session.receive(request(id, "tools/call", {{"name", tool}, {"arguments", args}}));
    return wire_.response(id);
  }

  Catalog catalog_;
  MemoryTransport wire_;
};

TEST_F(SessionTest, InitializeNegotiatesTheLatestVersion) {
  Session session(catalog_, wire_);
  session.receive(initialize_request(1, "2025-11-25"));
  Json r = wire_.response(1);
  EXPECT_EQ(r["result"]["protocolVersion"], "2025-11-25");
  EXPECT_EQ(r["result"]["serverInfo"]["name"], "ptmcp-test");
  EXPECT_EQ(r["result"]["instructions"], "Do the thing.");
  for (const char* capability : {"tools", "prompts", "resources", "completions", "logging"}) {
    EXPECT_TRUE(r["result"]["capabilities"].contains(capability)) << capability;
  }
}

TEST_F(SessionTest, InitializeEchoesAnOlderSupportedVersion) {
  for (std::string version : {"2025-06-18", "2025-03-26"}) {
    MemoryTransport wire;
    Session session(catalog_, wire);
    session.receive(initialize_request(1, version));
    EXPECT_EQ(wire.response(1)["result"]["protocolVersion"], version);
  }
}

TEST_F(SessionTest, InitializeAnswersAnUnknownVersionWithTheLatest) {
  Session session(catalog_, wire_);
  session.receive(initialize_request(1, "1999-01-01"));
  EXPECT_EQ(wire_.response(1)["result"]["protocolVersion"], "2025-11-25");
  EXPECT_EQ(session.protocol_version(), "2025-11-25");
}

TEST_F(SessionTest, InitializeWithoutVersionIsInvalidParams) {
  Session session(catalog_, wire_);
  session.receive(request(1, "initialize", {{"capabilities", Json::object()}}));
  EXPECT_EQ(wire_.response(1)["error"]["code"], -32602);
}

TEST_F(SessionTest, SecondInitializeIsRefused) {
  auto session = ready();
  session->receive(initialize_request(9));
  EXPECT_EQ(wire_.response(9)["error"]["code"], -32600);
}

// HTTP without sessions: each message stands alone, so nothing waits for initialize, and
// every POST may carry an initialize of its own.
TEST_F(SessionTest, AStatelessSessionAnswersWithoutInitializeAndInitializesAgain) {
  SessionOptions options;
  options.stateless = true;
  Session session(catalog_, wire_, options);
  session.receive(request(1, "tools/list"));
  EXPECT_TRUE(wire_.response(1)["result"]["tools"].is_array());
  EXPECT_EQ(call(session, 2, "fixture_echo", {{"message", "hi"}})["result"]["isError"], false);
  session.receive(initialize_request(3));
  session.receive(initialize_request(4));
  EXPECT_TRUE(wire_.response(3).contains("result"));
  EXPECT_TRUE(wire_.response(4).contains("result"));
}

TEST_F(SessionTest, RequestsBeforeInitializeAreRefusedExceptPing) {
  Session session(catalog_, wire_);
  session.receive(request(1, "tools/list"));
  EXPECT_EQ(wire_.response(1)["error"]["code"], -32600);
  session.receive(request(2, "ping"));
  EXPECT_EQ(wire_.response(2)["result"], Json::object());
}

TEST_F(SessionTest, DiscoverProbeGetsMethodNotFoundAtOnce) {
  Session session(catalog_, wire_);
  session.receive(request(1, "server/discover"));
  EXPECT_EQ(wire_.response(1)["error"]["code"], -32601);
}

TEST_F(SessionTest, UnknownMethodIsMethodNotFound) {
  auto session = ready();
  session->receive(request(3, "tools/frobnicate"));
  EXPECT_EQ(wire_.response(3)["error"]["code"], -32601);
}

TEST_F(SessionTest, NotificationWithAnIdIsTreatedAsARequest) {
  auto session = ready();
  session->receive(request(4, "notifications/initialized"));
  EXPECT_EQ(wire_.response(4)["error"]["code"], -32601);
}

TEST_F(SessionTest, UnknownNotificationIsIgnored) {
  auto session = ready();
  session->receive(R"({"jsonrpc":"2.0","method":"notifications/whatever"})");
  session->receive(request(5, "ping"));
  EXPECT_EQ(wire_.response(5)["result"], Json::object());
  EXPECT_EQ(wire_.parsed().size(), 1u);
}

TEST_F(SessionTest, ListsToolsWithSchemasAndAnnotations) {
  auto session = ready();
  session->receive(request(1, "tools/list"));
  Json tools = wire_.response(1)["result"]["tools"];
  ASSERT_EQ(tools.size(), 3u);
  EXPECT_EQ(tools[0]["name"], "fixture_echo");
  EXPECT_EQ(tools[0]["inputSchema"]["type"], "object");
  EXPECT_EQ(tools[0]["annotations"]["readOnlyHint"], true);
}

TEST_F(SessionTest, PaginatesEveryList) {
  SessionOptions options;
  options.page_size = 2;
  auto session = ready(options);
  session->receive(request(1, "tools/list"));
  Json first = wire_.response(1)["result"];
  ASSERT_EQ(first["tools"].size(), 2u);
  ASSERT_TRUE(first.contains("nextCursor"));
  session->receive(request(2, "tools/list", {{"cursor", first["nextCursor"]}}));
  Json second = wire_.response(2)["result"];
  EXPECT_EQ(second["tools"].size(), 1u);
  EXPECT_FALSE(second.contains("nextCursor"));
  for (const char* method :
       {"tools/list", "prompts/list", "resources/list", "resources/templates/list"}) {
    wire_.clear();
    session->receive(request(3, method, {{"cursor", "not-a-cursor"}}));
    EXPECT_EQ(wire_.response(3)["error"]["code"], -32602) << method;
  }
}

TEST_F(SessionTest, CallsAToolWithStructuredContentAndTextCopy) {
  auto session = ready();
  Json r = call(*session, 1, "fixture_echo", {{"message", "hi"}, {"count", 2}});
  EXPECT_EQ(r["result"]["isError"], false);
  EXPECT_EQ(r["result"]["structuredContent"]["echo"], "hihi");
  EXPECT_EQ(Json::parse(r["result"]["content"][0]["text"].get<std::string>())["echo"], "hihi");
}

TEST_F(SessionTest, SchemaViolationIsAnIsErrorResultWithPointersAndExamples) {
  auto session = ready();
  Json r = call(*session, 1, "fixture_echo", {{"count", 9}, {"extra", true}});
  ASSERT_TRUE(r.contains("result"));
  EXPECT_EQ(r["result"]["isError"], true);
  EXPECT_FALSE(r["result"].contains("structuredContent"));
  std::string text = r["result"]["content"][0]["text"];
  EXPECT_NE(text.find("/message: is required but missing; for example \"hello\""),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("/count"), std::string::npos) << text;
  EXPECT_NE(text.find("/extra: is not a known field"), std::string::npos) << text;
}

TEST_F(SessionTest, NonObjectArgumentsAreAnIsErrorResult) {
  auto session = ready();
  Json r = call(*session, 1, "fixture_echo", "text");
  EXPECT_EQ(r["result"]["isError"], true);
}

TEST_F(SessionTest, UnknownToolIsInvalidParams) {
  auto session = ready();
  Json r = call(*session, 1, "no_such_tool", Json::object());
  EXPECT_EQ(r["error"]["code"], -32602);
}

TEST_F(SessionTest, HandlerExceptionIsInternalErrorWithoutItsText) {
  auto session = ready();
  Json r = call(*session, 1, "fixture_fail", {{"secret", "Maria's calf hurts"}});
  EXPECT_EQ(r["error"]["code"], -32603);
  EXPECT_EQ(r.dump().find("calf"), std::string::npos);
  session->receive(request(2, "ping"));
  EXPECT_EQ(wire_.response(2)["result"], Json::object());
}

TEST_F(SessionTest, SlowToolDoesNotBlockPing) {
  auto session = ready();
  session->receive(request(1, "tools/call",
                           {{"name", "fixture_slow"}, {"arguments", {{"milliseconds", 20000}}}}));
  session->receive(request(2, "ping"));
  Json pong = wire_.response(2, std::chrono::milliseconds(5000));
  EXPECT_EQ(pong["result"], Json::object());
  EXPECT_TRUE(wire_.response(1, std::chrono::milliseconds(0)).is_null());
  session->cancel_all();
}

TEST_F(SessionTest, CancelledRequestGetsNoResponse) {
  auto session = ready();
  session->receive(request(7, "tools/call",
                           {{"name", "fixture_slow"}, {"arguments", {{"milliseconds", 5000}}}}));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  session->receive(
      R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":7,"reason":"user"}})");
  session->wait_idle();
  EXPECT_TRUE(wire_.response(7, std::chrono::milliseconds(0)).is_null());
  session->receive(request(8, "ping"));
  EXPECT_EQ(wire_.response(8)["result"], Json::object());
}

// Every shape of params a client can send, to every method and notification: each request
// is answered and the session keeps serving; nothing throws out of receive().
TEST_F(SessionTest, AnyShapeOfParamsIsHandledAndTheSessionGoesOn) {
  auto session = ready();
  const std::vector<std::string> shapes = {
      "",
      R"(,"params":null)",
      R"(,"params":[])",
      R"(,"params":[1,2])",
      R"(,"params":"x")",
      R"(,"params":7)",
      R"(,"params":{})",
      R"(,"params":{"requestId":null})",
      R"(,"params":{"requestId":{}})",
      R"(,"params":{"requestId":[1]})",
      R"(,"params":{"_meta":"x"})",
      R"(,"params":{"_meta":[]})",
      R"(,"params":{"_meta":{"progressToken":{}}})",
      R"(,"params":{"name":7,"arguments":"x","uri":[],"cursor":5,"level":{}})",
      R"(,"params":{"ref":{"type":7,"name":[],"uri":{}},"argument":{"name":"x","value":9},"context":"x"})",
      R"(,"params":{"ref":{"type":"ref/prompt","name":7},"argument":{"name":"x"}})",
      R"(,"params":{"protocolVersion":"2025-11-25","clientInfo":{"name":7,"version":[]}})"};
  const std::vector<std::string> methods = {"notifications/cancelled",
                                            "notifications/initialized",
                                            "notifications/progress",
                                            "initialize",
                                            "ping",
                                            "tools/list",
                                            "tools/call",
                                            "prompts/list",
                                            "prompts/get",
                                            "resources/list",
                                            "resources/templates/list",
                                            "resources/read",
                                            "completion/complete",
                                            "logging/setLevel"};
  int id = 100;
  for (const auto& method : methods) {
    for (const auto& shape : shapes) {
      const std::string tail = R"(,"method":")" + method + "\"" + shape + "}";
      EXPECT_NO_THROW(session->receive(R"({"jsonrpc":"2.0")" + tail)) << method << shape;
      const int this_id = ++id;
      EXPECT_NO_THROW(
          session->receive(R"({"jsonrpc":"2.0","id":)" + std::to_string(this_id) + tail))
          << method << shape;
      const Json answer = wire_.response(this_id);
      EXPECT_TRUE(answer.contains("result") || answer.contains("error")) << method << shape;
      if (answer.contains("error")) {
        EXPECT_NE(answer["error"]["code"], -32603) << method << shape << answer.dump();
      }
    }
  }
  session->receive(request(1, "ping", Json::object()));
  EXPECT_TRUE(wire_.response(1).contains("result"));
}

TEST_F(SessionTest, AClientNameOfTheWrongTypeStillInitializes) {
  Session session(catalog_, wire_);
  session.receive(
      R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":7,"version":null}}})");
  EXPECT_TRUE(wire_.response(1).contains("result"));
}

// Ending the session (not the client) cancels what has not started, and what is running is
// still answered when it returns: its work happened.
TEST_F(SessionTest, CancelAllStillAnswersWorkAlreadyRunning) {
  auto session = ready();
  session->receive(
      request(7, "tools/call", {{"name", "fixture_slow"}, {"arguments", {{"milliseconds", 300}}}}));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  session->cancel_all();
  session->wait_idle();
  EXPECT_FALSE(wire_.response(7, std::chrono::milliseconds(100)).is_null());
}

TEST_F(SessionTest, DuplicateInFlightIdIsRefused) {
  auto session = ready();
  auto slow = request(7, "tools/call",
                      {{"name", "fixture_slow"}, {"arguments", {{"milliseconds", 20000}}}});
  session->receive(slow);
  session->receive(slow);
  Json refused = wire_.response(7, std::chrono::milliseconds(5000));
  EXPECT_EQ(refused["error"]["code"], -32600);
  session->cancel_all();
}

TEST_F(SessionTest, ReportsProgressWhenAsked) {
  auto session = ready();
  session->receive(request(1, "tools/call",
                           {{"name", "fixture_slow"},
                            {"arguments", {{"milliseconds", 200}}},
                            {"_meta", {{"progressToken", "tok"}}}}));
  Json r = wire_.response(1);
  EXPECT_EQ(r["result"]["structuredContent"]["completed"], true);
  auto progress = wire_.notifications("notifications/progress");
  ASSERT_FALSE(progress.empty());
  double last = -1;
  for (const auto& p : progress) {
    EXPECT_EQ(p["params"]["progressToken"], "tok");
    EXPECT_GT(p["params"]["progress"].get<double>(), last);
    last = p["params"]["progress"].get<double>();
  }
}

TEST_F(SessionTest, LoggingSetLevelSendsNotificationsAtThatLevel) {
  auto session = ready();
  call(*session, 1, "fixture_echo", {{"message", "quiet"}});
  EXPECT_TRUE(wire_.notifications("notifications/message").empty());
  session->receive(request(2, "logging/setLevel", {{"level", "info"}}));
  EXPECT_EQ(wire_.response(2)["result"], Json::object());
  call(*session, 3, "fixture_echo", {{"message", "Maria"}});
  auto logs = wire_.notifications("notifications/message");
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_EQ(logs[0]["params"]["level"], "info");
  std::string data = logs[0]["params"]["data"];
  EXPECT_NE(data.find("fixture_echo"), std::string::npos);
  EXPECT_EQ(data.find("Maria"), std::string::npos);  // arguments never reach the log
  session->receive(request(4, "logging/setLevel", {{"level", "loud"}}));
  EXPECT_EQ(wire_.response(4)["error"]["code"], -32602);
}

TEST_F(SessionTest, PromptsListAndGet) {
  auto session = ready();
  session->receive(request(1, "prompts/list"));
  Json prompts = wire_.response(1)["result"]["prompts"];
  ASSERT_EQ(prompts.size(), 1u);
  EXPECT_EQ(prompts[0]["arguments"][0]["name"], "topic");
  EXPECT_EQ(prompts[0]["arguments"][0]["required"], true);
  session->receive(
      request(2, "prompts/get", {{"name", "fixture_prompt"}, {"arguments", {{"topic", "beta"}}}}));
  Json got = wire_.response(2)["result"];
  EXPECT_EQ(got["messages"][0]["role"], "user");
  EXPECT_EQ(got["messages"][0]["content"]["text"], "Tell me about beta.");
  session->receive(request(3, "prompts/get", {{"name", "fixture_prompt"}}));
  EXPECT_EQ(wire_.response(3)["error"]["code"], -32602);
  session->receive(request(4, "prompts/get", {{"name", "nope"}}));
  EXPECT_EQ(wire_.response(4)["error"]["code"], -32602);
}

TEST_F(SessionTest, ResourcesListReadAndNotFound) {
  auto session = ready();
  session->receive(request(1, "resources/list"));
  EXPECT_EQ(wire_.response(1)["result"]["resources"][0]["uri"], "fixture://static");
  session->receive(request(2, "resources/templates/list"));
  EXPECT_EQ(wire_.response(2)["result"]["resourceTemplates"][0]["uriTemplate"],
            "fixture://items/{item_id}");
  session->receive(request(3, "resources/read", {{"uri", "fixture://items/2"}}));
  EXPECT_EQ(wire_.response(3)["result"]["contents"][0]["text"], R"({"item":"2"})");
  session->receive(request(4, "resources/read", {{"uri", "fixture://items/9"}}));
  Json missing = wire_.response(4);
  EXPECT_EQ(missing["error"]["code"], -32002);
  EXPECT_EQ(missing["error"]["data"]["uri"], "fixture://items/9");
}

// MCP Apps: a tool names its ui:// app, and the app is listed, only to a client that said
// at initialize that it renders apps; any client may read the app, with its _meta.
TEST_F(SessionTest, AppsAreOfferedOnlyToAClientThatRendersThem) {
  ToolDefinition shown = {"fixture_shown",
                          "Shown in an app (fixture)",
                          "Test fixture: a tool with an app.",
                          {{"type", "object"}, {"properties", Json::object()}},
                          {{"type", "object"}, {"properties", Json::object()}},
                          {.read_only = true},
                          [](const Json&, ToolContext&) { return ToolResult::success({}); },
                          "ui://fixture/app.html"};
  catalog_.tools.add(shown);
  catalog_.resources.add(
      {"ui://fixture/app.html", "fixture-app", "App", "An app.", "text/html;profile=mcp-app", [] {
         ResourceContents c{"ui://fixture/app.html", "text/html;profile=mcp-app",
                            "<!DOCTYPE html>"};
         c.meta = {{"ui", {{"prefersBorder", true}}}};
         return c;
       }});
  const auto listings = [this](const Json& capabilities) {
    MemoryTransport wire;
    Session session(catalog_, wire);
    session.receive(request(0, "initialize",
                            {{"protocolVersion", "2025-11-25"},
                             {"capabilities", capabilities},
                             {"clientInfo", {{"name", "unit-test"}, {"version", "1"}}}}));
    session.receive(request(1, "tools/list"));
    session.receive(request(2, "resources/list"));
    session.receive(request(3, "resources/read", {{"uri", "ui://fixture/app.html"}}));
    return std::vector<Json>{wire.response(1)["result"]["tools"],
                             wire.response(2)["result"]["resources"],
                             wire.response(3)["result"]["contents"][0]};
  };
  const auto app_of = [](const Json& tools) {
    for (const auto& t : tools) {
      if (t["name"] == "fixture_shown") return t.value("_meta", Json());
    }
    return Json();
  };
  const auto lists_app = [](const Json& resources) {
    return std::any_of(resources.begin(), resources.end(),
                       [](const Json& r) { return r["uri"] == "ui://fixture/app.html"; });
  };
  const Json renders = {
      {"extensions",
       {{"io.modelcontextprotocol/ui", {{"mimeTypes", {"text/html;profile=mcp-app"}}}}}}};
  const auto with = listings(renders);
  EXPECT_EQ(app_of(with[0]), (Json{{"ui", {{"resourceUri", "ui://fixture/app.html"}}}}));
  EXPECT_TRUE(lists_app(with[1]));
  EXPECT_EQ(with[2]["_meta"]["ui"]["prefersBorder"], true);

  // No extension, another extension, or the extension without the app type: nothing changes.
  for (const Json& capabilities :
       {Json::object(), Json{{"extensions", {{"io.example/other", Json::object()}}}},
        Json{{"extensions", {{"io.modelcontextprotocol/ui", {{"mimeTypes", {"text/html"}}}}}}},
        Json{{"extensions", {{"io.modelcontextprotocol/ui", "yes"}}}}}) {
    const auto without = listings(capabilities);
    EXPECT_TRUE(app_of(without[0]).is_null()) << capabilities;
    EXPECT_FALSE(lists_app(without[1])) << capabilities;
    EXPECT_EQ(without[2]["mimeType"], "text/html;profile=mcp-app") << capabilities;
    Json stripped = with[0];
    for (auto& t : stripped)
      t.erase("_meta");
    EXPECT_EQ(stripped, without[0]) << "apart from _meta, the same tools";
  }
}

TEST_F(SessionTest, AnAppMustBeAUiUri) {
  ToolDefinition wrong = {"fixture_wrong",
                          "Wrong",
                          "Test fixture.",
                          {{"type", "object"}, {"properties", Json::object()}},
                          {{"type", "object"}, {"properties", Json::object()}},
                          {},
                          [](const Json&, ToolContext&) { return ToolResult::success({}); },
                          "https://example.com/app.html"};
  EXPECT_THROW(catalog_.tools.add(wrong), std::invalid_argument);
}

TEST_F(SessionTest, CompletesPromptArgumentsAndTemplateVariables) {
  auto session = ready();
  session->receive(request(1, "completion/complete",
                           {{"ref", {{"type", "ref/prompt"}, {"name", "fixture_prompt"}}},
                            {"argument", {{"name", "topic"}, {"value", "al"}}}}));
  Json c = wire_.response(1)["result"]["completion"];
  EXPECT_EQ(c["values"], Json({"alpha", "alpine"}));
  EXPECT_EQ(c["total"], 2);
  EXPECT_EQ(c["hasMore"], false);
  session->receive(
      request(2, "completion/complete",
              {{"ref", {{"type", "ref/resource"}, {"uri", "fixture://items/{item_id}"}}},
               {"argument", {{"name", "item_id"}, {"value", ""}}}}));
  EXPECT_EQ(wire_.response(2)["result"]["completion"]["values"], Json({"1", "2", "3"}));
  session->receive(request(3, "completion/complete",
                           {{"ref", {{"type", "ref/prompt"}, {"name", "nope"}}},
                            {"argument", {{"name", "x"}, {"value", ""}}}}));
  EXPECT_EQ(wire_.response(3)["error"]["code"], -32602);
}

TEST_F(SessionTest, ResponsesFromTheClientAreIgnored) {
  auto session = ready();
  session->receive(R"({"jsonrpc":"2.0","id":99,"result":{}})");
  session->receive(request(1, "ping"));
  EXPECT_EQ(wire_.response(1)["result"], Json::object());
  EXPECT_EQ(wire_.parsed().size(), 1u);
}

}  // namespace
}  // namespace ptmcp::server
