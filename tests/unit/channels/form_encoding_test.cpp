#include "channels/twilio/form_encoding.h"

#include <gtest/gtest.h>

namespace mensajero::channels::twilio {
namespace {

TEST(FormEncodingTest, EncodesEverythingButUnreserved) {
  EXPECT_EQ(percentEncode("whatsapp:+1 a~b_c.d-e/ñ"), "whatsapp%3A%2B1%20a~b_c.d-e%2F%C3%B1");
  EXPECT_EQ(encodeForm({{"To", "+1"}, {"Body", "a&b=c"}}), "To=%2B1&Body=a%26b%3Dc");
}

TEST(FormEncodingTest, DecodesPlusPercentRepeatsAndEmptyValues) {
  auto form = decodeForm("Body=Hola+se%C3%B1or&ToCity=&Digits=1&Digits=2&&Flag");
  ASSERT_TRUE(form.ok()) << form.error().message;
  const FormFields expected = {
      {"Body", "Hola señor"}, {"ToCity", ""}, {"Digits", "1"}, {"Digits", "2"}, {"Flag", ""}};
  EXPECT_EQ(*form, expected);
}

TEST(FormEncodingTest, RoundTrips) {
  const FormFields fields = {{"A b", "c+d&e=f%"}, {"ñ", "\xF0\x9F\x98\x80"}};
  EXPECT_EQ(decodeForm(encodeForm(fields)).value(), fields);
}

TEST(FormEncodingTest, MalformedEscapeIsRefused) {
  for (const char* bad : {"a=%", "a=%4", "a=%zz", "%G1=x"}) {
    auto form = decodeForm(bad);
    ASSERT_FALSE(form.ok()) << bad;
    EXPECT_EQ(form.error().code, "malformed_form");
  }
}

TEST(FormEncodingTest, BoundsAreEnforced) {
  FormLimits limits;
  limits.max_body_bytes = 20;
  limits.max_fields = 2;
  limits.max_name_bytes = 4;
  limits.max_value_bytes = 3;
  EXPECT_EQ(decodeForm(std::string(21, 'a'), limits).error().code, "form_too_large");
  EXPECT_EQ(decodeForm("a=1&b=2&c=3", limits).error().code, "too_many_form_fields");
  EXPECT_EQ(decodeForm("abcde=1", limits).error().code, "form_name_too_long");
  EXPECT_EQ(decodeForm("a=%41%41%41%41", limits).error().code, "form_value_too_long");
  EXPECT_TRUE(decodeForm("a=%41%41%41&b=2", limits).ok());  // decoded length counts
}

TEST(FormEncodingTest, ErrorsNeverQuoteTheContent) {
  FormLimits limits;
  limits.max_value_bytes = 3;
  EXPECT_EQ(decodeForm("a=secret", limits).error().message.find("secret"), std::string::npos);
}

}  // namespace
}  // namespace mensajero::channels::twilio
