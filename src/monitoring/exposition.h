#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "monitoring/metrics_registry.h"

// The Prometheus text exposition format, version 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/).
namespace mensajero::monitoring {

inline constexpr std::string_view kExpositionContentType =
    "text/plain; version=0.0.4; charset=utf-8";

// "# HELP" text: backslash and line feed escaped.
std::string escapeHelp(std::string_view text);
// A label value: backslash, double quote and line feed escaped.
std::string escapeLabelValue(std::string_view value);
// A sample value: shortest round-trip decimal, "+Inf", "-Inf" or "NaN".
std::string formatValue(double value);

// Every family with its HELP and TYPE lines; histograms as _bucket (with le, +Inf last),
// _sum and _count. A family without series has its HELP and TYPE lines only.
std::string renderText(const std::vector<FamilySnapshot>& families);

}  // namespace mensajero::monitoring
