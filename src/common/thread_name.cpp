#include "common/thread_name.h"

#include <string>

#include <pthread.h>

namespace mensajero {

void nameThisThread(std::string_view name) {
  constexpr std::size_t kMaxLength = 15;  // the kernel's TASK_COMM_LEN, less the terminator
  const std::string cut(name.substr(0, kMaxLength));
  (void)pthread_setname_np(pthread_self(), cut.c_str());
}

}  // namespace mensajero
