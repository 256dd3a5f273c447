#pragma once
// Switching a retry between the libraries' semantics (tenacity, resilience4j, Polly, gRPC: its
// retry_on a list of outcomes) and Envoy's route retry policy (retry_on a string of Envoy's
// classes). The two share only the number of attempts; every other key is the one mode's and is
// removed, and named, so the switch never drops a setting silently.

#include <QJsonObject>
#include <QStringList>

namespace reslab::ui {

struct RetrySwitch
{
    QJsonObject strategy;
    QStringList removed; // the keys of the other mode that were dropped
};

// The retry in Envoy's mode: retry_on "5xx", num_retries from max_attempts.
RetrySwitch toEnvoyRetry(const QJsonObject& retry);
// The retry as the Add menu makes it, with max_attempts from num_retries (or max_attempts).
RetrySwitch toLibraryRetry(const QJsonObject& retry);

} // namespace reslab::ui
