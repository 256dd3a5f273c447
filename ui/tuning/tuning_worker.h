#pragma once
// The Tuning page's sweep, off the GUI thread: a TuningWorker lives on its own QThread and runs
// the sweeps it is given one after another (TuningResult::run spreads each over every core),
// reporting progress a few times a second and then the finished, immutable result. Each sweep
// has its own cancel flag, which the engine checks between runs and inside long ones: a
// cancelled sweep stops at once, and one queued behind it is not affected.

#include "tuning_result.h"

#include <QObject>
#include <atomic>
#include <memory>

namespace reslab::ui {

using CancelFlag = std::shared_ptr<std::atomic<bool>>;

class TuningWorker final : public QObject
{
    Q_OBJECT
public:
    // Runs on the worker's thread (a queued call); `generation` tells its reports apart.
    void run(const TuningRequest& request, const CancelFlag& cancel, quint64 generation);

signals:
    void progress(quint64 generation, qulonglong done, qulonglong total);
    void finished(quint64 generation, reslab::ui::TuningSnapshot result);
};

} // namespace reslab::ui

Q_DECLARE_METATYPE(reslab::ui::TuningSnapshot)
