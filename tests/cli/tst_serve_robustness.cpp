// Hostile bytes at a real `serve` (docs/serve.md, "Limits"): one row per class an attacker found
// — header limits passed through trailers, chunk extensions and headers sent in pieces; more
// than 16 pipelined requests; request smuggling through Transfer-Encoding and Content-Length; a
// fault proxy that buffered an upstream's huge answer, relayed its 100 Continue and its
// Connection-named headers. One server (and one fake upstream) serves every row on free ports
// of 127.0.0.1: after each row it still answers, the refusal is counted, and on SIGTERM it
// stops with exit 0, its summary counting every refusal, and writes its --record trace.
// Raw sockets with timeouts, bounded loops, no sleeps. Runs under the sanitizer preset too.

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <arpa/inet.h>
#include <atomic>
#include <csignal>
#include <fcntl.h>
#include <mutex>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace {

constexpr int kIoTimeoutMs = 10'000; // any one read or write on a test socket
constexpr int kServeStartMs = 60'000;

void setTimeouts(int fd)
{
    const timeval tv{kIoTimeoutMs / 1000, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

// Writes all of `data`, stopping early (false) when the peer has closed or reset.
bool sendAll(int fd, const QByteArray& data)
{
    for (qsizetype at = 0; at < data.size();) {
        const ssize_t n =
            ::send(fd, data.constData() + at, std::size_t(data.size() - at), MSG_NOSIGNAL);
        if (n <= 0) return false;
        at += n;
    }
    return true;
}

// A client connection to 127.0.0.1:port.
class Client
{
public:
    explicit Client(quint16 port) : m_fd(::socket(AF_INET, SOCK_STREAM, 0))
    {
        setTimeouts(m_fd);
        const int one = 1;
        ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        m_connected = ::connect(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    }
    ~Client() { ::close(m_fd); }
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    bool connected() const { return m_connected; }
    // Sends `pieces` one write each; a piece the server no longer reads is fine (it refused).
    void send(const QList<QByteArray>& pieces)
    {
        for (const QByteArray& p : pieces) {
            if (!sendAll(m_fd, p)) return;
            pollfd pf{m_fd, POLLIN, 0};
            if (::poll(&pf, 1, 0) > 0) return; // an answer came: the server stopped reading
        }
    }
    // Everything until the server closes (or kIoTimeoutMs without a byte: closed = false).
    QByteArray readToClose(bool* closed = nullptr)
    {
        QByteArray all;
        char buf[65536];
        for (;;) {
            const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
            if (n <= 0) {
                if (closed) *closed = n == 0 || errno == ECONNRESET;
                return all;
            }
            all.append(buf, n);
        }
    }
    // `count` whole responses (each with a Content-Length), or fewer when it times out.
    QList<QByteArray> readResponses(int count)
    {
        QList<QByteArray> out;
        QByteArray in;
        char buf[65536];
        while (out.size() < count) {
            const qsizetype end = in.indexOf("\r\n\r\n");
            if (end >= 0) {
                static const QRegularExpression cl("\r\ncontent-length: *(\\d+)",
                                                   QRegularExpression::CaseInsensitiveOption);
                const auto m = cl.match(in.left(end + 2));
                const qsizetype total = end + 4 + (m.hasMatch() ? m.captured(1).toLongLong() : 0);
                if (in.size() >= total) {
                    out << in.left(total);
                    in.remove(0, total);
                    continue;
                }
            }
            const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
            if (n <= 0) break;
            in.append(buf, n);
        }
        return out;
    }

private:
    int m_fd;
    bool m_connected = false;
};

// A fake upstream for the proxy endpoint: each connection's request is read (header and a
// Content-Length body) and kept, the row's answer written in one write, and the connection
// closed.
class FakeUpstream
{
public:
    FakeUpstream() : m_fd(::socket(AF_INET, SOCK_STREAM, 0))
    {
        const int one = 1;
        ::setsockopt(m_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
        ::listen(m_fd, 16);
        socklen_t len = sizeof a;
        ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&a), &len);
        m_port = ntohs(a.sin_port);
        m_thread = std::thread([this] { serve(); });
    }
    ~FakeUpstream()
    {
        m_stop = true;
        ::shutdown(m_fd, SHUT_RDWR); // wakes accept()
        m_thread.join();
        ::close(m_fd);
    }
    quint16 port() const { return m_port; }
    void answerWith(const QByteArray& answer)
    {
        std::lock_guard lock(m_mutex);
        m_answer = answer;
        m_requests.clear();
    }
    QList<QByteArray> requests()
    {
        std::lock_guard lock(m_mutex);
        return m_requests;
    }

private:
    void serve()
    {
        while (!m_stop) {
            const int c = ::accept(m_fd, nullptr, nullptr);
            if (c < 0) return;
            setTimeouts(c);
            QByteArray request;
            char buf[16384];
            for (int reads = 0; reads < 1000; ++reads) {
                const qsizetype end = request.indexOf("\r\n\r\n");
                static const QRegularExpression cl("\r\ncontent-length: *(\\d+)",
                                                   QRegularExpression::CaseInsensitiveOption);
                if (end >= 0) {
                    const auto m = cl.match(request.left(end + 2));
                    if (request.size() >= end + 4 + (m.hasMatch() ? m.captured(1).toLong() : 0))
                        break;
                }
                const ssize_t n = ::recv(c, buf, sizeof buf, 0);
                if (n <= 0) break;
                request.append(buf, n);
            }
            QByteArray answer;
            {
                std::lock_guard lock(m_mutex);
                m_requests << request;
                answer = m_answer;
            }
            sendAll(c, answer);
            ::shutdown(c, SHUT_WR);
            ::close(c);
        }
    }

    int m_fd;
    quint16 m_port = 0;
    std::atomic<bool> m_stop{false};
    std::mutex m_mutex;
    QByteArray m_answer;
    QList<QByteArray> m_requests;
    std::thread m_thread;
};

long kilobytesOf(qint64 pid, const char* field)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(qsizetype(std::strlen(field))).trimmed().split(' ')[0].toLong();
    return -1;
}

QByteArray repeated(const QByteArray& piece, int times)
{
    QByteArray out;
    out.reserve(piece.size() * times);
    for (int i = 0; i < times; ++i)
        out += piece;
    return out;
}

// An endpoint served as usual and a proxy endpoint in front of the fake upstream.
QByteArray scenario(quint16 upstreamPort)
{
    // Plain literals: moc (Qt 6.4) loses the class after a raw string holding "//".
    return "{\"format\": \"resilience-lab.scenario/1\", \"name\": \"hostile\", \"seed\": 3, "
           "\"duration_s\": 60, \"workload\": {\"type\": \"open\", \"rate_per_s\": 10}, "
           "\"target\": \"api\", \"pipeline\": [], \"endpoints\": {"
           "\"api\": {\"latency\": {\"dist\": \"constant\", \"ms\": 1}}, "
           "\"up\": {\"kind\": \"proxy\", \"upstream\": \"http://127.0.0.1:" +
           QByteArray::number(upstreamPort) +
           "\", \"latency\": {\"dist\": \"constant\", \"ms\": 1}}}}";
}

const QByteArray kChunkedPost =
    "POST /api/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
const QByteArray kGet = "GET /api/ HTTP/1.1\r\nHost: x\r\n\r\n";

} // namespace

class TestServeRobustness : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcess m_serve;
    quint16 m_port = 0;
    std::unique_ptr<FakeUpstream> m_upstream;
    qint64 m_refusals = 0; // rows whose request serve refused: the summary must count them

    qint64 malformed()
    {
        Client c(m_port);
        c.send({"GET /_reslab/state HTTP/1.1\r\nHost: x\r\n\r\n"});
        const QList<QByteArray> r = c.readResponses(1);
        if (r.isEmpty()) return -1;
        const QByteArray body = r[0].mid(r[0].indexOf("\r\n\r\n") + 4);
        return QJsonDocument::fromJson(body).object()["server"].toObject()["malformed"].toInteger();
    }

    void stillServes()
    {
        Client c(m_port);
        QVERIFY(c.connected());
        c.send({kGet});
        const QList<QByteArray> r = c.readResponses(1);
        QVERIFY2(!r.isEmpty() && r[0].startsWith("HTTP/1.1 200 "), "the next request is served");
    }

private slots:
    void initTestCase()
    {
        m_upstream = std::make_unique<FakeUpstream>();
        QFile s(m_dir.filePath("s.json"));
        QVERIFY(s.open(QIODevice::WriteOnly));
        s.write(scenario(m_upstream->port()));
        s.close();
        m_serve.start(RESLAB_EXECUTABLE,
                      {"serve", s.fileName(), "--listen", "localhost:0", "--record",
                       m_dir.filePath("served.jsonl"), "--read-timeout", "5"});
        QVERIFY(m_serve.waitForStarted());
        QByteArray banner;
        static const QRegularExpression at("on http://127\\.0\\.0\\.1:(\\d+)");
        for (int i = 0; i < 600 && !at.match(QString::fromUtf8(banner)).hasMatch(); ++i) {
            m_serve.waitForReadyRead(kServeStartMs / 600);
            banner += m_serve.readAllStandardOutput();
            QVERIFY2(m_serve.state() == QProcess::Running,
                     m_serve.readAllStandardError().constData());
        }
        m_port = quint16(at.match(QString::fromUtf8(banner)).captured(1).toUInt());
        QVERIFY2(m_port != 0, banner.constData());
    }

    // A request serve must refuse: the status, the connection closed after it, counted, and the
    // server answering the next one.
    void refused_data()
    {
        QTest::addColumn<QList<QByteArray>>("pieces"); // one write each
        QTest::addColumn<QByteArray>("status");
        const QByteArray big(70'000, 'a');
        // 7: header limits through trailers, chunk extensions, pieces
        QTest::newRow("7 a trailer field over 64 KiB")
            << QList<QByteArray>{kChunkedPost + "1\r\na\r\n0\r\nX-Big: " + big + "\r\n\r\n"}
            << QByteArray("431");
        QTest::newRow("7 a trailer field over 64 KiB in pieces")
            << QList<QByteArray>{kChunkedPost + "1\r\na\r\n0\r\nX-Big: ", big.left(30'000),
                                 big.mid(30'000), "\r\n\r\n"}
            << QByteArray("431");
        QTest::newRow("7 1 MB of small trailer fields")
            << QList<QByteArray>{kChunkedPost + "1\r\na\r\n0\r\n",
                                 repeated("X-T: 1\r\n", 128 * 1024), "\r\n"}
            << QByteArray("431");
        QTest::newRow("7 chunk extensions of 20 KB")
            << QList<QByteArray>{kChunkedPost,
                                 repeated("1;e=" + QByteArray(100, 'x') + "\r\na\r\n", 200),
                                 "0\r\n\r\n"}
            << QByteArray("431");
        QTest::newRow("7 a chunk size padded with 20000 zeros")
            << QList<QByteArray>{kChunkedPost + QByteArray(20'000, '0') + "1\r\na\r\n0\r\n\r\n"}
            << QByteArray("431");
        QList<QByteArray> lines{"GET /api/ HTTP/1.1\r\nHost: x\r\n"};
        for (int i = 0; i < 100; ++i)
            lines << repeated("X-A: 1\r\n", 100); // 10,000 lines, 80 KB, 100 writes
        lines << "\r\n";
        QTest::newRow("7 10000 short header lines in 100 writes") << lines << QByteArray("431");
        QTest::newRow("7 101 header fields")
            << QList<QByteArray>{"GET /api/ HTTP/1.1\r\nHost: x\r\n" + repeated("X-A: 1\r\n", 100) +
                                 "\r\n"}
            << QByteArray("431");
        // 9: request smuggling (RFC 9112 §6.1, §6.3)
        const QByteArray smuggled = "GET /api/smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
        QTest::newRow("9 Transfer-Encoding gzip")
            << QList<
                   QByteArray>{"POST /api/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n" +
                               smuggled}
            << QByteArray("400");
        QTest::newRow("9 chunked not last")
            << QList<QByteArray>{"POST /api/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, "
                                 "gzip\r\n\r\n0\r\n\r\n" +
                                 smuggled}
            << QByteArray("400");
        QTest::newRow("9 chunked twice")
            << QList<QByteArray>{"POST /api/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                                 "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"}
            << QByteArray("400");
        QTest::newRow("9 a coding before chunked is not implemented")
            << QList<QByteArray>{"POST /api/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, "
                                 "chunked\r\n\r\n0\r\n\r\n"}
            << QByteArray("501");
        QTest::newRow("9 Transfer-Encoding then Content-Length")
            << QList<QByteArray>{"POST /api/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n"
                                 "Content-Length: 5\r\n\r\nhello" +
                                 smuggled}
            << QByteArray("400");
        QTest::newRow("9 Content-Length then Transfer-Encoding")
            << QList<QByteArray>{"POST /api/ HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                                 "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" +
                                 smuggled}
            << QByteArray("400");
        QTest::newRow("9 chunked in HTTP/1.0")
            << QList<QByteArray>{"POST /api/ HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"
                                 "0\r\n\r\n"}
            << QByteArray("400");
        QTest::newRow("9 two Content-Lengths that differ")
            << QList<QByteArray>{"POST /api/ HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                                 "Content-Length: 6\r\n\r\nhello!"}
            << QByteArray("400");
        QTest::newRow("9 a Content-Length list that differs")
            << QList<QByteArray>{"POST /api/ HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 6\r\n\r\n"
                                 "hello!"}
            << QByteArray("400");
        QTest::newRow("9 whitespace before the colon")
            << QList<QByteArray>{"POST /api/ HTTP/1.1\r\nHost: x\r\nContent-Length : 5\r\n\r\n"
                                 "hello"}
            << QByteArray("400");
        QTest::newRow("9 a bare CR in a field")
            << QList<QByteArray>{"GET /api/ HTTP/1.1\r\nHost: x\rX-A: 1\r\n\r\n"}
            << QByteArray("400");
        QTest::newRow("9 bare LF line ends")
            << QList<QByteArray>{"GET /api/ HTTP/1.1\nHost: x\n\n"} << QByteArray("400");
    }

    void refused()
    {
        QFETCH(QList<QByteArray>, pieces);
        QFETCH(QByteArray, status);
        const qint64 before = malformed();
        {
            Client c(m_port);
            QVERIFY(c.connected());
            c.send(pieces);
            bool closed = false;
            const QByteArray reply = c.readToClose(&closed);
            QVERIFY2(reply.startsWith("HTTP/1.1 " + status + " "), reply.left(300).constData());
            QVERIFY2(closed, "the connection is closed after the refusal");
            QCOMPARE(reply.count("HTTP/1.1 "), 1); // nothing smuggled in behind it
        }
        ++m_refusals;
        QCOMPARE(malformed(), before + 1);
        stillServes();
    }

    // 8: more than maxPipelined (16) requests in one write are all answered, in order, on a
    // connection that stays open; chunked ones with trailers among them.
    void pipelined_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("count");
        QTest::newRow("8 40 GETs in one write") << kGet << 40;
        QTest::newRow("8 200 chunked POSTs with trailers in one write")
            << kChunkedPost + "3;x=y\r\nabc\r\n0\r\nX-T: 1\r\n\r\n"
            << 200;
    }

    void pipelined()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, count);
        Client c(m_port);
        c.send({repeated(request, count)});
        const QList<QByteArray> replies = c.readResponses(count);
        QCOMPARE(replies.size(), count);
        qint64 previous = -1;
        for (const QByteArray& r : replies) {
            QVERIFY2(r.startsWith("HTTP/1.1 200 "), r.constData());
            static const QRegularExpression call("X-Reslab-Call: (\\d+)",
                                                 QRegularExpression::CaseInsensitiveOption);
            const qint64 k = call.match(QString::fromUtf8(r)).captured(1).toLongLong();
            QVERIFY2(k > previous, "answered in the order asked");
            previous = k;
        }
        c.send({kGet}); // still open
        QCOMPARE(c.readResponses(1).size(), 1);
    }

    // 7 and 10: what an upstream answers a proxy endpoint. A refused answer is 502 (counted as
    // no malformed request: the client's was fine), serve's memory stays bounded, interim
    // answers are skipped, Connection-named headers go neither way.
    void proxied_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<QByteArray>("status");
        QTest::addColumn<QByteArray>("body");
        const QByteArray get = "GET /up/x HTTP/1.1\r\nHost: x\r\n\r\n";
        const QByteArray huge(64 * 1024 * 1024, 'h');
        QTest::newRow("7 an upstream trailer field over 64 KiB")
            << get
            << "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\nX-Big: " +
                   QByteArray(70'000, 'a') + "\r\n\r\n"
            << QByteArray("502") << QByteArray("over 16384 bytes");
        QTest::newRow("10 header and a 64 MB body in one write")
            << get << "HTTP/1.1 200 OK\r\nContent-Length: 67108864\r\n\r\n" + huge
            << QByteArray("502") << QByteArray("body over 1048576 bytes");
        QTest::newRow("10 header and a 64 MB chunked body in one write")
            << get << "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4000000\r\n" + huge
            << QByteArray("502") << QByteArray("body over 1048576 bytes");
        QTest::newRow("10 header and a 64 MB body to the close in one write")
            << get << "HTTP/1.1 200 OK\r\n\r\n" + huge << QByteArray("502")
            << QByteArray("body over 1048576 bytes");
        QTest::newRow("10 an unframed gzip coding from the upstream")
            << get << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzzzz")
            << QByteArray("502") << QByteArray("chunked last");
        QTest::newRow("10 100 Continue is skipped")
            << QByteArray("POST /up/x HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                          "Content-Length: 2\r\n\r\nhi")
            << QByteArray("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: "
                          "4\r\n\r\nmade")
            << QByteArray("201") << QByteArray("made");
        QTest::newRow("10 103 Early Hints and 100 are skipped")
            << get
            << QByteArray(
                   "HTTP/1.1 103 Early Hints\r\nLink: </a>; rel=preload\r\n\r\n"
                   "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n"
                   "ok")
            << QByteArray("200") << QByteArray("ok");
        QTest::newRow("10 Connection-named headers are dropped both ways")
            << QByteArray("GET /up/x HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, "
                          "X-Client-Hop\r\nX-Client-Hop: secret\r\nX-Kept: 1\r\n\r\n")
            << QByteArray("HTTP/1.1 200 OK\r\nConnection: X-Up-Hop\r\nX-Up-Hop: secret\r\n"
                          "X-Up-Kept: 1\r\nContent-Length: 2\r\n\r\nok")
            << QByteArray("200") << QByteArray("ok");
    }

    void proxied()
    {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, answer);
        QFETCH(QByteArray, status);
        QFETCH(QByteArray, body);
        m_upstream->answerWith(answer);
        const qint64 before = malformed();
        const long rssBefore = kilobytesOf(m_serve.processId(), "VmRSS:");
        {
            Client c(m_port);
            c.send({request});
            const QList<QByteArray> r = c.readResponses(1);
            QVERIFY(!r.isEmpty());
            QVERIFY2(r[0].startsWith("HTTP/1.1 " + status + " "), r[0].left(300).constData());
            QVERIFY2(r[0].contains(body), r[0].left(300).constData());
            QCOMPARE(r[0].count("HTTP/1.1 "), 1);
            QVERIFY(!r[0].contains("X-Up-Hop"));
            if (r[0].contains("X-Up-Kept")) QVERIFY(r[0].contains("X-Up-Kept: 1"));
        }
        const QList<QByteArray> seen = m_upstream->requests();
        QCOMPARE(seen.size(), 1);
        QVERIFY2(!seen[0].contains("X-Client-Hop"), seen[0].constData());
        if (request.contains("X-Kept")) {
            QVERIFY(seen[0].contains("X-Kept: 1"));
            QVERIFY(seen[0].contains("Connection: close"));
        }
        // The answer is refused as it comes, never held: 64 MB sent, serve's peak resident size
        // (which a body held and freed again would have raised) grows far less.
        const long peakAfter = kilobytesOf(m_serve.processId(), "VmHWM:");
        QVERIFY2(peakAfter - rssBefore < 16 * 1024,
                 qPrintable(
                     QStringLiteral("RSS %1 kB before, peak %2 kB").arg(rssBefore).arg(peakAfter)));
        QCOMPARE(malformed(), before);
        stillServes();
    }

    // SIGTERM: exit 0, the summary counts every refusal, the trace of what was served written.
    void cleanupTestCase()
    {
        QVERIFY(m_serve.state() == QProcess::Running);
        m_serve.terminate();
        QVERIFY(m_serve.waitForFinished(60'000));
        const QByteArray out = m_serve.readAllStandardOutput();
        QCOMPARE(m_serve.exitStatus(), QProcess::NormalExit);
        QVERIFY2(m_serve.exitCode() == 0, m_serve.readAllStandardError().constData());
        QVERIFY2(out.contains(QByteArray::number(m_refusals) + " malformed"), out.constData());
        QFile trace(m_dir.filePath("served.jsonl"));
        QVERIFY2(trace.open(QIODevice::ReadOnly), "the --record trace is written");
        QVERIFY(trace.readAll().count('\n') > 240); // the header and a line per call
        m_upstream.reset();
    }
};

QTEST_GUILESS_MAIN(TestServeRobustness)
#include "tst_serve_robustness.moc"
