#include "channels/meta/meta_errors.h"

#include <array>

namespace mensajero::channels::meta {
namespace {

// The "Class" column of shared/reference/providers.md §1.3, kept in its own vocabulary so the
// table below can be checked against the document line by line.
enum class MetaClass {
  Retry,              // R: retry with backoff
  RecipientWait,      // W: back off for this recipient only
  Fallback,           // F: another channel may deliver
  Permanent,          // P: never
  Config,             // C: configuration fault; another channel may still work
  ConfigFallback,     // C+F
  RetryThenFallback,  // R (bounded), then F: the retry budget decides when to fall back
};

struct CodeRange {
  int first;
  int last;
  MetaClass meta_class;
};

constexpr std::array kTable = {
    CodeRange{0, 0, MetaClass::Config},
    CodeRange{190, 190, MetaClass::Config},
    CodeRange{3, 3, MetaClass::Config},
    CodeRange{10, 10, MetaClass::Config},
    CodeRange{200, 299, MetaClass::Config},
    CodeRange{131005, 131005, MetaClass::Config},
    CodeRange{4, 4, MetaClass::Retry},
    CodeRange{80007, 80007, MetaClass::Retry},
    CodeRange{130429, 130429, MetaClass::Retry},
    CodeRange{131056, 131056, MetaClass::RecipientWait},
    CodeRange{131057, 131057, MetaClass::Retry},
    CodeRange{131048, 131048, MetaClass::ConfigFallback},
    CodeRange{368, 368, MetaClass::Config},
    CodeRange{131031, 131031, MetaClass::Config},
    CodeRange{1, 2, MetaClass::Retry},
    CodeRange{131016, 131016, MetaClass::Retry},
    CodeRange{133004, 133004, MetaClass::Retry},
    CodeRange{131000, 131000, MetaClass::RetryThenFallback},
    CodeRange{100, 100, MetaClass::Permanent},
    CodeRange{131008, 131009, MetaClass::Permanent},
    CodeRange{131021, 131021, MetaClass::Permanent},
    CodeRange{131026, 131026, MetaClass::Fallback},
    CodeRange{131030, 131030, MetaClass::Config},
    CodeRange{131042, 131042, MetaClass::Config},
    CodeRange{131045, 131045, MetaClass::Config},
    CodeRange{131047, 131047, MetaClass::Fallback},
    CodeRange{131049, 131049, MetaClass::Fallback},
    CodeRange{131050, 131050, MetaClass::Permanent},
    CodeRange{130472, 130472, MetaClass::Fallback},
    CodeRange{131051, 131053, MetaClass::Permanent},
    CodeRange{132000, 132000, MetaClass::Permanent},
    CodeRange{132005, 132005, MetaClass::Permanent},
    CodeRange{132007, 132007, MetaClass::Permanent},
    CodeRange{132012, 132012, MetaClass::Permanent},
    CodeRange{132001, 132001, MetaClass::Config},
    CodeRange{132015, 132016, MetaClass::ConfigFallback},
    CodeRange{133010, 133010, MetaClass::Config},
    CodeRange{135000, 135000, MetaClass::Permanent},
};

ErrorCategory categoryOf(MetaClass meta_class) {
  switch (meta_class) {
    case MetaClass::Retry:
    case MetaClass::RecipientWait:
    case MetaClass::RetryThenFallback:
      return ErrorCategory::Retryable;
    case MetaClass::Fallback:
    case MetaClass::Config:
    case MetaClass::ConfigFallback:
      return ErrorCategory::Fallback;
    case MetaClass::Permanent:
      return ErrorCategory::Permanent;
  }
  return ErrorCategory::Permanent;
}

}  // namespace

Error classifyMetaError(long http_status, int meta_code, std::string message) {
  ErrorCategory category = http_status >= 500 ? ErrorCategory::Retryable : ErrorCategory::Permanent;
  for (const CodeRange& range : kTable) {
    if (meta_code >= range.first && meta_code <= range.last) {
      category = categoryOf(range.meta_class);
      break;
    }
  }
  return makeError(category, "meta_" + std::to_string(meta_code), std::move(message));
}

}  // namespace mensajero::channels::meta
