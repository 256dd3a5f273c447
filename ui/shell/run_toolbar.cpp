#include "run_toolbar.h"

#include "run/live_run.h"

#include <QComboBox>
#include <QLabel>
#include <QSpinBox>
#include <algorithm>

namespace reslab::ui {

namespace {
struct Speed
{
    const char* label;
    double value; // virtual seconds per wall-clock second
};
constexpr Speed kSpeeds[] = {{"0.1×", 0.1},     {"1×", 1.0},
                             {"10×", 10.0},     {"100×", 100.0},
                             {"1000×", 1000.0}, {"As fast as possible", LiveRun::kFastest}};
constexpr int kDefaultSpeed = 1; // 1×: a run starts at the pace of the wall clock
// The largest seed the box shows; a scenario's larger seed is run as it is written only from
// the command line.
constexpr int kMaxSeedShown = 2'000'000'000;
} // namespace

RunToolbar::RunToolbar(QWidget* parent) : QToolBar(tr("Run"), parent)
{
    setObjectName("runToolbar");
    m_run = addAction(tr("Run"), this, &RunToolbar::runOrPauseClicked);
    m_run->setShortcut(Qt::Key_Space);
    m_step = addAction(tr("Step 1 s"), this, &RunToolbar::stepClicked);
    m_step->setToolTip(tr("Advance one virtual second"));
    m_reset = addAction(tr("Reset"), this, &RunToolbar::resetClicked);
    m_reset->setToolTip(tr("Back to t = 0 with the seed shown"));
    m_extras = addSeparator();
    addWidget(new QLabel(tr(" Speed ")));
    m_speed = new QComboBox;
    for (const Speed& s : kSpeeds)
        m_speed->addItem(tr(s.label), s.value);
    m_speed->setCurrentIndex(kDefaultSpeed);
    m_speed->setToolTip(tr("Virtual seconds per wall-clock second"));
    connect(m_speed, &QComboBox::currentIndexChanged, this,
            [this](int) { emit speedChanged(speed()); });
    addWidget(m_speed);
    addWidget(new QLabel(tr("  Seed ")));
    m_seed = new QSpinBox;
    m_seed->setRange(0, kMaxSeedShown);
    m_seed->setToolTip(
        tr("Every random number of the run derives from the seed; Reset applies a new one."));
    addWidget(m_seed);
    addSeparator();
    m_clock = new QLabel;
    m_clock->setMinimumWidth(160);
    addWidget(m_clock);
}

double RunToolbar::speed() const
{
    return m_speed->currentData().toDouble();
}

bool RunToolbar::setSpeed(double speed)
{
    const int index = m_speed->findData(speed);
    if (index >= 0) m_speed->setCurrentIndex(index);
    return index >= 0;
}

std::uint64_t RunToolbar::seed() const
{
    return std::uint64_t(m_seed->value());
}

void RunToolbar::setSeed(std::uint64_t seed)
{
    m_seed->setValue(int(std::min<std::uint64_t>(seed, kMaxSeedShown)));
}

void RunToolbar::setClock(Time virtualNow, Clock clock)
{
    const double seconds = toSeconds(virtualNow);
    m_clock->setText(clock == Clock::Virtual ? tr("virtual time %1 s").arg(seconds, 0, 'f', 1)
                                             : tr("served for %1 s").arg(seconds, 0, 'f', 1));
}

void RunToolbar::setState(bool runnable, bool running, bool finished)
{
    m_run->setEnabled(runnable && !finished);
    m_run->setText(running ? tr("Pause") : tr("Run"));
    m_run->setToolTip(runnable ? tr("Run or pause (Space)")
                               : tr("Fix the scenario's problems first (see the editor)"));
    m_step->setEnabled(runnable && !finished && !running);
    m_reset->setEnabled(runnable);
}

} // namespace reslab::ui
