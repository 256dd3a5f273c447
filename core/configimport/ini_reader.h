#pragma once
// The AWS shared config file (~/.aws/config) as botocore reads it: Python's RawConfigParser.
// "[section]" headers; "key = value" or "key: value" lines, keys lowercased; whole-line comments
// starting with # or ; (indented or not); an indented line continues the value above it (botocore
// reads such a value as nested settings, e.g. "s3 =" then "  max_concurrent_requests = 10").
// A key before any section, a section or a key given twice in one section, and a line that is
// none of these are errors, as they are to RawConfigParser (strict mode, its default).

#include "configimport/properties.h"

#include <map>

namespace reslab {

struct IniValue
{
    std::string value; // trimmed; a continued value's lines joined with '\n'
    SourcePlace place;
};

struct IniSection
{
    std::string name; // as written between the brackets, trimmed
    SourcePlace place;
    std::vector<std::pair<std::string, IniValue>> values; // in file order; keys lowercased
    const IniValue* find(const std::string& key) const;
};

bool readIni(const std::string& file, const QByteArray& bytes, std::vector<IniSection>& out,
             ConfigProblems& problems);

} // namespace reslab
