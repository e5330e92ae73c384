//===- thread_pool_test.cpp - parallel_for coverage, nesting, concurrency -===//
#include "thread_pool.hpp"

#include <algorithm>
#include <atomic>
#include <deque>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

using dlc::runtime::ThreadPool;

namespace {

// Counts visits per index of [base, base + hits.size()).
struct Coverage {
  int64_t base;
  std::vector<std::atomic<int>> hits;
  std::atomic<int> calls{0};
  Coverage(int64_t base, size_t size) : base(base), hits(size) {}

  static void body(void *arg, int64_t begin, int64_t end) {
    auto *c = static_cast<Coverage *>(arg);
    c->calls.fetch_add(1);
    for (int64_t i = begin; i < end; ++i)
      c->hits[static_cast<size_t>(i - c->base)].fetch_add(1);
  }
  bool eachOnce() const {
    for (const std::atomic<int> &h : hits)
      if (h.load() != 1)
        return false;
    return true;
  }
};

TEST(ThreadPool, CoversEveryIndexOnce) {
  ThreadPool pool(3);
  EXPECT_EQ(pool.concurrency(), 4u);
  for (int64_t base : {int64_t(0), int64_t(-7), int64_t(1) << 40})
    for (size_t size : {1, 2, 3, 4, 5, 17, 1000}) {
      Coverage c(base, size);
      pool.parallelFor(base, base + static_cast<int64_t>(size), &Coverage::body, &c);
      EXPECT_TRUE(c.eachOnce()) << base << " " << size;
      EXPECT_LE(c.calls.load(), static_cast<int>(4 * ThreadPool::kChunksPerThread));
    }
}

TEST(ThreadPool, MaxThreadsCapsTheChunks) {
  ThreadPool pool(3);
  // Below the pool's size, one chunk per allowed thread keeps the cap; with
  // the whole pool, several per thread.
  for (unsigned cap : {1u, 2u, 3u, 4u, 9u}) {
    Coverage c(0, 1000);
    pool.parallelFor(0, 1000, &Coverage::body, &c, cap);
    EXPECT_TRUE(c.eachOnce()) << cap;
    unsigned chunks = cap < 4 ? cap : 4 * ThreadPool::kChunksPerThread;
    EXPECT_EQ(c.calls.load(), static_cast<int>(chunks)) << cap;
  }
  // One thread: the caller runs the whole range in one call.
  struct Caller {
    std::thread::id id;
    int calls = 0;
    static void body(void *arg, int64_t, int64_t) {
      auto *c = static_cast<Caller *>(arg);
      c->id = std::this_thread::get_id();
      ++c->calls;
    }
  } caller;
  pool.parallelFor(0, 1000, &Caller::body, &caller, 1);
  EXPECT_EQ(caller.calls, 1);
  EXPECT_EQ(caller.id, std::this_thread::get_id());
}

TEST(ThreadPool, EmptyAndReversedRangesCallNothing) {
  ThreadPool pool(2);
  Coverage c(0, 1);
  pool.parallelFor(5, 5, &Coverage::body, &c);
  pool.parallelFor(5, 2, &Coverage::body, &c);
  EXPECT_EQ(c.calls.load(), 0);
}

TEST(ThreadPool, ExtremeBoundsDoNotOverflow) {
  ThreadPool pool(3);
  struct Seen {
    std::atomic<uint64_t> total{0};
    static void body(void *arg, int64_t begin, int64_t end) {
      static_cast<Seen *>(arg)->total += static_cast<uint64_t>(end) - static_cast<uint64_t>(begin);
    }
  } seen;
  pool.parallelFor(INT64_MIN, INT64_MAX, &Seen::body, &seen);
  EXPECT_EQ(seen.total.load(), ~uint64_t(0));
}

TEST(ThreadPool, WithoutWorkersRunsInline) {
  ThreadPool pool(0);
  Coverage c(0, 100);
  pool.parallelFor(0, 100, &Coverage::body, &c);
  EXPECT_TRUE(c.eachOnce());
  EXPECT_EQ(c.calls.load(), 1);
}

// Every outer chunk starts an inner parallelFor while the workers are busy
// with outer chunks: the callers must finish them themselves.
TEST(ThreadPool, NestedCallsComplete) {
  ThreadPool pool(2);
  struct Outer {
    ThreadPool *pool;
    std::deque<Coverage> inner; // Coverage cannot move.
    static void body(void *arg, int64_t begin, int64_t end) {
      auto *o = static_cast<Outer *>(arg);
      for (int64_t i = begin; i < end; ++i)
        o->pool->parallelFor(0, 50, &Coverage::body, &o->inner[static_cast<size_t>(i)]);
    }
  } outer{&pool, {}};
  for (int i = 0; i < 16; ++i)
    outer.inner.emplace_back(0, 50);
  pool.parallelFor(0, 16, &Outer::body, &outer);
  for (const Coverage &c : outer.inner)
    EXPECT_TRUE(c.eachOnce());
}

// 15 workers, as on a 16-CPU machine, whatever this one has.
TEST(ThreadPool, ManyCallersAtOnce) {
  ThreadPool pool(15);
  std::vector<std::thread> callers;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t)
    callers.emplace_back([&] {
      for (int round = 0; round < 200; ++round) {
        Coverage c(0, 64);
        pool.parallelFor(0, 64, &Coverage::body, &c);
        if (!c.eachOnce())
          failures.fetch_add(1);
      }
    });
  for (std::thread &caller : callers)
    caller.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(ThreadPool, SharedPoolUsesTheAvailableCpus) {
  ThreadPool &shared = ThreadPool::shared();
  EXPECT_EQ(&shared, &ThreadPool::shared());
  EXPECT_GE(shared.concurrency(), 1u);
  Coverage c(0, 10);
  shared.parallelFor(0, 10, &Coverage::body, &c);
  EXPECT_TRUE(c.eachOnce());
}

} // namespace
