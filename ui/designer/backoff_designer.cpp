#include "backoff_designer.h"

#include "palette.h"
#include "run/schedule.h"
#include "time_chart.h"

#include <QChart>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace reslab::ui {

namespace {
QString nameOf(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// The kinds' values ride in the items' data: the combo's order is the table's, never assumed.
template <class Table> void addKinds(QComboBox* combo, const Table& table)
{
    for (const auto& [kind, name] : table.entries)
        combo->addItem(nameOf(name), static_cast<int>(kind));
}

template <class Kind> Kind kindIn(const QComboBox* combo)
{
    return static_cast<Kind>(combo->currentData().toInt());
}

template <class Kind> void selectKind(QComboBox* combo, Kind kind)
{
    combo->setCurrentIndex(std::max(0, combo->findData(static_cast<int>(kind))));
}

JitterSpec jitterOf(JitterSpec::Kind kind, double factor)
{
    JitterSpec j;
    j.kind = kind;
    j.factor = factor;
    j.capAfterJitter = j.kind == JitterSpec::Kind::Additive;
    return j;
}

double percentile(std::vector<double>& v, double q)
{
    if (v.empty()) return 0.0;
    const auto k = static_cast<std::size_t>(
        std::clamp(q * static_cast<double>(v.size() - 1), 0.0, static_cast<double>(v.size() - 1)));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return v[k];
}

// When each retry of kHerd clients lands, all having failed at t = 0 (attempts take no time).
std::vector<double> herdTimes(const RetrySpec& r, int clients)
{
    std::vector<double> times;
    std::vector<double> elapsed(static_cast<std::size_t>(clients), 0.0);
    for (const ScheduledDelay& d : scheduleDelays(r, clients, 17)) {
        double& t = elapsed[static_cast<std::size_t>(d.sample - 1)];
        t += d.delayMs;
        times.push_back(t / 1000.0);
    }
    return times;
}

std::vector<QPointF> histogram(const std::vector<double>& times, double maxS, int bins)
{
    std::vector<double> counts(static_cast<std::size_t>(bins), 0.0);
    const double width = maxS / bins;
    for (double t : times) {
        const auto b = static_cast<std::size_t>(std::min<double>(bins - 1, t / width));
        counts[b] += 1.0;
    }
    std::vector<QPointF> out;
    for (int b = 0; b < bins; ++b) { // steps: flat across each bin
        out.emplace_back(b * width, counts[static_cast<std::size_t>(b)]);
        out.emplace_back((b + 1) * width, counts[static_cast<std::size_t>(b)]);
    }
    return out;
}
} // namespace

BackoffDesigner::BackoffDesigner(QWidget* parent) : QWidget(parent)
{
    auto* form = new QFormLayout;
    m_backoff = new QComboBox;
    addKinds(m_backoff, kBackoffKindNames);
    m_backoff->setToolTip(
        tr("exponential: tenacity wait_exponential, resilience4j ofExponentialBackoff, gRPC; "
           "decorrelated: the AWS blog; polly_decorrelated_v2: Polly v8 exponential + UseJitter; "
           "urllib3: Retry's backoff_factor (Initial), 0 before the first retry"));
    form->addRow(tr("Backoff"), m_backoff);
    auto spin = [](double lo, double hi, double value, const QString& suffix, const QString& tip) {
        auto* s = new QDoubleSpinBox;
        s->setRange(lo, hi);
        s->setDecimals(2);
        s->setValue(value);
        s->setSuffix(suffix);
        s->setToolTip(tip);
        return s;
    };
    m_initial =
        spin(0, 3'600'000, 100, tr(" ms"),
             tr("initial_ms — tenacity multiplier (in s), Polly Delay, gRPC initialBackoff"));
    m_multiplier = spin(1, 100, 2, tr(" ×"),
                        tr("multiplier — tenacity exp_base, resilience4j "
                           "exponentialBackoffMultiplier, gRPC backoffMultiplier"));
    m_max = spin(0, 3'600'000, 10'000, tr(" ms"),
                 tr("max_ms — tenacity max, Polly MaxDelay, gRPC maxBackoff (0: none)"));
    m_jitter = new QComboBox;
    addKinds(m_jitter, kJitterKindNames);
    selectKind(m_jitter, JitterSpec::Kind::Full);
    m_jitter->setToolTip(tr("full: AWS full jitter, tenacity wait_random_exponential; equal: AWS; "
                            "proportional: resilience4j randomizedWaitFactor, gRPC ±20 %; "
                            "additive: tenacity wait_exponential_jitter"));
    m_factor = spin(0, 1, 0.5, QString(),
                    tr("factor of proportional jitter: 0.5 resilience4j, 0.2 gRPC, 0.25 Polly"));
    m_attempts = new QSpinBox;
    m_attempts->setRange(2, 20);
    m_attempts->setValue(5);
    m_attempts->setToolTip(
        tr("max_attempts — counts the first call (tenacity stop_after_attempt)"));
    m_compare = new QComboBox;
    // Named for what is drawn: "none" here would read as "no comparison".
    for (const auto& [kind, name] : kJitterKindNames.entries)
        m_compare->addItem(kind == JitterSpec::Kind::None ? tr("no jitter")
                                                          : tr("%1 jitter").arg(nameOf(name)),
                           static_cast<int>(kind));
    m_compare->setToolTip(tr("A second jitter kind, overlaid in the herd view"));
    form->addRow(tr("Initial"), m_initial);
    form->addRow(tr("Multiplier"), m_multiplier);
    form->addRow(tr("Max"), m_max);
    form->addRow(tr("Jitter"), m_jitter);
    form->addRow(tr("Jitter factor"), m_factor);
    form->addRow(tr("Max attempts"), m_attempts);
    form->addRow(tr("Compare with"), m_compare);
    auto* formBox = new QWidget;
    formBox->setLayout(form);
    formBox->setMaximumWidth(360);

    m_delays = new TimeChart(tr("Delay before retry n, over %1 callers").arg(kSamples), tr("ms"));
    m_delays->setXTitle(tr("retry number"));
    // In the order of the quantiles recompute() draws: max, 95th, median, 5th, min.
    m_percentiles = {m_delays->addLine(tr("max"), palette::kRed, Qt::DotLine, 1.5),
                     m_delays->addLine(tr("95th"), palette::kOrange),
                     m_delays->addLine(tr("median"), palette::kBlue, Qt::SolidLine, 2.5),
                     m_delays->addLine(tr("5th"), palette::kLime),
                     m_delays->addLine(tr("min"), palette::kLime, Qt::DotLine, 1.5)};
    m_herd = new TimeChart(
        tr("Herd: when the retries of %1 clients that failed together land").arg(kHerd),
        tr("retries"));
    m_herd->setXTitle(tr("seconds after the failure"));
    m_herd->setXAxis("%.2f", 0);
    m_herdMine = m_herd->addLine(tr("this jitter"), palette::kBlue);
    m_herdCompared = m_herd->addLine(tr("compared"), palette::kPurple, Qt::DashLine);

    m_total = new TimeChart(
        tr("Time until giving up when every attempt fails: the sleeps of %1 callers").arg(kSamples),
        tr("callers"));
    m_total->setXTitle(tr("seconds of backoff before the last attempt"));
    m_total->setXAxis("%.2f", 0);
    m_callers = m_total->addLine(tr("callers"), palette::kBlue);

    auto* charts = new QSplitter(Qt::Vertical);
    charts->addWidget(m_delays);
    charts->addWidget(m_total);
    charts->addWidget(m_herd);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(formBox);
    layout->addWidget(charts, 1);

    for (QComboBox* c : {m_backoff, m_jitter, m_compare})
        connect(c, &QComboBox::currentIndexChanged, this, &BackoffDesigner::recompute);
    for (QDoubleSpinBox* s : {m_initial, m_multiplier, m_max, m_factor})
        connect(s, &QDoubleSpinBox::valueChanged, this, &BackoffDesigner::recompute);
    connect(m_attempts, &QSpinBox::valueChanged, this, &BackoffDesigner::recompute);
    selectKind(m_backoff, BackoffSpec::Kind::Exponential);
    recompute();
}

void BackoffDesigner::setRetry(const RetrySpec& r)
{
    m_updating = true;
    selectKind(m_backoff, r.backoff.kind);
    m_initial->setValue(r.backoff.kind == BackoffSpec::Kind::Constant  ? r.backoff.delayMs
                        : r.backoff.kind == BackoffSpec::Kind::Urllib3 ? r.backoff.factorMs
                                                                       : r.backoff.initialMs);
    m_multiplier->setValue(r.backoff.multiplier);
    m_max->setValue(std::isfinite(r.backoff.maxMs) ? r.backoff.maxMs : 0.0);
    selectKind(m_jitter, r.jitter.kind);
    m_factor->setValue(r.jitter.factor);
    m_attempts->setValue(std::clamp(r.maxAttempts, 2, 20));
    m_updating = false;
    recompute();
}

RetrySpec BackoffDesigner::retry() const
{
    RetrySpec r;
    r.maxAttempts = m_attempts->value();
    r.backoff.kind = kindIn<BackoffSpec::Kind>(m_backoff);
    r.backoff.initialMs = m_initial->value();
    r.backoff.delayMs = m_initial->value();
    r.backoff.incrementMs = m_initial->value();
    r.backoff.factorMs = m_initial->value(); // urllib3's backoff_factor
    r.backoff.multiplier = m_multiplier->value();
    r.backoff.maxMs = m_max->value() > 0 ? m_max->value() : kInfiniteMs;
    const bool random = JitterSpec::isInherentlyRandom(r.backoff.kind);
    r.jitter =
        random ? JitterSpec{} : jitterOf(kindIn<JitterSpec::Kind>(m_jitter), m_factor->value());
    return r;
}

void BackoffDesigner::recompute()
{
    if (m_updating) return;
    const RetrySpec r = retry();
    m_jitter->setEnabled(!JitterSpec::isInherentlyRandom(r.backoff.kind));
    m_multiplier->setEnabled(r.backoff.kind == BackoffSpec::Kind::Exponential);
    m_factor->setEnabled(r.jitter.kind == JitterSpec::Kind::Proportional);

    const int retries = r.maxAttempts - 1;
    std::vector<std::vector<double>> perRetry(static_cast<std::size_t>(retries));
    std::vector<double> totalS(static_cast<std::size_t>(kSamples), 0.0);
    for (const ScheduledDelay& d : scheduleDelays(r, kSamples, 5)) {
        perRetry[static_cast<std::size_t>(d.retry - 1)].push_back(d.delayMs);
        totalS[static_cast<std::size_t>(d.sample - 1)] += d.delayMs / 1000.0;
    }
    std::vector<QPointF> lines[5];
    double top = 0;
    for (int n = 1; n <= retries; ++n) {
        auto& v = perRetry[static_cast<std::size_t>(n - 1)];
        const double q[5] = {1.0, 0.95, 0.5, 0.05, 0.0};
        for (int k = 0; k < 5; ++k)
            lines[k].emplace_back(n, percentile(v, q[k]));
        top = std::max(top, lines[0].back().y());
    }
    for (std::size_t k = 0; k < m_percentiles.size(); ++k)
        m_delays->setPoints(m_percentiles[k], lines[k]);
    m_delays->setXAxis("%.0f", std::max(2, retries));
    m_delays->setRange(1, std::max(2, retries), 1.0);

    // Sleeps alone (attempt durations depend on the endpoint): what a caller waits before giving
    // up.
    const double longest = std::max(*std::max_element(totalS.begin(), totalS.end()) * 1.02, 0.001);
    m_total->setPoints(m_callers, histogram(totalS, longest, 100));
    m_total->setRange(0, longest, 1.0);

    const std::vector<double> mine = herdTimes(r, kHerd);
    RetrySpec other = r;
    other.jitter = JitterSpec::isInherentlyRandom(r.backoff.kind)
                       ? JitterSpec{}
                       : jitterOf(kindIn<JitterSpec::Kind>(m_compare), m_factor->value());
    const std::vector<double> theirs = herdTimes(other, kHerd);
    double last = 0;
    for (double t : mine)
        last = std::max(last, t);
    for (double t : theirs)
        last = std::max(last, t);
    last = std::max(last * 1.02, 0.001);
    m_herd->setPoints(m_herdMine, histogram(mine, last, 120));
    m_herd->setPoints(m_herdCompared, histogram(theirs, last, 120));
    m_herd->setRange(0, last, 1.0);
    emit changed();
}

void BackoffDesigner::setDark(bool dark)
{
    for (TimeChart* c : findChildren<TimeChart*>())
        c->setDark(dark);
}

} // namespace reslab::ui
