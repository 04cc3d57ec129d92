// Logging for the whole process goes to stderr only: stdout carries MCP and nothing else.
// Log lines name methods, tools, ids, durations and outcomes; never patient text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

namespace ptmcp::server {

// Replaces spdlog's default logger (which writes to stdout) with a stderr logger. Call
// first thing in main, before anything can log. `name` names the logger.
void init_logging(spdlog::level::level_enum level, const std::string& name);

// The text with control characters written as escapes ("\n", "\x1b", "\u009b"), as every
// log line is: a value from a client cannot forge a line or reach the terminal.
std::string escape_control(std::string_view text);

// "trace", "debug", "info", "warn", "error", "critical", "off".
std::optional<spdlog::level::level_enum> parse_log_level(std::string_view name);

// MCP's levels (RFC 5424 names), ranked 0 (debug) to 7 (emergency).
std::optional<int> mcp_log_rank(std::string_view level);
std::string_view mcp_log_name(int rank);

}  // namespace ptmcp::server
