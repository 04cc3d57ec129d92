#include "server/session.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <typeinfo>
#include <variant>

#include <spdlog/spdlog.h>

#include "server/apps.h"
#include "server/cancellation.h"
#include "server/logging.h"
#include "server/pagination.h"
#include "server/worker_pool.h"

namespace ptmcp::server {
namespace {

using Clock = std::chrono::steady_clock;

RpcError invalid_params(std::string message) {
  return RpcError{error_code::kInvalidParams, std::move(message), nullptr};
}

Json tool_result_json(const ToolResult& result) {
  std::string text = result.text.empty()
                         ? result.structured.dump(-1, ' ', false, Json::error_handler_t::replace)
                         : result.text;
  Json out = {{"content", Json::array({{{"type", "text"}, {"text", std::move(text)}}})},
              {"isError", result.is_error}};
  // Clients validate structuredContent against the outputSchema whenever it is present, so an
  // error result carries its findings as text only.
  if (!result.is_error) out["structuredContent"] = result.structured;
  return out;
}

// A string member of an object, or empty when it is absent or not a string.
std::string text_member(const Json& object, const char* key) {
  if (!object.is_object()) return {};
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Json arguments_from(const Json& params) {
  auto it = params.find("arguments");
  return it == params.end() || it->is_null() ? Json::object() : *it;
}

}  // namespace

struct Session::Impl {
  enum class Phase { kAwaitingInitialize, kInitialized };

  Impl(const Catalog& catalog_in, Transport& transport_in, SessionOptions options_in)
      : catalog(catalog_in),
        transport(transport_in),
        options(options_in),
        workers(options_in.workers, options_in.max_queued) {
    if (options.stateless) {
      phase = Phase::kInitialized;
      protocol_version = std::string(kLatestProtocolVersion);
    }
  }

  const Catalog& catalog;
  Transport& transport;
  SessionOptions options;

  mutable std::mutex state_mutex;
  Phase phase = Phase::kAwaitingInitialize;
  std::string protocol_version;
  std::map<std::string, CancellationToken> in_flight;  // by id_key
  // Requests the client cancelled: they get no reply. A request cancelled for any other
  // reason (the session ends) is still answered if its handler finishes.
  std::set<std::string> cancelled_by_client;
  std::atomic<int> client_log_rank{-1};    // -1: the client asked for no logs
  std::atomic<bool> apps_rendered{false};  // the client said so at initialize (server/apps.h)

  WorkerPool workers;  // last member: joined before the state above is destroyed

  // ---- sending ----
  void reply(const Json& id, const Answer& answer) { transport.reply(id, answer); }

  void notify(std::string_view method, const Json& params) { transport.notify(method, params); }

  // Logs to stderr and, when the client asked for this level, as notifications/message.
  // `text` must never carry patient text.
  void log(int mcp_rank, const std::string& text) {
    static constexpr spdlog::level::level_enum kSpd[] = {
        spdlog::level::debug,    spdlog::level::info,    spdlog::level::info,
        spdlog::level::warn,     spdlog::level::err,     spdlog::level::critical,
        spdlog::level::critical, spdlog::level::critical};
    spdlog::log(kSpd[mcp_rank], "{}", text);
    const int wanted = client_log_rank.load();
    if (wanted >= 0 && mcp_rank >= wanted) {
      notify(
          "notifications/message",
          {{"level", mcp_log_name(mcp_rank)}, {"logger", catalog.identity.name}, {"data", text}});
    }
  }

  // ---- dispatch ----
  // No exception leaves here: whatever a message holds, the session goes on.
  void on_line(std::string_view line) {
    try {
      dispatch(line);
    } catch (const std::exception& e) {
      log(4, std::string("a message could not be handled: internal ") + typeid(e).name());
    } catch (...) {
      log(4, "a message could not be handled: unknown internal error");
    }
  }

  void dispatch(std::string_view line) {
    Incoming incoming = parse_message(line, options.limits);
    if (auto* request = std::get_if<Request>(&incoming)) {
      on_request(std::move(*request));
    } else if (auto* notification = std::get_if<Notification>(&incoming)) {
      on_notification(*notification);
    } else if (auto* malformed = std::get_if<Malformed>(&incoming)) {
      spdlog::debug("refused a malformed message: code {}", malformed->error.code);
      if (malformed->reply) reply(malformed->id, malformed->error);
    }
    // Responses: this server sends no requests, so a response answers nothing; drop it.
  }

  using Method = Answer (Impl::*)(const Json& params, const CancellationToken& cancel,
                                  const Json& meta);
  struct MethodEntry {
    std::string_view name;
    Method handler;
    bool slow;  // runs on a worker
  };

  static const std::vector<MethodEntry>& methods() {
    static const std::vector<MethodEntry> table = {
        {"initialize", &Impl::on_initialize, false},
        {"ping", &Impl::on_ping, false},
        {"tools/list", &Impl::on_tools_list, false},
        {"tools/call", &Impl::on_tools_call, true},
        {"prompts/list", &Impl::on_prompts_list, false},
        {"prompts/get", &Impl::on_prompts_get, true},
        {"resources/list", &Impl::on_resources_list, false},
        {"resources/templates/list", &Impl::on_templates_list, false},
        {"resources/read", &Impl::on_resources_read, true},
        {"completion/complete", &Impl::on_complete, true},
        {"logging/setLevel", &Impl::on_set_level, false},
    };
    return table;
  }

  void on_request(Request request) {
    const auto& table = methods();
    auto entry = std::find_if(table.begin(), table.end(),
                              [&](const MethodEntry& e) { return e.name == request.method; });
    if (entry == table.end()) {
      // Includes the 2026 `server/discover` probe: answered at once so clients fall back.
      reply(request.id,
            RpcError{error_code::kMethodNotFound, "Method not found: " + request.method, nullptr});
      return;
    }
    const bool may_run_early = request.method == "initialize" || request.method == "ping";
    {
      std::lock_guard lock(state_mutex);
      if (phase == Phase::kAwaitingInitialize && !may_run_early) {
        reply(request.id, RpcError{error_code::kInvalidRequest,
                                   "Server not initialized: send initialize first", nullptr});
        return;
      }
    }
    Json params = request.params.is_object() ? std::move(request.params) : Json::object();
    Json meta = Json::object();
    if (auto m = params.find("_meta"); m != params.end() && m->is_object()) meta = *m;
    if (!entry->slow) {
      reply(request.id,
            run_guarded(entry->handler, params, CancellationToken(), meta, request.method));
      return;
    }
    CancellationToken token;
    const std::string key = id_key(request.id);
    {
      std::lock_guard lock(state_mutex);
      if (!in_flight.emplace(key, token).second) {
        reply(request.id, RpcError{error_code::kInvalidRequest,
                                   "Request id " + key + " is already in use", nullptr});
        return;
      }
    }
    Method handler = entry->handler;
    std::string method = request.method;
    workers.post([this, handler, params = std::move(params), meta = std::move(meta),
                  id = std::move(request.id), key, token, method] {
      // Cancelled before it started (by the client, or because the session is ending):
      // nothing ran, so nothing is answered and nothing was done.
      std::optional<Answer> answer;
      if (!token.cancelled()) answer = run_guarded(handler, params, token, meta, method);
      bool client_cancelled = false;
      {
        std::lock_guard lock(state_mutex);
        in_flight.erase(key);
        client_cancelled = cancelled_by_client.erase(key) > 0;
      }
      if (!answer || client_cancelled) {
        spdlog::debug("{} {} cancelled; no response sent", method, key);
        return;
      }
      reply(id, *answer);
    });
  }

  // The one place that catches: a handler that throws yields -32603 and no exception text.
  Answer run_guarded(Method handler, const Json& params, const CancellationToken& cancel,
                     const Json& meta, const std::string& method) {
    try {
      return (this->*handler)(params, cancel, meta);
    } catch (const std::exception& e) {
      log(4, method + " failed with an internal " + std::string(typeid(e).name()));
    } catch (...) {
      log(4, method + " failed with an unknown internal error");
    }
    return RpcError{error_code::kInternalError, "Internal error", nullptr};
  }

  void on_notification(const Notification& notification) {
    if (notification.method == "notifications/initialized") {
      spdlog::debug("client reports initialized");
    } else if (notification.method == "notifications/cancelled") {
      // params may be absent, null or carry a requestId of any type: only a string or
      // integer id can name a request of ours.
      const Json& params = notification.params;
      if (!params.is_object()) return;
      auto id = params.find("requestId");
      if (id == params.end() || !(id->is_string() || id->is_number_integer())) return;
      std::lock_guard lock(state_mutex);
      if (auto it = in_flight.find(id_key(*id)); it != in_flight.end()) {
        it->second.cancel();
        cancelled_by_client.insert(it->first);
        spdlog::debug("cancelled request {}", it->first);
      }
    }
    // Other notifications (roots changed, progress) need nothing from this server.
  }

  // ---- lifecycle ----
  Answer on_initialize(const Json& params, const CancellationToken&, const Json&) {
    auto requested = params.find("protocolVersion");
    if (requested == params.end() || !requested->is_string()) {
      return invalid_params("initialize needs params.protocolVersion (a string)");
    }
    const Json info = params.value("clientInfo", Json::object());
    std::string client = text_member(info, "name");
    if (client.empty()) client = "unknown";
    if (const std::string v = text_member(info, "version"); !v.empty()) client += " " + v;
    std::string version(kLatestProtocolVersion);
    for (auto supported : kSupportedProtocolVersions) {
      if (*requested == supported) version = std::string(supported);
    }
    {
      std::lock_guard lock(state_mutex);
      if (phase != Phase::kAwaitingInitialize && !options.stateless) {
        return RpcError{error_code::kInvalidRequest, "The session is already initialized", nullptr};
      }
      phase = Phase::kInitialized;
      protocol_version = version;
    }
    apps_rendered.store(server::client_renders_apps(params.value("capabilities", Json::object())));
    const auto& id = catalog.identity;
    Json server_info = {{"name", id.name}, {"version", id.version}};
    if (!id.title.empty()) server_info["title"] = id.title;
    if (!id.description.empty()) server_info["description"] = id.description;
    Json result = {{"protocolVersion", version},
                   {"capabilities",
                    {{"tools", {{"listChanged", false}}},
                     {"prompts", {{"listChanged", false}}},
                     {"resources", {{"subscribe", false}, {"listChanged", false}}},
                     {"completions", Json::object()},
                     {"logging", Json::object()}}},
                   {"serverInfo", std::move(server_info)}};
    if (!id.instructions.empty()) result["instructions"] = id.instructions;
    log(1, "initialized with " + client + " (protocol " + version + ")");
    return result;
  }

  Answer on_ping(const Json&, const CancellationToken&, const Json&) { return Json::object(); }

  Answer on_set_level(const Json& params, const CancellationToken&, const Json&) {
    auto level = params.find("level");
    if (level == params.end() || !level->is_string()) {
      return invalid_params("logging/setLevel needs params.level");
    }
    auto rank = mcp_log_rank(level->get<std::string>());
    if (!rank) {
      return invalid_params(
          "Unknown log level; use debug, info, notice, warning, error, critical, alert or "
          "emergency");
    }
    client_log_rank.store(*rank);
    return Json::object();
  }

  // ---- lists ----
  template <class Items, class ToJson>
  Answer paginate(const Json& params, const Items& items, const char* key, ToJson to_json) {
    auto page = page_for(params.value("cursor", Json(nullptr)), items.size(), options.page_size);
    if (!page) return invalid_params("Invalid cursor: pass a nextCursor from an earlier page");
    Json list = Json::array();
    for (std::size_t i = page->begin; i < page->end; ++i)
      list.push_back(to_json(items[i]));
    Json result = {{key, std::move(list)}};
    if (page->next_cursor) result["nextCursor"] = *page->next_cursor;
    return result;
  }

  Answer on_tools_list(const Json& params, const CancellationToken&, const Json&) {
    const bool apps = apps_rendered.load();
    return paginate(params, catalog.tools.all(), "tools",
                    [apps](const RegisteredTool& t) { return apps ? t.app_listing : t.listing; });
  }

  Answer on_prompts_list(const Json& params, const CancellationToken&, const Json&) {
    return paginate(params, catalog.prompts.all(), "prompts", [](const PromptDefinition& p) {
      Json arguments = Json::array();
      for (const auto& a : p.arguments) {
        arguments.push_back(
            {{"name", a.name}, {"description", a.description}, {"required", a.required}});
      }
      return Json{{"name", p.name},
                  {"title", p.title},
                  {"description", p.description},
                  {"arguments", std::move(arguments)}};
    });
  }

  Answer on_resources_list(const Json& params, const CancellationToken&, const Json&) {
    std::vector<ResourceDefinition> listed = catalog.resources.listing();
    if (!apps_rendered.load()) {
      std::erase_if(listed, [](const ResourceDefinition& r) { return r.app(); });
    }
    return paginate(params, listed, "resources", [](const ResourceDefinition& r) {
      return Json{{"uri", r.uri},
                  {"name", r.name},
                  {"title", r.title},
                  {"description", r.description},
                  {"mimeType", r.mime_type}};
    });
  }

  Answer on_templates_list(const Json& params, const CancellationToken&, const Json&) {
    return paginate(params, catalog.resources.templates(), "resourceTemplates",
                    [](const ResourceTemplateDefinition& t) {
                      return Json{{"uriTemplate", t.uri_template},
                                  {"name", t.name},
                                  {"title", t.title},
                                  {"description", t.description},
                                  {"mimeType", t.mime_type}};
                    });
  }

  // ---- tools ----
  Answer on_tools_call(const Json& params, const CancellationToken& cancel, const Json& meta) {
    auto name = params.find("name");
    if (name == params.end() || !name->is_string()) {
      return invalid_params("tools/call needs params.name (a string)");
    }
    const RegisteredTool* tool = catalog.tools.find(name->get<std::string>());
    if (tool == nullptr) {
      return invalid_params("Unknown tool: " + name->get<std::string>() +
                            " (tools/list names the tools)");
    }
    const std::string& tool_name = tool->definition.name;
    const auto started = Clock::now();
    Json arguments = arguments_from(params);
    ToolResult result;
    if (!arguments.is_object()) {
      result = ToolResult::failure(
          describe_problems({{"", "arguments must be an object", Json::object()}}));
    } else if (auto problems = tool->input.validate(arguments); !problems.empty()) {
      result = ToolResult::failure(describe_problems(problems));
    } else {
      ToolContext context;
      context.cancel = cancel;
      if (auto token = meta.find("progressToken");
          token != meta.end() && (token->is_string() || token->is_number_integer())) {
        context.report_progress = [this, progress_token = *token, cancel](
                                      double progress, std::optional<double> total,
                                      const std::string& message) {
          if (cancel.cancelled()) return;
          Json p = {{"progressToken", progress_token}, {"progress", progress}};
          if (total) p["total"] = *total;
          if (!message.empty()) p["message"] = message;
          transport.progress(progress_token, p);
        };
      }
      result = tool->definition.handler(arguments, context);
    }
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count();
    const char* outcome = cancel.cancelled() ? " cancelled" : result.is_error ? " refused" : " ok";
    log(result.is_error ? 2 : 1,
        "tools/call " + tool_name + outcome + " in " + std::to_string(micros) + " us");
    if (const auto& observer = catalog.tools.observer()) {
      try {
        observer(tool_name, arguments, result);
      } catch (const std::exception&) {
        log(4, "the tool call observer failed for " + tool_name);
      }
    }
    return tool_result_json(result);
  }

  // ---- prompts ----
  Answer on_prompts_get(const Json& params, const CancellationToken&, const Json&) {
    auto name = params.find("name");
    if (name == params.end() || !name->is_string()) {
      return invalid_params("prompts/get needs params.name (a string)");
    }
    const PromptDefinition* prompt = catalog.prompts.find(name->get<std::string>());
    if (prompt == nullptr) return invalid_params("Unknown prompt: " + name->get<std::string>());
    Arguments arguments;
    if (auto given = params.find("arguments"); given != params.end() && given->is_object()) {
      for (const auto& [key, value] : given->items()) {
        if (!value.is_string())
          return invalid_params("Prompt argument " + key + " must be a string");
        arguments[key] = value.get<std::string>();
      }
    }
    for (const auto& argument : prompt->arguments) {
      auto given = arguments.find(argument.name);
      if (argument.required && (given == arguments.end() || given->second.empty())) {
        return invalid_params("Prompt " + prompt->name + " needs the argument " + argument.name);
      }
    }
    Json messages = Json::array();
    for (const auto& message : prompt->render(arguments)) {
      messages.push_back(
          {{"role", message.role}, {"content", {{"type", "text"}, {"text", message.text}}}});
    }
    return Json{{"description", prompt->description}, {"messages", std::move(messages)}};
  }

  // ---- resources ----
  Answer on_resources_read(const Json& params, const CancellationToken&, const Json&) {
    auto uri = params.find("uri");
    if (uri == params.end() || !uri->is_string()) {
      return invalid_params("resources/read needs params.uri (a string)");
    }
    auto contents = catalog.resources.read(uri->get<std::string>());
    if (!contents) {
      return RpcError{error_code::kResourceNotFound, "Resource not found", Json{{"uri", *uri}}};
    }
    if (!contents->unavailable.empty()) {
      return RpcError{error_code::kInternalError,
                      "The resource cannot be read now: " + contents->unavailable,
                      Json{{"uri", *uri}}};
    }
    Json item = {
        {"uri", contents->uri}, {"mimeType", contents->mime_type}, {"text", contents->text}};
    if (!contents->meta.is_null()) item["_meta"] = contents->meta;
    return Json{{"contents", Json::array({std::move(item)})}};
  }

  // ---- completion ----
  Answer on_complete(const Json& params, const CancellationToken&, const Json&) {
    auto ref = params.find("ref");
    auto argument = params.find("argument");
    if (ref == params.end() || !ref->is_object() || argument == params.end() ||
        !argument->is_object() || !argument->value("name", Json()).is_string()) {
      return invalid_params("completion/complete needs params.ref and params.argument.name");
    }
    const std::string arg_name = (*argument)["name"].get<std::string>();
    const Json typed_json = argument->value("value", Json(""));
    const std::string typed = typed_json.is_string() ? typed_json.get<std::string>() : "";
    Arguments chosen;
    if (auto context = params.find("context"); context != params.end() && context->is_object()) {
      const Json given = context->value("arguments", Json::object());
      for (const auto& [key, value] : given.items()) {
        if (value.is_string()) chosen[key] = value.get<std::string>();
      }
    }
    const std::string type = text_member(*ref, "type");
    Completer completer;
    if (type == "ref/prompt") {
      const std::string name = text_member(*ref, "name");
      const PromptDefinition* prompt = catalog.prompts.find(name);
      if (prompt == nullptr) return invalid_params("Unknown prompt: " + name);
      for (const auto& a : prompt->arguments) {
        if (a.name == arg_name) completer = a.complete;
      }
    } else if (type == "ref/resource") {
      const std::string uri = text_member(*ref, "uri");
      const auto* t = catalog.resources.find_template(uri);
      if (t == nullptr) return invalid_params("Unknown resource template: " + uri);
      if (auto it = t->complete.find(arg_name); it != t->complete.end()) completer = it->second;
    } else {
      return invalid_params("ref.type must be ref/prompt or ref/resource");
    }
    Completion found = completer ? completer(typed, chosen) : Completion();
    if (!found.unavailable.empty()) {
      return RpcError{error_code::kInternalError,
                      "Completions cannot be read now: " + found.unavailable, nullptr};
    }
    std::vector<std::string>& values = found.values;
    const std::size_t total = values.size();
    if (values.size() > 100) values.resize(100);
    return Json{{"completion", {{"values", values}, {"total", total}, {"hasMore", total > 100}}}};
  }
};

Session::Session(const Catalog& catalog, Transport& transport, SessionOptions options)
    : impl_(std::make_unique<Impl>(catalog, transport, options)) {}

Session::~Session() {
  cancel_all();
  impl_->workers.wait_idle();
}

void Session::receive(std::string_view line) {
  impl_->on_line(line);
}

void Session::wait_idle() {
  impl_->workers.wait_idle();
}

void Session::cancel_all() {
  std::lock_guard lock(impl_->state_mutex);
  for (auto& [key, token] : impl_->in_flight)
    token.cancel();
}

bool Session::sends_log_messages() const {
  return impl_->client_log_rank.load() >= 0;
}

std::string Session::protocol_version() const {
  std::lock_guard lock(impl_->state_mutex);
  return impl_->protocol_version;
}

}  // namespace ptmcp::server
