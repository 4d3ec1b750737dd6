#include "common/thread_priority.h"

#include <sys/resource.h>
#include <unistd.h>

namespace mensajero {

void lowerThisThreadPriority() {
  // Linux applies PRIO_PROCESS with a thread id to that thread alone (setpriority(2), BUGS).
  constexpr int kLowestPriority = 19;
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kLowestPriority);
}

}  // namespace mensajero
