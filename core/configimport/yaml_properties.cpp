#include "configimport/yaml_properties.h"

#include <cctype>
#include <set>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

namespace reslab {

namespace {

SourcePlace placeOf(const std::string& file, const YAML::Mark& mark)
{
    if (mark.is_null()) return {file, 0, 0};
    return {file, mark.line + 1, mark.column + 1};
}

// Spring's name syntax: '.' separates, "[a.b]" keeps its dots.
std::vector<std::string> splitKey(const std::string& key)
{
    std::vector<std::string> parts;
    std::string current;
    int brackets = 0;
    for (char c : key) {
        if (c == '[') ++brackets;
        if (c == ']' && brackets > 0) --brackets;
        if (c == '.' && brackets == 0) {
            parts.push_back(current);
            current.clear();
        } else {
            current += c;
        }
    }
    parts.push_back(current);
    // "[a.b]" as a whole segment is the name a.b.
    for (std::string& p : parts)
        if (p.size() >= 2 && p.front() == '[' && p.back() == ']') p = p.substr(1, p.size() - 2);
    return parts;
}

class Flattener
{
public:
    Flattener(const std::string& file, Properties& out, ConfigProblems& problems)
        : m_file(file), m_out(out), m_problems(problems)
    {
    }

    bool flatten(const YAML::Node& node, std::vector<std::string>& path, int depth)
    {
        if (depth > kMaxConfigDepth)
            return fail(node.Mark(),
                        "nested deeper than " + std::to_string(kMaxConfigDepth) + " levels");
        switch (node.Type()) {
        case YAML::NodeType::Map:
            return map(node, path, depth);
        case YAML::NodeType::Sequence: {
            std::size_t i = 0;
            for (const YAML::Node& item : node) {
                path.push_back("[" + std::to_string(i++) + "]");
                const bool ok = flatten(item, path, depth + 1);
                path.pop_back();
                if (!ok) return false;
            }
            if (i == 0) return leaf(node, path, "", true);
            return true;
        }
        case YAML::NodeType::Scalar:
            return leaf(node, path, node.Scalar(), false);
        default: // Null, Undefined: present, set to nothing
            return leaf(node, path, "", true);
        }
    }

private:
    bool map(const YAML::Node& node, std::vector<std::string>& path, int depth)
    {
        // Merge keys first, so the map's own keys override what they bring (YAML's << rule).
        for (const auto& entry : node)
            if (entry.first.IsScalar() && entry.first.Scalar() == "<<" &&
                entry.first.Tag() != "!") {
                const YAML::Node& merged = entry.second;
                if (merged.IsMap()) {
                    if (!map(merged, path, depth + 1)) return false;
                } else if (merged.IsSequence()) {
                    for (const YAML::Node& m : merged) {
                        if (!m.IsMap()) return fail(m.Mark(), "a merge key (<<) takes mappings");
                        if (!map(m, path, depth + 1)) return false;
                    }
                } else {
                    return fail(merged.Mark(), "a merge key (<<) takes mappings");
                }
            }
        if (node.size() == 0) return leaf(node, path, "", true); // "a: {}" is present
        std::set<std::string> seen;
        for (const auto& entry : node) {
            const YAML::Node& key = entry.first;
            if (!key.IsScalar())
                return fail(key.Mark(), "a key that is not a plain name (Spring's keys are)");
            const std::string& text = key.Scalar();
            if (text == "<<" && key.Tag() != "!") continue;
            // SnakeYAML, Spring's parser, refuses a key written twice in one mapping.
            if (!seen.insert(text).second)
                return fail(key.Mark(), "duplicate key \"" + text + "\"");
            const std::vector<std::string> parts = splitKey(text);
            path.insert(path.end(), parts.begin(), parts.end());
            const bool ok = flatten(entry.second, path, depth + 1);
            path.resize(path.size() - parts.size());
            if (!ok) return false;
        }
        return true;
    }

    bool leaf(const YAML::Node& node, const std::vector<std::string>& path, std::string value,
              bool null)
    {
        if (path.empty()) return true; // an empty document
        if (m_out.size() >= kMaxConfigProperties)
            return fail(node.Mark(), "more than " + std::to_string(kMaxConfigProperties) +
                                         " keys (aliases included): not a configuration");
        m_out.push_back(Property{path, std::move(value), null, placeOf(m_file, node.Mark())});
        return true;
    }

    bool fail(const YAML::Mark& mark, std::string message)
    {
        m_problems.push_back(problemAt(placeOf(m_file, mark), std::move(message)));
        return false;
    }

    const std::string& m_file;
    Properties& m_out;
    ConfigProblems& m_problems;
};

// spring.config.activate.on-profile (Boot 2.4+) or spring.profiles (before): the document applies
// only under a profile.
bool profileOnly(const Properties& properties, std::size_t from)
{
    for (std::size_t i = from; i < properties.size(); ++i) {
        std::string k;
        for (const std::string& s : properties[i].path)
            for (char c : s)
                if (c != '-' && c != '_') k += char(std::tolower(static_cast<unsigned char>(c)));
        if (k == "springconfigactivateonprofile" || k == "springprofiles") return true;
    }
    return false;
}

} // namespace

bool readYamlProperties(const std::string& file, const QByteArray& bytes, YamlProperties& out,
                        ConfigProblems& problems)
{
    std::vector<YAML::Node> documents;
    try {
        documents = YAML::LoadAll(std::string(bytes.constData(), std::size_t(bytes.size())));
    } catch (const YAML::DeepRecursion& e) {
        problems.push_back(problemAt(placeOf(file, e.mark), "nested deeper than " +
                                                                std::to_string(e.depth()) +
                                                                " levels: not a configuration"));
        return false;
    } catch (const YAML::Exception& e) {
        problems.push_back(problemAt(placeOf(file, e.mark), "not valid YAML: " + e.msg));
        return false;
    } catch (const std::exception& e) {
        problems.push_back({file, 0, 0, std::string("not valid YAML: ") + e.what()});
        return false;
    }
    try {
        for (const YAML::Node& document : documents) {
            if (document.IsNull()) continue;
            if (!document.IsMap()) {
                problems.push_back(problemAt(placeOf(file, document.Mark()),
                                             "a Spring configuration is a mapping of keys, "
                                             "not a list or a single value"));
                return false;
            }
            Properties properties;
            std::vector<std::string> path;
            Flattener flattener(file, properties, problems);
            if (!flattener.flatten(document, path, 0)) return false;
            if (profileOnly(properties, 0)) {
                out.profileDocuments.push_back(placeOf(file, document.Mark()));
                continue;
            }
            if (out.properties.size() + properties.size() > kMaxConfigProperties) {
                problems.push_back({file, 0, 0,
                                    "more than " + std::to_string(kMaxConfigProperties) +
                                        " keys: not a configuration"});
                return false;
            }
            out.properties.insert(out.properties.end(), properties.begin(), properties.end());
        }
    } catch (const YAML::Exception& e) {
        problems.push_back(problemAt(placeOf(file, e.mark), "not valid YAML: " + e.msg));
        return false;
    }
    return true;
}

} // namespace reslab
