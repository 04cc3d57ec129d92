#include "server/logging.h"

#include <array>

#include <spdlog/sinks/stdout_sinks.h>

namespace ptmcp::server {
namespace {

constexpr std::array<std::string_view, 8> kMcpLevels = {"debug", "info",     "notice", "warning",
                                                        "error", "critical", "alert",  "emergency"};

}  // namespace

void init_logging(spdlog::level::level_enum level) {
  auto logger = spdlog::stderr_logger_mt("ptmcp");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  logger->set_level(level);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
}

std::optional<spdlog::level::level_enum> parse_log_level(std::string_view name) {
  if (name == "trace") return spdlog::level::trace;
  if (name == "debug") return spdlog::level::debug;
  if (name == "info") return spdlog::level::info;
  if (name == "warn" || name == "warning") return spdlog::level::warn;
  if (name == "error") return spdlog::level::err;
  if (name == "critical") return spdlog::level::critical;
  if (name == "off") return spdlog::level::off;
  return std::nullopt;
}

std::optional<int> mcp_log_rank(std::string_view level) {
  for (std::size_t i = 0; i < kMcpLevels.size(); ++i) {
    if (kMcpLevels[i] == level) return static_cast<int>(i);
  }
  return std::nullopt;
}

std::string_view mcp_log_name(int rank) {
  return kMcpLevels.at(static_cast<std::size_t>(rank));
}

}  // namespace ptmcp::server
