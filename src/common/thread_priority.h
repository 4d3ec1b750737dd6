#pragma once

namespace mensajero {

// Gives the calling thread the lowest CPU priority (nice 19), for housekeeping that may run
// late but must not take a core from requests: on two cores, a 100 ms count of a large
// backlog at normal priority delayed the sends running beside it by tens of milliseconds
// (issue 13). The thread still runs when the machine is busy, only with a small share, so a
// read snapshot it holds is not kept open indefinitely. Best effort: a failure changes
// nothing.
void lowerThisThreadPriority();

}  // namespace mensajero
