// MCP Apps (the io.modelcontextprotocol/ui extension, SEP-1865): a tool may name a ui://
// resource, an HTML document the client shows next to the tool's result. The tool and the
// resource say so only to a client that said, at initialize, that it renders them; every
// other client sees the tools and resources it saw before.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace ptmcp::server {

inline constexpr std::string_view kAppsExtension = "io.modelcontextprotocol/ui";
inline constexpr std::string_view kAppMimeType = "text/html;profile=mcp-app";

// True when the initialize request's capabilities list the extension with the app MIME type:
// {"extensions": {"io.modelcontextprotocol/ui": {"mimeTypes": ["text/html;profile=mcp-app"]}}}.
inline bool client_renders_apps(const nlohmann::json& capabilities) {
  if (!capabilities.is_object()) return false;
  const auto extensions = capabilities.find("extensions");
  if (extensions == capabilities.end() || !extensions->is_object()) return false;
  const auto ui = extensions->find(std::string(kAppsExtension));
  if (ui == extensions->end() || !ui->is_object()) return false;
  const auto types = ui->find("mimeTypes");
  if (types == ui->end() || !types->is_array()) return false;
  for (const auto& t : *types) {
    if (t.is_string() && t.get<std::string>() == kAppMimeType) return true;
  }
  return false;
}

}  // namespace ptmcp::server
