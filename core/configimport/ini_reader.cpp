#include "configimport/ini_reader.h"

#include <cctype>
#include <map>
#include <set>

namespace reslab {

const IniValue* IniSection::find(const std::string& key) const
{
    for (const auto& [k, v] : values)
        if (k == key) return &v;
    return nullptr;
}

namespace {

std::string trim(std::string_view t)
{
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front())))
        t.remove_prefix(1);
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back())))
        t.remove_suffix(1);
    return std::string(t);
}

std::string lower(std::string s)
{
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

} // namespace

bool readIni(const std::string& file, const QByteArray& bytes, std::vector<IniSection>& out,
             ConfigProblems& problems)
{
    std::string_view text(bytes.constData(), std::size_t(bytes.size()));
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    if (text.find('\0') != std::string_view::npos) {
        problems.push_back({file, 0, 0, "a NUL byte: not a text file"});
        return false;
    }
    IniValue* continuing = nullptr; // the value an indented line continues
    // Indexes, so a file of many sections or keys is read in one pass, not in quadratic time.
    std::map<std::string, int> sectionLines; // name → its header's line
    std::set<std::string> keysOfSection;
    std::size_t keys = 0;
    int lineNumber = 0;
    std::size_t start = 0;
    const std::size_t firstSection = out.size();
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++lineNumber;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const std::string content = trim(line);
        const SourcePlace place{file, lineNumber, 1};
        if (content.empty() || content.front() == '#' || content.front() == ';') {
            if (end == text.size()) break;
            continue; // a blank line or a comment (a blank line does not end a continued value
                      // in RawConfigParser either, unless the next line is not indented)
        }
        const bool indented = std::isspace(static_cast<unsigned char>(line.front()));
        if (indented && continuing) {
            continuing->value += (continuing->value.empty() ? "" : "\n") + content;
        } else if (content.front() == '[') {
            continuing = nullptr;
            if (content.back() != ']') {
                problems.push_back(
                    problemAt(place, "a section header without its ']': " + content));
                return false;
            }
            const std::string name = trim(content.substr(1, content.size() - 2));
            if (const auto earlier = sectionLines.find(name); earlier != sectionLines.end()) {
                problems.push_back(problemAt(place, "section [" + name +
                                                        "] given twice (first at line " +
                                                        std::to_string(earlier->second) + ")"));
                return false;
            }
            sectionLines.emplace(name, lineNumber);
            keysOfSection.clear();
            out.push_back(IniSection{name, place, {}});
        } else {
            const std::size_t delimiter = content.find_first_of("=:");
            if (delimiter == std::string::npos || delimiter == 0) {
                problems.push_back(
                    problemAt(place, "not a section header, a \"key = value\" line or a comment: " +
                                         content));
                return false;
            }
            if (out.size() == firstSection) {
                problems.push_back(problemAt(place, "a setting before any [section] header"));
                return false;
            }
            const std::string key = lower(trim(content.substr(0, delimiter)));
            IniSection& section = out.back();
            if (++keys > kMaxConfigProperties) {
                problems.push_back(problemAt(place, "more than " +
                                                        std::to_string(kMaxConfigProperties) +
                                                        " keys: not a configuration"));
                return false;
            }
            if (!keysOfSection.insert(key).second) {
                const IniValue* earlier = section.find(key);
                problems.push_back(problemAt(place, "\"" + key + "\" given twice in [" +
                                                        section.name + "] (first at line " +
                                                        std::to_string(earlier->place.line) + ")"));
                return false;
            }
            section.values.emplace_back(key, IniValue{trim(content.substr(delimiter + 1)), place});
            continuing = &section.values.back().second;
        }
        if (end == text.size()) break;
    }
    return true;
}

} // namespace reslab
