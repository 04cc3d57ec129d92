// The transport seam: what a session hands its transport, structured (a reply by id,
// progress by token, other notifications), and, over HTTP, where each of them goes.
#include "server/transport.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "server/application.h"
#include "server/session.h"
#include "tests/unit/server/memory_transport.h"

#if PTMCP_HTTP_ENABLED
#include "server/http_session.h"
#endif

namespace ptmcp::server {
namespace {

using testing::initialize_request;
using testing::request;

// Records each call as the session made it, without serializing anything.
class RecordingTransport final : public Transport {
 public:
  struct Call {
    std::string kind;  // reply, notify, progress
    Json id;           // reply: the request's id; progress: the token
    std::string method;
    Json body;  // reply: the result or {"error": code}; otherwise the params
  };

  void reply(const Json& id, const Answer& answer) override {
    Json body = std::holds_alternative<Json>(answer)
                    ? std::get<Json>(answer)
                    : Json{{"error", std::get<RpcError>(answer).code}};
    add({"reply", id, "", std::move(body)});
  }
  void notify(std::string_view method, const Json& params) override {
    add({"notify", nullptr, std::string(method), params});
  }
  void progress(const Json& token, const Json& params) override {
    add({"progress", token, "notifications/progress", params});
  }

  // Waits until a reply to `id` came; every call so far.
  std::vector<Call> until_reply(const Json& id) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds(10), [&] {
      for (const auto& c : calls_)
        if (c.kind == "reply" && c.id == id) return true;
      return false;
    });
    return calls_;
  }

 private:
  void add(Call call) {
    {
      std::lock_guard lock(mutex_);
      calls_.push_back(std::move(call));
    }
    changed_.notify_all();
  }
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Call> calls_;
};

class TransportSeam : public ::testing::Test {
 protected:
  TransportSeam() {
    catalog_.identity = {"seam-test", "Test", "0.0.1", "A test server", ""};
    add_engine_fixtures(catalog_);
  }
  Catalog catalog_;
};

TEST_F(TransportSeam, TheSessionRepliesByIdAndReportsProgressByToken) {
  RecordingTransport transport;
  Session session(catalog_, transport);
  session.receive(initialize_request(0));
  session.receive(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  session.receive(request(1, "logging/setLevel", {{"level", "info"}}));
  session.receive(request(2, "tools/call",
                          {{"name", "fixture_slow"},
                           {"arguments", {{"milliseconds", 150}}},
                           {"_meta", {{"progressToken", "p-7"}}}}));
  const auto calls = transport.until_reply(2);
  session.wait_idle();

  std::size_t progress = 0;
  std::size_t logs = 0;
  bool replied_first = false;
  for (const auto& c : calls) {
    if (c.kind == "progress") {
      ++progress;
      EXPECT_EQ(c.id, "p-7");                     // routed by its token
      EXPECT_EQ(c.body["progressToken"], "p-7");  // and carried in the notification
      EXPECT_FALSE(replied_first) << "progress after the reply";
    } else if (c.kind == "notify") {
      EXPECT_EQ(c.method, "notifications/message");  // the log of the call
      EXPECT_EQ(c.body["logger"], "seam-test");      // named after the server, not fixed
      ++logs;
    } else if (c.kind == "reply" && c.id == 2) {
      replied_first = true;
      EXPECT_EQ(c.body["structuredContent"]["completed"], true);
    }
  }
  EXPECT_GT(progress, 0U);
  EXPECT_GT(logs, 0U);
  EXPECT_TRUE(replied_first);
}

TEST_F(TransportSeam, AMessageThatCannotBeReadIsAnsweredWithANullId) {
  RecordingTransport transport;
  Session session(catalog_, transport);
  session.receive("{not json");
  const auto calls = transport.until_reply(nullptr);
  ASSERT_EQ(calls.size(), 1U);
  EXPECT_EQ(calls[0].kind, "reply");
  EXPECT_EQ(calls[0].body["error"], error_code::kParseError);
}

TEST_F(TransportSeam, ATextTransportWritesWhatTheWireCarries) {
  testing::MemoryTransport wire;
  wire.reply(3, Json{{"ok", true}});
  wire.reply("x", RpcError{error_code::kInvalidParams, "bad", {{"field", "a"}}});
  wire.progress("t", {{"progressToken", "t"}, {"progress", 1}});
  wire.notify("notifications/message", {{"level", "info"}});
  const auto sent = wire.parsed();
  ASSERT_EQ(sent.size(), 4U);
  EXPECT_EQ(sent[0], (Json{{"jsonrpc", "2.0"}, {"id", 3}, {"result", {{"ok", true}}}}));
  EXPECT_EQ(sent[1]["error"]["code"], error_code::kInvalidParams);
  EXPECT_EQ(sent[1]["error"]["data"]["field"], "a");
  EXPECT_EQ(sent[2]["method"], "notifications/progress");
  EXPECT_EQ(sent[2]["params"]["progressToken"], "t");
  EXPECT_FALSE(sent[2].contains("id"));
  EXPECT_EQ(sent[3]["method"], "notifications/message");
}

#if PTMCP_HTTP_ENABLED
// HTTP routing, without sockets: each POST's exchange gets its own reply and progress.
class HttpRouting : public TransportSeam {
 protected:
  static Request post(const Json& id, const Json& progress_token = nullptr) {
    Request r;
    r.id = id;
    r.method = "tools/call";
    r.params = Json::object();
    if (!progress_token.is_null()) r.params["_meta"] = {{"progressToken", progress_token}};
    return r;
  }
  static Arrived now(HttpSession& s, Exchange& ex) {
    return s.wait(ex, HttpClock::now() + std::chrono::milliseconds(20));
  }
};

TEST_F(HttpRouting, AReplyGoesToTheExchangeOfItsIdOnly) {
  HttpSession s("id", std::nullopt, catalog_, SessionOptions{});
  auto one = s.begin(post(1), false);
  auto two = s.begin(post("1"), false);  // a string id is another id
  ASSERT_TRUE(one && two);
  s.reply("1", Json{{"n", "string"}});
  s.reply(1, Json{{"n", "number"}});
  s.reply(99, Json::object());  // answers no open request: dropped
  const Arrived a = now(s, *one);
  const Arrived b = now(s, *two);
  ASSERT_TRUE(a.response && b.response);
  EXPECT_EQ(Json::parse(*a.response)["result"]["n"], "number");
  EXPECT_EQ(Json::parse(*b.response)["result"]["n"], "string");
  EXPECT_FALSE(now(s, *one).response) << "a reply is handed over once";
}

TEST_F(HttpRouting, ProgressGoesToTheStreamThatAskedForIt) {
  HttpSession s("id", std::nullopt, catalog_, SessionOptions{});
  auto plain = s.begin(post(1), true);
  auto asked = s.begin(post(2, "tok"), true);
  auto not_streamed = s.begin(post(3, "other"), false);
  s.progress("tok", {{"progressToken", "tok"}, {"progress", 1}});
  s.progress("other", {{"progressToken", "other"}, {"progress", 1}});  // no stream: dropped
  s.notify("notifications/message", {{"level", "info"}});              // the oldest open stream
  const Arrived p = now(s, *plain);
  const Arrived a = now(s, *asked);
  const Arrived n = now(s, *not_streamed);
  ASSERT_EQ(a.events.size(), 1U);
  EXPECT_EQ(Json::parse(a.events[0])["params"]["progressToken"], "tok");
  ASSERT_EQ(p.events.size(), 1U);
  EXPECT_EQ(Json::parse(p.events[0])["method"], "notifications/message");
  EXPECT_TRUE(n.events.empty());
  EXPECT_FALSE(a.response);
}

TEST_F(HttpRouting, AnIdInUseIsRefusedAndACancelledRequestStopsItsWaiter) {
  HttpSession s("id", std::nullopt, catalog_, SessionOptions{});
  auto first = s.begin(post(5), false);
  ASSERT_TRUE(first);
  EXPECT_FALSE(s.begin(post(5), false));
  EXPECT_FALSE(s.idle_time()) << "a session with an open request is not idle";
  s.cancelled(5);
  const Arrived a = now(s, *first);
  EXPECT_TRUE(a.ready);
  EXPECT_TRUE(a.cancelled);
  s.end(first);
  EXPECT_TRUE(s.idle_time());
  EXPECT_TRUE(s.begin(post(5), false)) << "the id is free once its request ended";
}
#endif

}  // namespace
}  // namespace ptmcp::server
