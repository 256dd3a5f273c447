#include "policy/outlier_detection_fields.h"

#include <cmath>

namespace reslab {

std::optional<double> OutlierDetectionField::get(const OutlierDetectionSpec& s) const
{
    return std::visit(
        [&](auto m) -> std::optional<double> {
            const auto& v = s.*m;
            if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::optional<double>>)
                return v;
            else
                return static_cast<double>(v);
        },
        member);
}

void OutlierDetectionField::set(OutlierDetectionSpec& s, double v) const
{
    std::visit(
        [&](auto m) {
            auto& field = s.*m;
            using T = std::decay_t<decltype(field)>;
            if constexpr (std::is_same_v<T, std::optional<double>> || std::is_same_v<T, double>)
                field = v;
            else if constexpr (std::is_same_v<T, bool>)
                field = v != 0.0;
            else
                field = static_cast<int>(std::lround(v));
        },
        member);
}

} // namespace reslab
