#include "common/thread_priority.h"

#include <thread>

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

namespace mensajero {
namespace {

int niceOf(pid_t thread_id) { return getpriority(PRIO_PROCESS, static_cast<id_t>(thread_id)); }

TEST(ThreadPriorityTest, LowersTheCallingThreadOnly) {
  const pid_t caller = gettid();
  const int before = niceOf(caller);
  int lowered = 0;
  std::thread housekeeping([&] {
    lowerThisThreadPriority();
    lowered = niceOf(gettid());
  });
  housekeeping.join();
  EXPECT_EQ(lowered, 19);
  EXPECT_EQ(niceOf(caller), before) << "the thread that started it keeps its priority";
}

}  // namespace
}  // namespace mensajero
