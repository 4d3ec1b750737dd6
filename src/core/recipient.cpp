#include "core/recipient.h"

#include <algorithm>
#include <cctype>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

namespace mensajero::core {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

Error invalidRecipient(const char* why) {
  // The number itself stays out of the message: it is PHI.
  return makeError(ErrorCategory::Invalid, "invalid_recipient", why);
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Result<std::string> normalizePhone(std::string_view input, std::string_view default_region) {
  // libphonenumber only knows upper-case region codes ("MX", not "mx").
  std::string region(default_region);
  std::transform(region.begin(), region.end(), region.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  // GetInstance() is a thread-safe singleton, and Parse/IsValidNumber/Format are const.
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  if (util.Parse(std::string(input), region, &number) != PhoneNumberUtil::NO_PARSING_ERROR) {
    return invalidRecipient("recipient is not a phone number");
  }
  if (!util.IsValidNumber(number)) {
    return invalidRecipient("recipient is not a valid phone number");
  }
  std::string e164;
  util.Format(number, PhoneNumberUtil::E164, &e164);
  return e164;
}

std::string whatsappKey(std::string_view e164_or_wa_id) {
  std::string digits;
  std::copy_if(e164_or_wa_id.begin(), e164_or_wa_id.end(), std::back_inserter(digits), isDigit);
  if (digits.empty()) {
    return {};
  }
  // Mexico: wa_ids keep the mobile "1" that was dropped from dialling in 2019. No Mexican
  // area code starts with 1, so "521" + 10 digits is always the old mobile form.
  if (digits.size() == 13 && digits.starts_with("521")) {
    digits.erase(2, 1);
  }
  // Brazil: wa_ids of older accounts lack the ninth digit that mobile numbers gained; a
  // subscriber part of 8 digits starting 6-9 is such a mobile.
  if (digits.size() == 12 && digits.starts_with("55") && digits[4] >= '6') {
    digits.insert(4, 1, '9');
  }
  return "+" + digits;
}

}  // namespace mensajero::core
