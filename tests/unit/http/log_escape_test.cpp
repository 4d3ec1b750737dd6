// Issue 8 item 14: a decoded "%0d%0a" in a path must not start a forged log line.
#include "http/log_escape.h"

#include <gtest/gtest.h>

namespace mensajero::http {
namespace {

TEST(LogEscapeTest, PrintableAsciiAndUtf8PassUnchanged) {
  EXPECT_EQ(escapeForLog("/api/v2/conversations/c-1"), "/api/v2/conversations/c-1");
  EXPECT_EQ(escapeForLog("/cl\xc3\xadnica/\xe2\x82\xac/\xf0\x9f\x98\x80"),
            "/cl\xc3\xadnica/\xe2\x82\xac/\xf0\x9f\x98\x80");
}

TEST(LogEscapeTest, Issue8LineBreaksAndControlsAreEscaped) {
  EXPECT_EQ(escapeForLog("/x\r\nINFO forged"), "/x\\x0d\\x0aINFO forged");
  EXPECT_EQ(escapeForLog(std::string_view("a\0b\x1b[31m\x7f", 9)), "a\\x00b\\x1b[31m\\x7f");
}

TEST(LogEscapeTest, BackslashIsEscapedSoEscapesStayUnambiguous) {
  EXPECT_EQ(escapeForLog("\\x0a"), "\\\\x0a");
}

TEST(LogEscapeTest, InvalidUtf8BytesAreEscapedOneByOne) {
  EXPECT_EQ(escapeForLog("\xff"), "\\xff");
  EXPECT_EQ(escapeForLog("\xc3"), "\\xc3");                             // truncated
  EXPECT_EQ(escapeForLog("\xc0\xaf"), "\\xc0\\xaf");                    // overlong '/'
  EXPECT_EQ(escapeForLog("\xed\xa0\x80"), "\\xed\\xa0\\x80");           // surrogate
  EXPECT_EQ(escapeForLog("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // past U+10FFFF
  EXPECT_EQ(escapeForLog("\xe2\x82"
                         "a"),
            "\\xe2\\x82a");  // the next byte starts over
}

TEST(LogEscapeTest, InvisibleLineBreakingCharactersAreEscaped) {
  EXPECT_EQ(escapeForLog("\xc2\x85"), "\\xc2\\x85");           // NEL (C1)
  EXPECT_EQ(escapeForLog("\xe2\x80\xa8"), "\\xe2\\x80\\xa8");  // LINE SEPARATOR
  EXPECT_EQ(escapeForLog("\xc2\xa0"), "\xc2\xa0");             // no-break space is text
}

}  // namespace
}  // namespace mensajero::http
