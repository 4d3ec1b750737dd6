#include "transport/http_client.h"

namespace mensajero::transport {

std::optional<std::string> HttpReply::header(std::string_view lower_case_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_case_name) {
      return value;
    }
  }
  return std::nullopt;
}

}  // namespace mensajero::transport
