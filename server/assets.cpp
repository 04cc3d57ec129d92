#include "server/assets.h"

#include <stdexcept>

namespace ptmcp::server {

std::optional<std::string_view> find_asset(std::string_view path) {
  for (const auto& asset : all_assets()) {
    if (asset.path == path) return asset.content;
  }
  return std::nullopt;
}

std::string_view require_asset(std::string_view path) {
  if (auto content = find_asset(path)) return *content;
  throw std::out_of_range("embedded asset missing: " + std::string(path));
}

std::vector<Asset> assets_under(std::string_view prefix) {
  std::vector<Asset> found;
  for (const auto& asset : all_assets()) {
    if (asset.path.starts_with(prefix)) found.push_back(asset);
  }
  return found;
}

}  // namespace ptmcp::server
