#include "monitoring/exposition.h"

#include <charconv>
#include <cmath>

namespace mensajero::monitoring {

std::string escapeHelp(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string escapeLabelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string formatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (ec != std::errc{}) return "NaN";
  return std::string(buffer, end);
}

namespace {

// {a="x",b="y"} plus an optional extra label (le); "" when there are no labels at all.
std::string labelText(const std::vector<std::string>& names, const LabelValues& values,
                      std::string_view extra_name = {}, std::string_view extra_value = {}) {
  if (names.empty() && extra_name.empty()) return {};
  std::string out = "{";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ',';
    out += names[i];
    out += "=\"";
    out += escapeLabelValue(i < values.size() ? values[i] : std::string());
    out += '"';
  }
  if (!extra_name.empty()) {
    if (!names.empty()) out += ',';
    out += extra_name;
    out += "=\"";
    out += extra_value;
    out += '"';
  }
  out += '}';
  return out;
}

void renderHistogram(std::string& out, const FamilySnapshot& family,
                     const FamilySnapshot::Sample& sample) {
  const Histogram::Snapshot& h = sample.histogram;
  for (std::size_t i = 0; i < h.cumulative.size(); ++i) {
    const std::string le = i < h.bounds.size() ? formatValue(h.bounds[i]) : "+Inf";
    out += family.name + "_bucket" + labelText(family.label_names, sample.labels, "le", le);
    out += ' ' + std::to_string(h.cumulative[i]) + '\n';
  }
  const std::string labels = labelText(family.label_names, sample.labels);
  out += family.name + "_sum" + labels + ' ' + formatValue(h.sum) + '\n';
  const std::uint64_t count = h.cumulative.empty() ? 0 : h.cumulative.back();
  out += family.name + "_count" + labels + ' ' + std::to_string(count) + '\n';
}

}  // namespace

std::string renderText(const std::vector<FamilySnapshot>& families) {
  std::string out;
  for (const FamilySnapshot& family : families) {
    out += "# HELP " + family.name + ' ' + escapeHelp(family.help) + '\n';
    out += "# TYPE " + family.name + ' ' + std::string(toText(family.type)) + '\n';
    for (const auto& sample : family.samples) {
      if (family.type == MetricType::Histogram) {
        renderHistogram(out, family, sample);
        continue;
      }
      out += family.name + labelText(family.label_names, sample.labels) + ' ' +
             formatValue(sample.value) + '\n';
    }
  }
  return out;
}

}  // namespace mensajero::monitoring
