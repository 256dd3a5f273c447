#pragma once
// Beast 1.74 takes boost::string_view where the rest of serve has std::string_view.

#include <boost/utility/string_view.hpp>
#include <string_view>

namespace reslab {

inline boost::string_view bsv(std::string_view s)
{
    return {s.data(), s.size()};
}

} // namespace reslab
