#pragma once
// The editor's fields for fleets and service-mesh semantics (docs/scenario-format.md,
// "Endpoints", "load_balancer", "retry in Envoy mode"): an endpoint's replicas, zones and
// readiness probe, a phase's hosts, the balancer's outlier detection and failure accrual, and
// Envoy's route retry policy with its cluster's circuit breaker. Units, ranges and defaults come
// from the engine's named constants; choices from its name tables.

#include "field_specs.h"

namespace reslab::ui {

// replicas, zones, readiness (an endpoint's; not a trace's or a versioned record's).
FieldSpecs fleetFields();
// A phase's hosts and zone (`zones`: the endpoint's).
FieldSpecs phaseHostFields(const QStringList& zones);
// The load_balancer's outlier_detection (Envoy) and failure_accrual (Linkerd) groups.
FieldSpecs hostEjectionFields();
// The retry in Envoy mode: Envoy's retry policy and the cluster's circuit breaker.
FieldSpecs envoyRetryFields();
// Whether the strategy is a retry in Envoy mode (its retry_on a string, as the reader decides).
bool isEnvoyRetry(const QJsonObject& strategy);

} // namespace reslab::ui
