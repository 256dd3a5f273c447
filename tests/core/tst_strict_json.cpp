// The strict JSON reader (util/strict_json.h): RFC 8259 documents read as written, and everything
// Qt's lenient parser lets through refused with the place and the reason. A row per case.

#include "util/strict_json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace reslab;

class TestStrictJson : public QObject
{
    Q_OBJECT

private slots:
    void accepts_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("canonical"); // as QJsonDocument writes it compactly
        QTest::addRow("object") << QByteArray(R"( {"a": 1, "b": [true, false, null]} )")
                                << QByteArray(R"({"a":1,"b":[true,false,null]})");
        QTest::addRow("numbers") << QByteArray(
                                        R"([0, -0, 1.5, -2e3, 1E+2, 3e-2, 9007199254740992])")
                                 << QByteArray();
        QTest::addRow("escapes")
            << QByteArray("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\", \"\\u00e9\\ud83d\\ude00\"]")
            << QByteArray();
        QTest::addRow("utf-8") << QByteArray("[\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"]")
                               << QByteArray();
        QTest::addRow("bom at the start") << QByteArray("\xEF\xBB\xBF{}") << QByteArray("{}");
        QTest::addRow("a scalar") << QByteArray(" 42 ") << QByteArray();
        QTest::addRow("underflow is zero") << QByteArray("[1e-400]") << QByteArray("[0]");
        QTest::addRow("underflow without exponent")
            << QByteArray("[0." + QByteArray(400, '0') + "1]") << QByteArray("[0]");
    }

    void accepts()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, canonical);
        JsonSyntaxError error;
        const std::optional<QJsonValue> v =
            parseStrictJson(std::string_view(text.constData(), std::size_t(text.size())), &error);
        QVERIFY2(v.has_value(), error.message.c_str());
        if (!canonical.isEmpty()) {
            const QJsonDocument doc =
                v->isObject() ? QJsonDocument(v->toObject()) : QJsonDocument(v->toArray());
            QCOMPARE(doc.toJson(QJsonDocument::Compact), canonical);
        }
    }

    void keepsEveryCharacter()
    {
        // Qt's parser drops a U+FEFF at the start of a string; here it stays, so "\uFEFFfull" is
        // not the jitter "full".
        const std::string text = "[\"\xEF\xBB\xBF"
                                 "full\", \"\\ufeffx\"]";
        const std::optional<QJsonValue> v = parseStrictJson(text);
        QVERIFY(v);
        QCOMPARE(v->toArray().at(0).toString(), QString(QChar(0xFEFF)) + "full");
        QCOMPARE(v->toArray().at(1).toString(), QString(QChar(0xFEFF)) + "x");
    }

    void refuses_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("offset");
        QTest::addColumn<QString>("reason");
        QTest::addRow("1.") << QByteArray("[1.]") << 3 << "'.' in a number must be followed";
        QTest::addRow(".5") << QByteArray("[.5]") << 1 << "'.' where a value should be";
        QTest::addRow("1.e1") << QByteArray("[1.e1]") << 3 << "must be followed by digits";
        QTest::addRow("leading zero") << QByteArray("[01]") << 2 << "cannot start with 0";
        QTest::addRow("plus sign") << QByteArray("[+1]") << 1 << "'+' where a value";
        QTest::addRow("bare minus") << QByteArray("[-]") << 2 << "'-' must be followed";
        QTest::addRow("exponent without digits") << QByteArray("[1e]") << 3 << "exponent needs";
        QTest::addRow("too large") << QByteArray("[1e400]") << 1 << "too large for a double";
        QTest::addRow("too large without exponent")
            << QByteArray("[-" + QByteArray(400, '9') + "]") << 1 << "too large for a double";
        QTest::addRow("integer beyond 2^53")
            << QByteArray("{\"seed\": 9007199254740993}") << 9 << "beyond 2^53";
        QTest::addRow("NaN") << QByteArray("[NaN]") << 1 << "'N' where a value";
        QTest::addRow("raw NUL in a string")
            << QByteArray("[\"a\0b\"]", 7) << 3 << "0x00 inside a string";
        QTest::addRow("raw tab in a string") << QByteArray("[\"a\tb\"]") << 3 << "0x09 inside";
        QTest::addRow("raw LF in a string") << QByteArray("[\"a\nb\"]") << 3 << "0x0A inside";
        QTest::addRow("unknown escape") << QByteArray(R"(["\x"])") << 2 << "unknown escape \\x";
        QTest::addRow("short \\u") << QByteArray(R"(["\u12"])") << 4 << "four hex digits";
        QTest::addRow("lone low surrogate") << QByteArray(R"(["\udc00"])") << 8 << "lone low";
        QTest::addRow("lone high surrogate") << QByteArray(R"(["\ud800x"])") << 8 << "low half";
        QTest::addRow("invalid UTF-8") << QByteArray("[\"\xFF\"]") << 2 << "invalid UTF-8";
        QTest::addRow("overlong UTF-8") << QByteArray("[\"\xE0\x80\xAF\"]") << 2 << "overlong";
        QTest::addRow("cut UTF-8") << QByteArray("[\"\xC3\"]") << 2 << "cut short";
        QTest::addRow("duplicate key")
            << QByteArray(R"({"a": 1, "a": 2})") << 9 << "\"a\" appears twice";
        QTest::addRow("trailing comma") << QByteArray("[1,]") << 3 << "']' where a value";
        QTest::addRow("trailing comma in an object")
            << QByteArray(R"({"a": 1,})") << 8 << "expected a key";
        QTest::addRow("single quotes") << QByteArray("{'a': 1}") << 1 << "expected a key";
        QTest::addRow("garbage after") << QByteArray("{} x") << 3 << "after the JSON value";
        QTest::addRow("second document") << QByteArray("{}{}") << 2 << "after the JSON value";
        QTest::addRow("comment") << QByteArray("{} // x") << 3 << "after the JSON value";
        QTest::addRow("True") << QByteArray("[True]") << 1 << "'T' where a value";
        QTest::addRow("nul") << QByteArray("[nul]") << 1 << "lowercase";
        QTest::addRow("empty") << QByteArray("") << 0 << "ends where a value should be";
        QTest::addRow("unterminated string") << QByteArray("[\"abc") << 5 << "ends inside a str";
        QTest::addRow("unterminated array") << QByteArray("[1, 2") << 5 << "ends inside an arr";
        QTest::addRow("form feed as space") << QByteArray("[1,\f2]") << 3 << "0x0C where";
        QTest::addRow("bom not at the start") << QByteArray(" \xEF\xBB\xBF{}") << 1 << "0xEF";
        QByteArray deep(kMaxJsonDepth + 1, '[');
        deep += QByteArray(kMaxJsonDepth + 1, ']');
        QTest::addRow("too deep") << deep << kMaxJsonDepth << "nested more than";
    }

    void refuses()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, offset);
        QFETCH(QString, reason);
        JsonSyntaxError error;
        const std::optional<QJsonValue> v =
            parseStrictJson(std::string_view(text.constData(), std::size_t(text.size())), &error);
        QVERIFY(!v);
        QVERIFY2(QString::fromStdString(error.message).contains(reason), error.message.c_str());
        QCOMPARE(int(error.offset), offset);
    }

    void deepButAllowed()
    {
        QByteArray deep(kMaxJsonDepth, '[');
        deep += QByteArray(kMaxJsonDepth, ']');
        QVERIFY(parseStrictJson(std::string_view(deep.constData(), std::size_t(deep.size()))));
    }
};

QTEST_APPLESS_MAIN(TestStrictJson)
#include "tst_strict_json.moc"
