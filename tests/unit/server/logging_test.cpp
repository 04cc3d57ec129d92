#include "server/logging.h"

#include <gtest/gtest.h>

namespace ptmcp::server {
namespace {

TEST(Logging, ControlCharactersAreEscapedSoNoLineCanBeForged) {
  EXPECT_EQ(escape_control("plain text, é and ✓"), "plain text, é and ✓");
  EXPECT_EQ(escape_control("evil\n2026-12-01T00:00:00.000 info session started"),
            "evil\\n2026-12-01T00:00:00.000 info session started");
  EXPECT_EQ(escape_control("a\rb\tc"), "a\\rb\\tc");
  EXPECT_EQ(escape_control("\x1b[31mred\x1b[0m"), "\\x1b[31mred\\x1b[0m");
  EXPECT_EQ(escape_control(std::string("nul\0end", 7)), "nul\\x00end");
  EXPECT_EQ(escape_control("del\x7f"), "del\\x7f");
  EXPECT_EQ(escape_control("csi\xc2\x9b"
                           "31m"),
            "csi\\u009b31m");                                 // C1 control in UTF-8
  EXPECT_EQ(escape_control("\xc2\xa0nbsp"), "\xc2\xa0nbsp");  // U+00A0 is no control
}

}  // namespace
}  // namespace ptmcp::server
