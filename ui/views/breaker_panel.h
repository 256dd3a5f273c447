#pragma once
// A compact panel per circuit breaker in the spirit of the Hystrix dashboard: its state in
// colour, the failure and slow-call rates against their thresholds, the calls in its window, and
// the last ten virtual seconds of calls counted by outcome in the outcome colours.

#include "live_store.h"

#include <QWidget>
#include <array>
#include <vector>

namespace reslab::ui {

class BreakerPanel : public QWidget
{
    Q_OBJECT
public:
    static constexpr double kRollingSeconds = 10.0; // Hystrix's default rolling window

    explicit BreakerPanel(QWidget* parent = nullptr);
    void setCards(std::vector<BreakerCard> cards);
    const std::vector<BreakerCard>& cards() const { return m_cards; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return {200, 90}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::vector<BreakerCard> m_cards;
};

QColor breakerStateColor(BreakerState state);

} // namespace reslab::ui
