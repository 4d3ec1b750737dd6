// Clock is header-only today; this unit gives the module a library to link and a place for
// the circuit breaker, token buckets and backoff policy that the next issue adds.
#include "resilience/clock.h"
