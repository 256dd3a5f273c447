#include "retry_mode.h"

#include "field_specs.h"
#include "policy/envoy_retry_spec.h"
#include "policy/retry_spec.h"

#include <QJsonDocument>

namespace reslab::ui {

namespace {
// Envoy's retry_on has no default (the route says which classes); 5xx is the one every mesh
// starts from (Envoy's docs' examples; Istio adds gateway-error,connect-failure,refused-stream).
constexpr const char* kEnvoyStartRetryOn = "5xx";

QStringList otherKeys(const QJsonObject& retry, const QStringList& kept)
{
    QStringList out;
    for (auto it = retry.begin(); it != retry.end(); ++it)
        if (it.key() != QLatin1String("type") && !kept.contains(it.key())) out << it.key();
    return out;
}
} // namespace

RetrySwitch toEnvoyRetry(const QJsonObject& retry)
{
    RetrySwitch out;
    const int attempts = retry.value("max_attempts").toInt(kDefaultMaxAttempts);
    out.strategy.insert("type", "retry");
    out.strategy.insert("retry_on", kEnvoyStartRetryOn);
    out.strategy.insert("num_retries", std::max(0, attempts - 1));
    out.removed = otherKeys(retry, {"max_attempts"});
    return out;
}

RetrySwitch toLibraryRetry(const QJsonObject& retry)
{
    RetrySwitch out;
    out.strategy = QJsonDocument::fromJson(newStrategyJson("retry").toUtf8()).object();
    const int attempts = retry.contains("max_attempts")
                             ? retry.value("max_attempts").toInt(kEnvoyDefaultNumRetries + 1)
                             : retry.value("num_retries").toInt(kEnvoyDefaultNumRetries) + 1;
    out.strategy.insert("max_attempts", std::max(1, attempts));
    out.removed = otherKeys(retry, {"max_attempts", "num_retries"});
    return out;
}

} // namespace reslab::ui
