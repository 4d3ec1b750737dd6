#include "channels/twilio/form_encoding.h"

namespace mensajero::channels::twilio {
namespace {

bool isUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Error invalidForm(const char* code, std::string message) {
  return makeError(ErrorCategory::Invalid, code, std::move(message));
}

}  // namespace

std::string percentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (isUnreserved(c)) {
      out.push_back(ch);
    } else {
      out += {'%', kHex[c >> 4], kHex[c & 0x0F]};
    }
  }
  return out;
}

std::string encodeForm(const FormFields& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out.push_back('&');
    out += percentEncode(name);
    out.push_back('=');
    out += percentEncode(value);
  }
  return out;
}

Result<std::string> percentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c != '%') {
      out.push_back(c);
    } else {
      const int high = i + 1 < text.size() ? hexValue(text[i + 1]) : -1;
      const int low = i + 2 < text.size() ? hexValue(text[i + 2]) : -1;
      if (high < 0 || low < 0) {
        return invalidForm("malformed_form", "a '%' is not followed by two hex digits");
      }
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    }
  }
  return out;
}

Result<FormFields> decodeForm(std::string_view body, const FormLimits& limits) {
  if (body.size() > limits.max_body_bytes) {
    return invalidForm("form_too_large",
                       "the form body is over " + std::to_string(limits.max_body_bytes) + " bytes");
  }
  FormFields fields;
  while (!body.empty()) {
    const std::size_t end = body.find('&');
    const std::string_view piece = body.substr(0, end);
    body = end == std::string_view::npos ? std::string_view() : body.substr(end + 1);
    if (piece.empty()) continue;
    if (fields.size() == limits.max_fields) {
      return invalidForm("too_many_form_fields",
                         "the form has over " + std::to_string(limits.max_fields) + " fields");
    }
    const std::size_t equals = piece.find('=');
    auto name = percentDecode(piece.substr(0, equals));
    if (!name) return name.error();
    auto value = percentDecode(equals == std::string_view::npos ? std::string_view()
                                                                : piece.substr(equals + 1));
    if (!value) return value.error();
    if (name->size() > limits.max_name_bytes) {
      return invalidForm(
          "form_name_too_long",
          "a form field name is over " + std::to_string(limits.max_name_bytes) + " bytes");
    }
    if (value->size() > limits.max_value_bytes) {
      return invalidForm(
          "form_value_too_long",
          "a form field value is over " + std::to_string(limits.max_value_bytes) + " bytes");
    }
    fields.emplace_back(std::move(*name), std::move(*value));
  }
  return fields;
}

}  // namespace mensajero::channels::twilio
