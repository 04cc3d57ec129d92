// Opaque cursors for list results. A page is a window of `page_size` items; the cursor
// encodes where the next window starts. A cursor we did not issue is refused (-32602).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace ptmcp::server {

struct Page {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::optional<std::string> next_cursor;
};

// Nothing when `cursor` is not a string this server issued for a list of this size.
std::optional<Page> page_for(const nlohmann::json& cursor, std::size_t total,
                             std::size_t page_size);

std::string encode_cursor(std::size_t offset);

}  // namespace ptmcp::server
