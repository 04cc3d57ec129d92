#include "server/pagination.h"

#include <gtest/gtest.h>

namespace ptmcp::server {
namespace {

TEST(Pagination, FirstPageAndCursor) {
  auto page = page_for(nullptr, 5, 2);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->begin, 0u);
  EXPECT_EQ(page->end, 2u);
  ASSERT_TRUE(page->next_cursor);
  auto second = page_for(*page->next_cursor, 5, 2);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->begin, 2u);
  EXPECT_EQ(second->end, 4u);
  auto last = page_for(*second->next_cursor, 5, 2);
  ASSERT_TRUE(last);
  EXPECT_EQ(last->end, 5u);
  EXPECT_FALSE(last->next_cursor);
}

TEST(Pagination, EmptyListHasOnePage) {
  auto page = page_for(nullptr, 0, 10);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->end, 0u);
  EXPECT_FALSE(page->next_cursor);
}

TEST(Pagination, RefusesCursorsItDidNotIssue) {
  EXPECT_FALSE(page_for("garbage", 5, 2));
  EXPECT_FALSE(page_for(3, 5, 2));
  EXPECT_FALSE(page_for(encode_cursor(9), 5, 2));  // past the end
  EXPECT_FALSE(page_for(encode_cursor(0), 5, 2));  // never issued: page one has no cursor
  EXPECT_FALSE(page_for("page-2x", 5, 2));
  EXPECT_FALSE(page_for("page-", 5, 2));
}

}  // namespace
}  // namespace ptmcp::server
