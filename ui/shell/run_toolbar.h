#pragma once
// The Run toolbar: Run/Pause, Step 1 s and Reset, the speed (0.1× … 1000× or as fast as
// possible), the seed a Reset applies, and the virtual clock. It holds no run state of its
// own: the window tells it what is possible (setState) and hears what the user asks for.

#include "sim/time.h"

#include <QToolBar>
#include <cstdint>

class QComboBox;
class QLabel;
class QSpinBox;

namespace reslab::ui {

class RunToolbar final : public QToolBar
{
    Q_OBJECT
public:
    explicit RunToolbar(QWidget* parent = nullptr);

    QAction* runAction() const { return m_run; }
    // Where actions of other objects go (before the speed): Record.
    QAction* extrasSlot() const { return m_extras; }
    double speed() const;
    // One of the offered speeds (LiveRun::kFastest for as fast as possible); others are ignored.
    bool setSpeed(double speed);
    std::uint64_t seed() const;
    void setSeed(std::uint64_t seed); // clamped to what the seed box shows
    // The run's virtual clock, or the wall time since serving began (the views show served
    // traffic).
    enum class Clock
    {
        Virtual,
        Served
    };
    void setClock(Time virtualNow, Clock clock = Clock::Virtual);
    void setState(bool runnable, bool running, bool finished);

signals:
    void runOrPauseClicked();
    void stepClicked();
    void resetClicked();
    void speedChanged(double speed);

private:
    QAction* m_run = nullptr;
    QAction* m_step = nullptr;
    QAction* m_reset = nullptr;
    QAction* m_extras = nullptr;
    QComboBox* m_speed = nullptr;
    QSpinBox* m_seed = nullptr;
    QLabel* m_clock = nullptr;
};

} // namespace reslab::ui
