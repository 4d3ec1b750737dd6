// SessionRegistry's choice of the connection to evict: the one idle longest, each one once.
#include "http/session_registry.h"

#include <array>
#include <memory>

#include <gtest/gtest.h>

namespace mensajero::http {
namespace {

// The registry keeps sessions by address and weak reference and never calls into them, so
// these stand-ins own a byte each and are never dereferenced as sessions.
class Stand {
 public:
  Stand() : owner_(std::make_shared<std::array<unsigned char, 1>>()) {}
  std::shared_ptr<Session> session() const {
    return {owner_, reinterpret_cast<Session*>(owner_->data())};  // NOLINT: an opaque key
  }
  const Session* key() const { return session().get(); }
  void drop() { owner_.reset(); }

 private:
  std::shared_ptr<std::array<unsigned char, 1>> owner_;
};

TEST(SessionRegistryTest, OffersTheSessionsInTheOrderTheyTurnedIdle) {
  SessionRegistry registry;
  Stand a, b, c;
  for (const Stand* s : {&a, &b, &c}) ASSERT_TRUE(registry.add(s->session()));
  // a serves a request and turns idle again: b has now waited longest, then c, then a.
  registry.markBusy(a.key());
  registry.markIdle(a.key());
  EXPECT_EQ(registry.takeLongestIdle(), b.session());
  EXPECT_EQ(registry.takeLongestIdle(), c.session());
  EXPECT_EQ(registry.takeLongestIdle(), a.session());
  EXPECT_EQ(registry.takeLongestIdle(), nullptr);
  EXPECT_EQ(registry.size(), 3u);  // taken, not removed: they leave as they are destroyed
}

TEST(SessionRegistryTest, ABusySessionIsNotOffered) {
  SessionRegistry registry;
  Stand a, b;
  ASSERT_TRUE(registry.add(a.session()));
  ASSERT_TRUE(registry.add(b.session()));
  registry.markBusy(a.key());
  EXPECT_EQ(registry.takeLongestIdle(), b.session());
  EXPECT_EQ(registry.takeLongestIdle(), nullptr);
}

TEST(SessionRegistryTest, ATakenSessionIsNeverOfferedAgain) {
  SessionRegistry registry;
  Stand a, b;
  ASSERT_TRUE(registry.add(a.session()));
  ASSERT_TRUE(registry.add(b.session()));
  ASSERT_EQ(registry.takeLongestIdle(), a.session());
  // Its eviction found it writing an answer; it turns idle again before it closes.
  registry.markBusy(a.key());
  registry.markIdle(a.key());
  EXPECT_EQ(registry.takeLongestIdle(), b.session());
  EXPECT_EQ(registry.takeLongestIdle(), nullptr);
}

TEST(SessionRegistryTest, SkipsASessionBeingDestroyedAndForgetsRemovedOnes) {
  SessionRegistry registry;
  Stand a, b, c;
  for (const Stand* s : {&a, &b, &c}) ASSERT_TRUE(registry.add(s->session()));
  registry.markBusy(c.key());
  const Session* gone = a.key();
  a.drop();  // its destructor has not reached remove() yet
  EXPECT_EQ(registry.takeLongestIdle(), b.session());
  registry.remove(gone);
  registry.remove(c.key());  // from the busy list
  EXPECT_EQ(registry.size(), 1u);
  EXPECT_EQ(registry.live().size(), 1u);
  EXPECT_EQ(registry.takeLongestIdle(), nullptr);
}

TEST(SessionRegistryTest, RefusesSessionsOnceClosed) {
  SessionRegistry registry;
  Stand a, b;
  ASSERT_TRUE(registry.add(a.session()));
  EXPECT_EQ(registry.close().size(), 1u);
  EXPECT_FALSE(registry.add(b.session()));
  EXPECT_TRUE(registry.closed());
}

}  // namespace
}  // namespace mensajero::http
