#include "core/templates/template_validation.h"

#include <algorithm>
#include <string>
#include <vector>

#include "core/templates/template_placeholders.h"
#include "core/utf8.h"

namespace mensajero::core::templates {
namespace {

Error invalid(const char* code, std::string message) {
  return makeError(ErrorCategory::Invalid, code, std::move(message));
}

bool isLower(char c) { return c >= 'a' && c <= 'z'; }
bool isUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Every parameter has one non-empty example and no example is for another parameter.
Status checkExamples(const std::vector<std::string>& names,
                     const std::vector<ParameterExample>& examples, const char* where) {
  for (const std::string& name : names) {
    auto count = std::count_if(examples.begin(), examples.end(),
                               [&name](const ParameterExample& e) { return e.name == name; });
    if (count != 1) {
      return invalid("template_example_missing",
                     std::string(where) + " parameter {{" + name + "}} needs one example");
    }
  }
  for (const ParameterExample& example : examples) {
    if (std::find(names.begin(), names.end(), example.name) == names.end()) {
      return invalid("template_example_unknown", std::string(where) + " has an example for {{" +
                                                     example.name + "}}, which it does not use");
    }
    if (example.value.empty() || utf8Length(example.value) > kMaxExampleLength) {
      return invalid("template_example_missing", std::string(where) + " example for {{" +
                                                     example.name + "}} is empty or too long");
    }
  }
  return {};
}

Status checkFormat(const std::vector<Placeholder>& placeholders, ParameterFormat format) {
  for (const Placeholder& placeholder : placeholders) {
    if (placeholder.positional != (format == ParameterFormat::Positional)) {
      return invalid("template_parameter_format_mixed", "parameters must all be " +
                                                            std::string(toText(format)) +
                                                            " ({{1}} or {{name}}, never both)");
    }
  }
  return {};
}

// {{1}}..{{n}}: the distinct numbers are exactly 1..n (a number may repeat).
Status checkNumbering(const std::vector<std::string>& names) {
  std::vector<int> numbers;
  for (const std::string& name : names) numbers.push_back(std::stoi(name));
  std::sort(numbers.begin(), numbers.end());
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    if (numbers[i] != static_cast<int>(i) + 1) {
      return invalid("template_parameter_numbering",
                     "positional parameters are numbered {{1}}, {{2}}, ... without gaps");
    }
  }
  return {};
}

Status checkBody(const TemplateContent& content) {
  const std::string& text = content.body.text;
  if (text.empty()) return invalid("template_body_missing", "body.text is required");
  if (utf8Length(text) > kMaxBodyLength) {
    return invalid("template_body_too_long", "body.text is longer than 1024 characters");
  }
  auto placeholders = findPlaceholders(text);
  if (!placeholders) return placeholders.error();
  if (Status format = checkFormat(*placeholders, content.parameter_format); !format) return format;
  std::vector<std::string> names = distinctNames(*placeholders);
  if (content.parameter_format == ParameterFormat::Positional) {
    if (Status numbered = checkNumbering(names); !numbered) return numbered;
  }
  for (std::size_t i = 1; i < placeholders->size(); ++i) {
    if ((*placeholders)[i].begin == (*placeholders)[i - 1].end) {
      return invalid("template_parameters_adjacent",
                     "two parameters may not follow each other without text between them");
    }
  }
  if (!placeholders->empty() &&
      (placeholders->front().begin == 0 || placeholders->back().end == text.size())) {
    return invalid("template_parameter_at_edge", "the body may not start or end with a parameter");
  }
  if (names.size() > kMaxBodyParameters) {
    return invalid("template_too_many_parameters", "the body has more than 100 parameters");
  }
  return checkExamples(names, content.body.examples, "body");
}

Status checkHeader(const TemplateContent& content) {
  const TemplateHeader& header = content.header;
  if (header.format != HeaderFormat::Text) {
    if (!header.text.empty() || !header.examples.empty()) {
      return invalid("template_header_invalid", "only a text header has text");
    }
    if (utf8Length(header.media_example) > kMaxUrlLength) {
      return invalid("template_header_invalid", "header example is too long");
    }
    return {};
  }
  if (header.text.empty()) return invalid("template_header_invalid", "header.text is required");
  if (utf8Length(header.text) > kMaxHeaderTextLength) {
    return invalid("template_header_too_long", "header.text is longer than 60 characters");
  }
  auto placeholders = findPlaceholders(header.text);
  if (!placeholders) return placeholders.error();
  if (Status format = checkFormat(*placeholders, content.parameter_format); !format) return format;
  std::vector<std::string> names = distinctNames(*placeholders);
  if (placeholders->size() > 1) {
    return invalid("template_header_too_many_parameters", "a header has at most one parameter");
  }
  if (content.parameter_format == ParameterFormat::Positional) {
    if (Status numbered = checkNumbering(names); !numbered) return numbered;
  }
  return checkExamples(names, header.examples, "header");
}

Status checkFooter(const std::string& footer) {
  if (utf8Length(footer) > kMaxFooterLength) {
    return invalid("template_footer_too_long", "footer is longer than 60 characters");
  }
  if (footer.find("{{") != std::string::npos) {
    return invalid("template_footer_has_parameters", "a footer has no parameters");
  }
  return {};
}

bool isHttpUrl(std::string_view url) {
  return url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
}

Status checkUrlButton(const TemplateButton& button) {
  if (!isHttpUrl(button.url) || utf8Length(button.url) > kMaxUrlLength) {
    return invalid("template_button_url_invalid", "a URL button needs an http(s) URL");
  }
  auto placeholders = findPlaceholders(button.url);
  if (!placeholders) return placeholders.error();
  if (placeholders->empty()) return {};
  if (placeholders->size() > 1 || placeholders->front().name != "1" ||
      placeholders->front().end != button.url.size()) {
    return invalid("template_button_url_invalid",
                   "a URL button has at most one parameter, {{1}}, at the end of its URL");
  }
  if (button.url_example.empty() || utf8Length(button.url_example) > kMaxUrlLength) {
    return invalid("template_example_missing", "the URL button's parameter needs an example");
  }
  return {};
}

bool isE164(std::string_view phone) {
  if (phone.size() < 8 || phone.size() > 16 || phone[0] != '+' || phone[1] == '0') return false;
  return std::all_of(phone.begin() + 1, phone.end(), isDigit);
}

Status checkButton(const TemplateButton& button) {
  if (button.text.empty()) return invalid("template_button_text_missing", "a button needs text");
  if (utf8Length(button.text) > kMaxButtonTextLength) {
    return invalid("template_button_text_too_long", "button text is longer than 25 characters");
  }
  if (button.text.find("{{") != std::string::npos) {
    return invalid("template_parameter_malformed", "button text has no parameters");
  }
  if (button.type == ButtonType::Url) return checkUrlButton(button);
  if (button.type == ButtonType::PhoneNumber && !isE164(button.phone_number)) {
    return invalid("template_button_phone_invalid", "a phone button needs an E.164 number");
  }
  return {};
}

Status checkButtons(const std::vector<TemplateButton>& buttons) {
  if (buttons.size() > kMaxButtons) {
    return invalid("template_too_many_buttons", "a template has at most 10 buttons");
  }
  auto count = [&buttons](ButtonType type) {
    return static_cast<std::size_t>(
        std::count_if(buttons.begin(), buttons.end(),
                      [type](const TemplateButton& b) { return b.type == type; }));
  };
  if (count(ButtonType::Url) > kMaxUrlButtons) {
    return invalid("template_too_many_url_buttons", "a template has at most 2 URL buttons");
  }
  if (count(ButtonType::PhoneNumber) > kMaxPhoneButtons) {
    return invalid("template_too_many_phone_buttons", "a template has at most 1 phone button");
  }
  for (const TemplateButton& button : buttons) {
    if (Status ok = checkButton(button); !ok) return ok;
  }
  return {};
}

}  // namespace

Status validateTemplateName(std::string_view name) {
  bool charset = std::all_of(name.begin(), name.end(),
                             [](char c) { return isLower(c) || isDigit(c) || c == '_'; });
  if (name.empty() || name.size() > kMaxNameLength || !charset) {
    return invalid("template_name_invalid",
                   "name is 1 to 512 characters of lower-case letters, digits and '_'");
  }
  return {};
}

// NOTE: the shape only ("ll", "lll", "ll_CC"); whether Meta offers that language is Meta's.
Status validateTemplateLanguage(std::string_view language) {
  std::string_view base = language.substr(0, language.find('_'));
  bool base_ok =
      (base.size() == 2 || base.size() == 3) && std::all_of(base.begin(), base.end(), isLower);
  bool region_ok = true;
  if (base.size() < language.size()) {
    std::string_view region = language.substr(base.size() + 1);
    region_ok = region.size() == 2 && std::all_of(region.begin(), region.end(), isUpper);
  }
  if (!base_ok || !region_ok) {
    return invalid("template_language_invalid", "language is a code like \"es\" or \"es_MX\"");
  }
  return {};
}

Status validateTemplateContent(const TemplateContent& content) {
  if (Status body = checkBody(content); !body) return body;
  if (Status header = checkHeader(content); !header) return header;
  if (Status footer = checkFooter(content.footer); !footer) return footer;
  return checkButtons(content.buttons);
}

Status validateTemplate(const TemplateDefinition& definition) {
  if (Status name = validateTemplateName(definition.name); !name) return name;
  if (Status language = validateTemplateLanguage(definition.language); !language) return language;
  return validateTemplateContent(definition.content);
}

}  // namespace mensajero::core::templates
