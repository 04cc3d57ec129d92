#include "server/pagination.h"

#include <charconv>

namespace ptmcp::server {
namespace {

constexpr std::string_view kPrefix = "page-";

}  // namespace

std::string encode_cursor(std::size_t offset) {
  return std::string(kPrefix) + std::to_string(offset);
}

std::optional<Page> page_for(const nlohmann::json& cursor, std::size_t total,
                             std::size_t page_size) {
  std::size_t begin = 0;
  if (!cursor.is_null()) {
    if (!cursor.is_string()) return std::nullopt;
    const auto& text = cursor.get_ref<const std::string&>();
    if (!text.starts_with(kPrefix)) return std::nullopt;
    const char* first = text.data() + kPrefix.size();
    const char* last = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(first, last, begin);
    if (ec != std::errc() || ptr != last || first == last || begin == 0 || begin >= total) {
      return std::nullopt;
    }
  }
  Page page;
  page.begin = begin;
  page.end = std::min(total, begin + page_size);
  if (page.end < total) page.next_cursor = encode_cursor(page.end);
  return page;
}

}  // namespace ptmcp::server
