#include "tuning_worker.h"

namespace reslab::ui {

void TuningWorker::run(const TuningRequest& request, const CancelFlag& cancel, quint64 generation)
{
    TuningSnapshot result = TuningResult::run(
        request, *cancel, [this, generation](std::size_t done, std::size_t total) {
            emit progress(generation, done, total);
        });
    emit finished(generation, std::move(result));
}

} // namespace reslab::ui
