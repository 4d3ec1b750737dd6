#include "monitoring/alert_condition.h"

#include <utility>

#include <array>
#include <cmath>
#include <optional>

#include "monitoring/alert_inputs.h"

namespace mensajero::monitoring {
namespace {

constexpr std::array<std::pair<std::string_view, AlertMetric>, 4> kMetrics = {{
    {"error_rate", AlertMetric::ErrorRate},
    {"circuit_breaker_state", AlertMetric::CircuitBreakerState},
    {"webhook_response_time", AlertMetric::WebhookResponseTime},
    {"message_delivery_rate", AlertMetric::MessageDeliveryRate},
}};

// Two-character operators first, so ">=" is not read as ">".
constexpr std::array<std::pair<std::string_view, Comparison>, 6> kComparisons = {{
    {">=", Comparison::GreaterOrEqual},
    {"<=", Comparison::LessOrEqual},
    {"!=", Comparison::NotEqual},
    {">", Comparison::Greater},
    {"<", Comparison::Less},
    {"=", Comparison::Equal},
}};

constexpr std::array<std::pair<std::string_view, double>, 3> kStates = {{
    {"OPEN", kBreakerOpen},
    {"HALF_OPEN", kBreakerHalfOpen},
    {"CLOSED", kBreakerClosed},
}};

struct DurationUnit {
  std::string_view singular;
  std::int64_t ms;
};
constexpr std::array<DurationUnit, 3> kDurationUnits = {{
    {"second", 1000},
    {"minute", 60'000},
    {"hour", 3'600'000},
}};

constexpr std::size_t kMaxNumberLength = 12;
constexpr std::size_t kMaxExcerpt = 24;

bool isWordByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// A bounded, printable-ASCII excerpt of what was found, for messages: the condition comes
// from the config file, but a message must never carry control bytes or a whole line.
std::string excerpt(std::string_view text) {
  std::string shown;
  for (char c : text.substr(0, kMaxExcerpt)) {
    shown += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  if (text.size() > kMaxExcerpt) shown += "...";
  return shown;
}

// A failed parse step: position (0-based) and message.
struct Failure {
  std::size_t at;
  std::string message;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  std::variant<AlertCondition, Failure> parse() {
    AlertCondition condition;
    if (auto failed = metric(condition)) return *failed;
    if (auto failed = comparison(condition)) return *failed;
    if (auto failed = value(condition)) return *failed;
    if (auto failed = forClause(condition)) return *failed;
    skipSpaces();
    if (pos_ < text_.size()) {
      return Failure{pos_, "unexpected '" + excerpt(word()) + "' after the condition"};
    }
    return condition;
  }

 private:
  void skipSpaces() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }

  // The word at pos_ (letters, digits, _), or the single byte there when it is none.
  std::string_view word() const {
    std::size_t end = pos_;
    while (end < text_.size() && isWordByte(text_[end])) ++end;
    if (end == pos_ && pos_ < text_.size()) ++end;
    return text_.substr(pos_, end - pos_);
  }

  std::string found() const {
    return pos_ < text_.size() ? "'" + excerpt(word()) + "'" : "the end";
  }

  std::optional<Failure> metric(AlertCondition& condition) {
    skipSpaces();
    const std::string_view name = word();
    for (const auto& [spelling, metric] : kMetrics) {
      if (name == spelling) {
        condition.metric = metric;
        pos_ += name.size();
        return std::nullopt;
      }
    }
    return Failure{pos_,
                   "expected a metric (error_rate, circuit_breaker_state, webhook_response_time, "
                   "message_delivery_rate), found " +
                       found()};
  }

  std::optional<Failure> comparison(AlertCondition& condition) {
    skipSpaces();
    for (const auto& [spelling, comparison] : kComparisons) {
      if (text_.substr(pos_).starts_with(spelling)) {
        condition.comparison = comparison;
        pos_ += spelling.size();
        return std::nullopt;
      }
    }
    return Failure{pos_, "expected a comparison (>, >=, <, <=, =, !=), found " + found()};
  }

  std::optional<Failure> value(AlertCondition& condition) {
    skipSpaces();
    if (condition.metric == AlertMetric::CircuitBreakerState) return state(condition);
    if (pos_ < text_.size() && (text_[pos_] == '\'' || text_[pos_] == '"')) {
      return Failure{
          pos_, std::string(toString(condition.metric)) + " takes a number, not a quoted state"};
    }
    const std::size_t start = pos_;
    std::size_t end = pos_;
    while (end < text_.size() && (isDigit(text_[end]) || text_[end] == '.')) ++end;
    const std::string_view number = text_.substr(start, end - start);
    auto parsed = parseNumber(number);
    if (!parsed) return Failure{start, "expected a number, found " + found()};
    pos_ = end;
    return unit(condition, *parsed, number);
  }

  static std::optional<double> parseNumber(std::string_view number) {
    if (number.empty() || number.size() > kMaxNumberLength || !isDigit(number.front()) ||
        !isDigit(number.back())) {
      return std::nullopt;
    }
    double value = 0;
    double scale = 0;  // 0 before the decimal point, then 0.1, 0.01, ...
    for (char c : number) {
      if (c == '.') {
        if (scale != 0) return std::nullopt;
        scale = 0.1;
      } else if (scale == 0) {
        value = value * 10 + (c - '0');
      } else {
        value += (c - '0') * scale;
        scale /= 10;
      }
    }
    return value;
  }

  std::optional<Failure> unit(AlertCondition& condition, double number, std::string_view written) {
    const std::size_t at = pos_;
    const bool ratio = condition.metric != AlertMetric::WebhookResponseTime;
    if (ratio) {
      if (pos_ >= text_.size() || text_[pos_] != '%') {
        return Failure{at, "expected % after " + std::string(written) + " (" +
                               std::string(toString(condition.metric)) + " is a percentage)"};
      }
      ++pos_;
      if (number > 100) return Failure{at, "a percentage is at most 100%"};
      condition.threshold = number / 100;
      condition.value_text = std::string(written) + "%";
      return std::nullopt;
    }
    const std::string_view unit = word();
    if (unit != "ms" && unit != "s") {
      return Failure{at, "expected a unit (ms, s) after " + std::string(written)};
    }
    pos_ += unit.size();
    condition.threshold = unit == "s" ? number * 1000 : number;
    if (condition.threshold > kMaxResponseTimeMs) {
      return Failure{at, "a response time is at most a day"};
    }
    condition.value_text = std::string(written) + std::string(unit);
    return std::nullopt;
  }

  std::optional<Failure> state(AlertCondition& condition) {
    if (condition.comparison != Comparison::Equal && condition.comparison != Comparison::NotEqual) {
      return Failure{pos_, "circuit_breaker_state compares with = or != only"};
    }
    if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"')) {
      return Failure{pos_,
                     "expected a quoted state ('OPEN', 'HALF_OPEN', 'CLOSED'), found " + found()};
    }
    const char quote = text_[pos_];
    const std::size_t close = text_.find(quote, pos_ + 1);
    if (close == std::string_view::npos) return Failure{pos_, "unterminated quote"};
    const std::string_view name = text_.substr(pos_ + 1, close - pos_ - 1);
    for (const auto& [spelling, code] : kStates) {
      if (name == spelling) {
        condition.threshold = code;
        condition.value_text = "'" + std::string(spelling) + "'";
        pos_ = close + 1;
        return std::nullopt;
      }
    }
    return Failure{pos_ + 1, "expected OPEN, HALF_OPEN or CLOSED, found '" + excerpt(name) + "'"};
  }

  std::optional<Failure> forClause(AlertCondition& condition) {
    skipSpaces();
    if (pos_ >= text_.size()) return std::nullopt;
    if (word() != "for") return Failure{pos_, "expected 'for' or the end, found " + found()};
    pos_ += 3;
    skipSpaces();
    const std::size_t number_at = pos_;
    std::size_t end = pos_;
    while (end < text_.size() && isDigit(text_[end])) ++end;
    const std::string_view digits = text_.substr(pos_, end - pos_);
    if (digits.empty() || digits.size() > 6) {
      return Failure{pos_, "expected a whole number after 'for', found " + found()};
    }
    std::int64_t count = 0;
    for (char c : digits) count = count * 10 + (c - '0');
    if (count < 1) return Failure{number_at, "a duration is at least 1"};
    pos_ = end;
    skipSpaces();
    return durationUnit(condition, count, number_at);
  }

  std::optional<Failure> durationUnit(AlertCondition& condition, std::int64_t count,
                                      std::size_t number_at) {
    const std::string_view unit = word();
    for (const DurationUnit& known : kDurationUnits) {
      const bool singular = unit == known.singular;
      const bool plural = unit.size() == known.singular.size() + 1 &&
                          unit.starts_with(known.singular) && unit.back() == 's';
      if (!singular && !plural) continue;
      if (count > kMaxForMs / known.ms) return Failure{number_at, "a duration is at most a day"};
      pos_ += unit.size();
      condition.for_ms = count * known.ms;
      condition.for_text =
          std::to_string(count) + " " + std::string(known.singular) + (count == 1 ? "" : "s");
      return std::nullopt;
    }
    return Failure{pos_, "expected a unit (seconds, minutes, hours), found " + found()};
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

std::string_view toString(AlertMetric metric) {
  for (const auto& [spelling, known] : kMetrics) {
    if (known == metric) return spelling;
  }
  return "error_rate";
}

std::string_view toString(Comparison comparison) {
  for (const auto& [spelling, known] : kComparisons) {
    if (known == comparison) return spelling;
  }
  return ">";
}

std::variant<AlertCondition, ConditionError> parseAlertCondition(std::string_view text) {
  if (text.size() > kMaxConditionLength) {
    return ConditionError{kMaxConditionLength + 1,
                          "longer than " + std::to_string(kMaxConditionLength) + " characters"};
  }
  auto parsed = Parser(text).parse();
  if (auto* failure = std::get_if<Failure>(&parsed)) {
    return ConditionError{failure->at + 1, std::move(failure->message)};
  }
  return std::get<AlertCondition>(std::move(parsed));
}

std::int64_t alertWindowMs(const AlertCondition& condition) {
  constexpr std::int64_t kMinute = 60'000;
  switch (condition.metric) {
    case AlertMetric::ErrorRate:
    case AlertMetric::WebhookResponseTime:
      return kMinute;
    case AlertMetric::MessageDeliveryRate:
      return condition.for_ms > 0 ? condition.for_ms : 5 * kMinute;
    case AlertMetric::CircuitBreakerState:
      return 0;
  }
  return kMinute;
}

bool conditionHolds(const AlertCondition& condition, double value) {
  if (std::isnan(value)) return false;
  const double threshold = condition.threshold;
  switch (condition.comparison) {
    case Comparison::Greater:
      return value > threshold;
    case Comparison::GreaterOrEqual:
      return value >= threshold;
    case Comparison::Less:
      return value < threshold;
    case Comparison::LessOrEqual:
      return value <= threshold;
    case Comparison::Equal:
      return value == threshold;
    case Comparison::NotEqual:
      return value != threshold;
  }
  return false;
}

}  // namespace mensajero::monitoring
