#pragma once
// The mesh formats' files as trees: an Envoy bootstrap or config_dump (YAML or JSON — JSON is
// YAML, so yaml-cpp reads both), Kubernetes resources (several documents in a file). Each document
// becomes a JSON value with the place of every value kept by its path
// ("static_resources.clusters[0].outlier_detection"), and MeshReader reads the values as the
// proto JSON mapping and Kubernetes take them: numbers also as strings, wrapper messages
// ({"value": 3}), durations in each format's syntax. A value of the wrong kind is a problem at its
// place.

#include "configimport/config_import.h"
#include "configimport/format_importers.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <map>

namespace reslab {

struct MeshDocument
{
    std::string file;
    QJsonValue root;
    std::map<std::string, SourcePlace> places;
    // The place of the value at `path`, or of its nearest parent that has one.
    SourcePlace place(const std::string& path) const;
};

// Every document of the file (empty ones skipped). Plain scalars that read as numbers, booleans or
// null become those; quoted ones stay strings. A key written twice, nesting beyond
// kMaxConfigDepth and more than kMaxConfigProperties values are problems.
bool readMeshDocuments(const std::string& file, const QByteArray& bytes,
                       std::vector<MeshDocument>& out, ConfigProblems& problems);
// Every document of every file, in order; false at the first file that has a problem.
bool readMeshFiles(const std::vector<ConfigSource>& files, std::vector<MeshDocument>& out,
                   ConfigProblems& problems);

// "a.b" + "c" → "a.b.c"; "" + "c" → "c".
std::string meshPath(const std::string& parent, const std::string& key);

class MeshReader
{
public:
    MeshReader(const MeshDocument& document, ConfigProblems& problems)
        : m_d(document), m_problems(problems)
    {
    }
    const MeshDocument& document() const { return m_d; }
    SourcePlace place(const std::string& path) const { return m_d.place(path); }
    bool failed() const { return m_failed; }
    // A problem at the value's place ("path: why").
    void bad(const std::string& path, const std::string& why);

    // An object (absent: empty; another kind: a problem).
    QJsonObject object(const QJsonObject& o, const std::string& path, const char* key);
    QJsonArray array(const QJsonObject& o, const std::string& path, const char* key);
    std::optional<std::string> string(const QJsonObject& o, const std::string& path,
                                      const char* key);
    // A number, a number in a string, or a wrapper {"value": n}; within [min, max].
    std::optional<double> number(const QJsonObject& o, const std::string& path, const char* key,
                                 double min, double max);
    // The same, a whole number.
    std::optional<long long> whole(const QJsonObject& o, const std::string& path, const char* key,
                                   long long min, long long max);
    std::optional<bool> boolean(const QJsonObject& o, const std::string& path, const char* key);
    // A protobuf Duration as Envoy takes it: "0.25s", or {"seconds": 1, "nanos": 0}.
    std::optional<double> protoDuration(const QJsonObject& o, const std::string& path,
                                        const char* key);
    // A Go duration as Istio and Linkerd take it: "300ms", "2s", "1m30s", "1h".
    std::optional<double> goDuration(const QJsonObject& o, const std::string& path,
                                     const char* key);

private:
    const MeshDocument& m_d;
    ConfigProblems& m_problems;
    bool m_failed = false;
};

// Go's time.ParseDuration (and Linkerd's and Istio's readers, which take the same units): a
// sequence of decimal numbers each with a unit ns, us, µs, ms, s, m, h; "0" alone. Not negative.
std::optional<double> goDurationMs(std::string_view text, std::string& error);

// The fleet's note when Envoy's ejection gate can never let a host go: 100 · 1 ÷ hosts above
// max_ejection_percent (outlier_detection_impl.cc ejectHost). Empty when it can.
std::string ejectionGateNote(int hosts, double maxEjectionPercent, bool alwaysEjectOneHost);

} // namespace reslab
