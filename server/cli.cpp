#include "server/cli.h"

#include <sys/stat.h>

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <utility>
#include <variant>
#include <vector>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "server/application.h"
#include "server/http_transport.h"
#include "server/logging.h"
#include "server/session.h"
#include "server/stdio_transport.h"
#include "server/transport.h"

namespace ptmcp::server {
namespace {

// Output of the CLI's own subcommands (never of `serve`, whose stdout is the MCP stream).
void write_stdout(const std::string& text) {
  std::size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(1, text.data() + written, text.size() - written);
    if (n <= 0) return;
    written += static_cast<std::size_t>(n);
  }
}

// Where the database lives unless --db says otherwise: PREFIX_DATA_DIR, then the Claude
// plugin's data folder, then the platform's per-user data folder (named after the product).
std::string default_database_path(const Application& application) {
  const std::string& file = application.database_file;
  const std::string folder = "/" + application.identity.name + "/" + file;
  const std::string data_dir = application.environment_prefix + "_DATA_DIR";
  for (const char* name : {data_dir.c_str(), "CLAUDE_PLUGIN_DATA"}) {
    if (auto dir = environment(name); !dir.empty()) return dir + "/" + file;
  }
#if defined(_WIN32)
  if (auto appdata = environment("APPDATA"); !appdata.empty()) return appdata + folder;
#elif defined(__APPLE__)
  if (auto home = environment("HOME"); !home.empty())
    return home + "/Library/Application Support" + folder;
#else
  if (auto xdg = environment("XDG_DATA_HOME"); !xdg.empty()) return xdg + folder;
  if (auto home = environment("HOME"); !home.empty()) return home + "/.local/share" + folder;
#endif
  return file;
}

// "127.0.0.1:8765", "[::1]:8765", "localhost:0".
bool parse_listen(const std::string& listen, std::string& host, int& port) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) return false;
  host = listen.substr(0, colon);
  if (host.front() == '[') {
    if (host.back() != ']') return false;
    host = host.substr(1, host.size() - 2);
  }
  const std::string digits = listen.substr(colon + 1);
  if (digits.size() > 5 || digits.find_first_not_of("0123456789") != std::string::npos)
    return false;
  port = std::stoi(digits);
  return port <= 65535;
}

// Bearer tokens from the file (one per line; blank lines and # comments skipped) and from
// the environment variable `variable` (comma-separated). False, having said why, when the
// file is unreadable.
bool read_tokens(const std::string& file, const std::string& variable,
                 std::vector<std::string>& tokens) {
  auto add = [&](std::string t) {
    const auto first = t.find_first_not_of(" \t\r");
    if (first == std::string::npos || t[first] == '#') return;
    t = t.substr(first, t.find_last_not_of(" \t\r") - first + 1);
    tokens.push_back(std::move(t));
  };
  if (!file.empty()) {
    std::ifstream in(file);
    if (!in) {
      spdlog::error("cannot read the token file {}", file);
      return false;
    }
    for (std::string line; std::getline(in, line);)
      add(line);
    struct stat st {};
    if (::stat(file.c_str(), &st) == 0 && (st.st_mode & 0077) != 0)
      spdlog::warn("the token file can be read by other users of this computer: chmod 600 it");
  }
  std::stringstream env(environment(variable.c_str()));
  for (std::string t; std::getline(env, t, ',');)
    add(t);
  return true;
}

// Keeps the replies a session gives, for the CLI's one-shot calls.
class CollectingTransport final : public Transport {
 public:
  void reply(const Json& id, const Answer& answer) override {
    std::lock_guard lock(mutex_);
    replies_.emplace_back(id, answer);
  }
  void notify(std::string_view, const Json&) override {}
  void progress(const Json&, const Json&) override {}

  // The response to `id` as JSON-RPC has it ({"result": ...} or {"error": ...}), if one came.
  std::optional<Json> response(const Json& id) {
    std::lock_guard lock(mutex_);
    for (const auto& [replied, answer] : replies_) {
      if (replied != id) continue;
      if (const auto* result = std::get_if<Json>(&answer)) return Json{{"result", *result}};
      return Json{{"error", error_object(std::get<RpcError>(answer))}};
    }
    return std::nullopt;
  }

 private:
  std::mutex mutex_;
  std::vector<std::pair<Json, Answer>> replies_;
};

// Runs one request through a fresh, initialized session; the JSON-RPC response.
Json run_one(const Catalog& catalog, const std::string& method, const Json& params) {
  CollectingTransport transport;
  Session session(catalog, transport, SessionOptions{});
  session.receive(
      Json{{"jsonrpc", "2.0"},
           {"id", 0},
           {"method", "initialize"},
           {"params",
            {{"protocolVersion", kLatestProtocolVersion},
             {"capabilities", Json::object()},
             {"clientInfo",
              {{"name", catalog.identity.name + "-cli"}, {"version", catalog.identity.version}}}}}}
          .dump());
  session.receive(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  session.receive(
      Json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}, {"params", params}}.dump());
  session.wait_idle();
  // A request refused before its id could be read (too large to parse) is answered with a
  // null id: that error is the answer.
  if (auto answer = transport.response(1)) return *answer;
  if (auto refused = transport.response(nullptr)) return *refused;
  return Json{{"error", {{"code", -32603}, {"message", "no response"}}}};
}

int list_tools(const Catalog& catalog, bool as_json) {
  Json tools = Json::array();
  Json cursor = nullptr;
  do {
    Json params = Json::object();
    if (!cursor.is_null()) params["cursor"] = cursor;
    Json response = run_one(catalog, "tools/list", params);
    for (const auto& tool : response["result"]["tools"])
      tools.push_back(tool);
    cursor = response["result"].value("nextCursor", Json(nullptr));
  } while (!cursor.is_null());
  if (as_json) {
    write_stdout(tools.dump(2) + "\n");
    return 0;
  }
  if (tools.empty()) write_stdout("No tools are registered.\n");
  for (const auto& tool : tools) {
    std::string line = tool["name"].get<std::string>();
    line.resize(std::max<std::size_t>(line.size() + 2, 22), ' ');
    write_stdout(line + tool.value("title", "") + "\n");
  }
  return 0;
}

int call_tool(const Catalog& catalog, const std::string& tool, const std::string& args_path) {
  Json arguments = Json::object();
  if (!args_path.empty()) {
    std::string text;
    if (args_path == "-") {
      text.assign(std::istreambuf_iterator<char>(std::cin), {});
    } else {
      std::ifstream file(args_path, std::ios::binary);
      if (!file) {
        spdlog::error("cannot read arguments file {}", args_path);
        return 2;
      }
      text.assign(std::istreambuf_iterator<char>(file), {});
    }
    arguments = Json::parse(text, nullptr, false);
    if (arguments.is_discarded()) {
      spdlog::error("the arguments are not valid JSON");
      return 2;
    }
  }
  Json response = run_one(catalog, "tools/call", {{"name", tool}, {"arguments", arguments}});
  if (response.contains("error")) {
    write_stdout(response["error"].dump(2) + "\n");
    return 2;
  }
  const Json& result = response["result"];
  write_stdout(result.dump(2) + "\n");
  return result.value("isError", false) ? 1 : 0;
}

}  // namespace

std::string environment(const char* name) {
  const char* value = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): start-up only
  if (value == nullptr) return "";
  std::string s(value);
  if (s.find_first_not_of(" \t") == std::string::npos || s.find("${") != std::string::npos)
    return "";
  return s;
}

int run_cli(int argc, char** argv, const Application& application) {
  // Before anything can log: spdlog's default logger writes to stdout, which MCP owns.
  init_logging(spdlog::level::warn, application.identity.name);

  CLI::App app{application.identity.title + " - " + application.identity.description,
               application.identity.name};
  app.set_version_flag("--version", application.identity.version);
  // Before the subcommands, which inherit it: "PRODUCT serve --db FILE" works as well as
  // "PRODUCT --db FILE serve".
  app.fallthrough();
  RuntimeOptions runtime;
  runtime.database_path = default_database_path(application);
  const auto variable = [&](const char* name) {
    return application.environment_prefix + "_" + name;
  };
  std::string log_level = "warn";
  app.add_option("--db", runtime.database_path, "Database file, or a postgresql:// address")
      ->capture_default_str()
      ->envname(variable("DB"));
  app.add_option("--config", runtime.config_path,
                 "Configuration file (JSON) with a clinic's limits")
      ->envname(variable("CONFIG"));
  app.add_option("--log-level", log_level,
                 "Log level on stderr: trace, debug, info, warn, error, critical, off")
      ->capture_default_str()
      ->envname(variable("LOG_LEVEL"));
  app.add_flag("--engine-fixtures", runtime.engine_fixtures,
               "Add the engine's test-only tools (for the test suite)")
      ->group("");  // hidden from --help

  auto* serve = app.add_subcommand("serve", "Serve MCP over stdio (the default), or HTTP");
  bool http = false;
  std::string listen = "127.0.0.1:8765";
  std::string token_file;
  HttpOptions http_options;
  std::size_t session_idle_seconds = 1800;
  serve->add_flag("--http", http, "Serve MCP over Streamable HTTP at /mcp instead of stdio");
  serve->add_flag("--stateless", http_options.stateless,
                  "HTTP without sessions: any instance behind a load balancer answers any POST");
  serve->add_option("--listen", listen, "HTTP address to listen on, HOST:PORT (port 0: any)")
      ->capture_default_str()
      ->envname(variable("HTTP_LISTEN"));
  serve
      ->add_option("--token-file", token_file,
                   "File of bearer tokens, one per line (or " + variable("HTTP_TOKENS") +
                       ", comma-separated)")
      ->envname(variable("HTTP_TOKEN_FILE"));
  serve->add_option("--tls-cert", http_options.tls_cert, "TLS certificate file (PEM)");
  serve->add_option("--tls-key", http_options.tls_key, "TLS private key file (PEM)");
  serve->add_option("--allow-origin", http_options.allowed_origins,
                    "An Origin browsers may call from, besides loopback pages (repeatable)");
  serve->add_option("--allow-host", http_options.allowed_hosts,
                    "A Host name clients use to reach the server, besides loopback (repeatable)");
  serve->add_option("--max-sessions", http_options.max_sessions, "Live HTTP sessions at most")
      ->capture_default_str();
  serve
      ->add_option("--session-idle", session_idle_seconds,
                   "Seconds before an idle HTTP session expires")
      ->capture_default_str();
  serve->add_option("--threads", http_options.threads, "HTTP connections served at once")
      ->capture_default_str();
  serve
      ->add_option("--max-connections-per-peer", http_options.max_connections_per_peer,
                   "Open HTTP connections from one address (raise it behind a reverse proxy)")
      ->capture_default_str();
  double receive_timeout_seconds = 5;
  serve
      ->add_option("--receive-timeout", receive_timeout_seconds,
                   "Seconds a client has to send a request's headers and body")
      ->check(CLI::Range(0.1, 600.0))
      ->capture_default_str();
  std::size_t request_timeout_seconds = 300;
  serve
      ->add_option("--request-timeout", request_timeout_seconds,
                   "Seconds an HTTP request may take before it is cancelled and answered 504")
      ->check(CLI::Range(std::size_t{1}, std::size_t{86400}))
      ->capture_default_str();
  auto* tools = app.add_subcommand("tools", "List the tools");
  bool tools_json = false;
  tools->add_flag("--json", tools_json, "Print the full tool definitions as JSON");
  auto* call = app.add_subcommand("call", "Run one tool call and print the result JSON");
  std::string tool_name;
  std::string args_path;
  call->add_option("tool", tool_name, "Tool name")->required();
  call->add_option("--args", args_path, "Arguments as JSON: a file, or - for stdin");
  std::vector<std::pair<CLI::App*, std::function<int(const RuntimeOptions&)>>> product_commands;
  for (const ProductCommand& command : application.commands) {
    CLI::App* sub = app.add_subcommand(command.name, command.description);
    product_commands.emplace_back(sub, command.add(*sub));
  }
  app.require_subcommand(0, 1);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  auto level = parse_log_level(log_level);
  if (!level) {
    spdlog::error("unknown log level {}", log_level);
    return 64;
  }
  spdlog::set_level(*level);

  for (const auto& [sub, run] : product_commands) {
    if (sub->parsed()) return run(runtime);
  }
  // A database connection for each request that may run at once.
  runtime.concurrency = http ? http_options.threads : SessionOptions{}.workers;
  Catalog catalog;
  catalog.identity = application.identity;
  try {
    check_identity(catalog.identity);
    application.populate(catalog, runtime);
    if (runtime.engine_fixtures) add_engine_fixtures(catalog);
  } catch (const std::exception& e) {
    // Start-up errors come from our own registrations, never from patient data.
    spdlog::critical("cannot start: {}", e.what());
    return 70;
  }

  if (tools->parsed()) return list_tools(catalog, tools_json);
  if (call->parsed()) return call_tool(catalog, tool_name, args_path);
  if (http) {
    if (!parse_listen(listen, http_options.host, http_options.port)) {
      spdlog::error("--listen wants HOST:PORT, for example 127.0.0.1:8765 or [::1]:8765");
      return 64;
    }
    if (!read_tokens(token_file, variable("HTTP_TOKENS"), http_options.tokens)) return 64;
    http_options.session_idle = std::chrono::seconds(session_idle_seconds);
    http_options.request_timeout = std::chrono::seconds(request_timeout_seconds);
    http_options.receive_timeout =
        std::chrono::milliseconds(static_cast<long long>(receive_timeout_seconds * 1000));
    http_options.tokens_variable = variable("HTTP_TOKENS");
  }
  // Each transport has its factory; what follows is the same for both.
  std::unique_ptr<ServingTransport> transport =
      http ? make_http_transport(http_options) : make_stdio_transport(SessionOptions{});
  spdlog::info("{} {} serving MCP {}", application.identity.name, application.identity.version,
               http ? "over HTTP" : "on stdio");
  return transport->serve(catalog);
}

}  // namespace ptmcp::server
