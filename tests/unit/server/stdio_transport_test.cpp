#include "server/stdio_transport.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <string>

#include "server/application.h"

namespace ptmcp::server {
namespace {

// Serves stdio over pipes: writes `input`, closes the write end, returns every line the
// server wrote and how long it took to return after stdin closed.
struct StdioRun {
  std::vector<Json> lines;
  std::chrono::milliseconds elapsed;
};

StdioRun serve(const std::string& input, SessionOptions options = {}) {
  Catalog catalog;
  catalog.identity = {"t", "T", "1", "", ""};
  add_engine_fixtures(catalog);
  int to_server[2];
  int from_server[2];
  EXPECT_EQ(::pipe(to_server), 0);
  EXPECT_EQ(::pipe(from_server), 0);
  auto done = std::async(std::launch::async, [&] {
    int rc = make_stdio_transport(options, to_server[0], from_server[1])->serve(catalog);
    ::close(from_server[1]);
    return rc;
  });
  auto reader = std::async(std::launch::async, [&] {
    std::string out;
    char buffer[4096];
    ssize_t n;
    while ((n = ::read(from_server[0], buffer, sizeof buffer)) > 0)
      out.append(buffer, n);
    return out;
  });
  std::size_t written = 0;
  while (written < input.size()) {
    ssize_t n = ::write(to_server[1], input.data() + written, input.size() - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  const auto closed = std::chrono::steady_clock::now();
  ::close(to_server[1]);
  EXPECT_EQ(done.get(), 0);
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - closed);
  std::string out = reader.get();
  ::close(to_server[0]);
  ::close(from_server[0]);
  StdioRun run{{}, elapsed};
  std::size_t start = 0;
  while (start < out.size()) {
    std::size_t end = out.find('\n', start);
    run.lines.push_back(Json::parse(out.substr(start, end - start)));  // throws if not JSON
    start = end + 1;
  }
  return run;
}

const std::string kInit =
    R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})"
    "\n";

TEST(StdioTransport, AnswersEachLineAndExitsOnEof) {
  StdioRun run = serve(kInit + R"({"jsonrpc":"2.0","id":1,"method":"ping"})" + "\r\n\n");
  ASSERT_EQ(run.lines.size(), 2u);
  EXPECT_EQ(run.lines[1]["id"], 1);
  EXPECT_LT(run.elapsed.count(), 5000);  // exits on EOF, not on some later timeout
}

TEST(StdioTransport, AnswersALastLineWithoutNewline) {
  StdioRun run = serve(kInit + R"({"jsonrpc":"2.0","id":1,"method":"ping"})");
  ASSERT_EQ(run.lines.size(), 2u);
}

TEST(StdioTransport, RefusesAnOversizedLineAndKeepsServing) {
  SessionOptions options;
  options.limits.max_message_bytes = 1000;
  std::string big = R"({"jsonrpc":"2.0","id":5,"method":"ping","params":{"x":")" +
                    std::string(200000, 'a') + "\"}}\n";
  StdioRun run = serve(kInit + big + R"({"jsonrpc":"2.0","id":6,"method":"ping"})" + "\n", options);
  ASSERT_EQ(run.lines.size(), 3u);
  EXPECT_EQ(run.lines[1]["error"]["code"], -32600);
  EXPECT_TRUE(run.lines[1]["id"].is_null());
  EXPECT_EQ(run.lines[2]["id"], 6);
}

TEST(StdioTransport, AnswersRequestsReadBeforeEof) {
  StdioRun run = serve(
      kInit +
      R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"fixture_echo","arguments":{"message":"x"}}})" +
      "\n");
  ASSERT_EQ(run.lines.size(), 2u);
  EXPECT_EQ(run.lines[1]["result"]["structuredContent"]["echo"], "x");
}

TEST(StdioTransport, ExitsPromptlyWhenStdinClosesDuringSlowWork) {
  StdioRun run = serve(
      kInit +
      R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"fixture_slow","arguments":{"milliseconds":30000}}})" +
      "\n");
  // A 5 s grace for work already started, then it is cancelled: well short of the 30 s.
  EXPECT_LT(run.elapsed.count(), 12000);
}

// Closing stdin while requests are running: those that finish within the grace period are
// answered (the client may still be reading), not dropped.
TEST(StdioTransport, AnswersWorkThatFinishesSoonAfterEof) {
  std::string lines = kInit;
  for (int id = 1; id <= 6; ++id)
    lines +=
        R"({"jsonrpc":"2.0","id":)" + std::to_string(id) +
        R"(,"method":"tools/call","params":{"name":"fixture_slow","arguments":{"milliseconds":800}}})" +
        "\n";
  StdioRun run = serve(lines);
  EXPECT_EQ(run.lines.size(), 7u);  // initialize and all six
}

}  // namespace
}  // namespace ptmcp::server
