// Files embedded into the binary at build time (schemas/, prompts/, data/), looked up by
// their path relative to the repository root, e.g. "schemas/echo_test.input.json".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ptmcp::server {

struct Asset {
  std::string_view path;
  std::string_view content;
};

// Every embedded file, sorted by path. Defined in the generated embedded_assets.cpp.
const std::vector<Asset>& all_assets();

// The content of one embedded file, or nothing when no such file was embedded.
std::optional<std::string_view> find_asset(std::string_view path);

// The content of one embedded file; throws std::out_of_range naming the path when absent.
// For start-up code whose assets are part of the build.
std::string_view require_asset(std::string_view path);

// Embedded files whose path starts with the given prefix, e.g. "schemas/".
std::vector<Asset> assets_under(std::string_view prefix);

}  // namespace ptmcp::server
