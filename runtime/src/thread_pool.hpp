//===- thread_pool.hpp - the workers behind dlc_host_api::parallel_for ----===//
#ifndef DLC_RUNTIME_SRC_THREAD_POOL_HPP
#define DLC_RUNTIME_SRC_THREAD_POOL_HPP

#include "dlc/abi.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

#include <pthread.h>

namespace dlc::runtime {

/// A fixed set of worker threads that share parallelFor calls from any number
/// of threads. The calling thread always works on its own call too, so a call
/// finishes even when every worker is busy: nested and concurrent calls cannot
/// deadlock, and a pool with no workers runs everything inline.
class ThreadPool {
public:
  /// Starts up to `workers` threads (fewer if the system refuses some).
  explicit ThreadPool(unsigned workers);
  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;
  /// Waits for the workers to finish their current chunks and joins them.
  /// Only for pools with no parallelFor in flight.
  ~ThreadPool();

  /// The process-wide pool, started on first use with one worker per CPU this
  /// process may run on, minus the caller. Never destroyed, so that sessions
  /// may run during static destruction.
  static ThreadPool &shared();

  /// Workers plus the calling thread.
  unsigned concurrency() const { return static_cast<unsigned>(threads_.size()) + 1; }

  /// Calls body(arg, b, e) on disjoint ranges covering [begin, end), on at
  /// most `maxThreads` threads at once (0: concurrency()), and returns when
  /// all have returned. With the whole pool, the range is split into up to
  /// kChunksPerThread chunks per thread, claimed as threads come free, so a
  /// thread that starts late or is descheduled leaves its share to the
  /// others; under a smaller cap, into one chunk per allowed thread, since
  /// any awake worker takes a chunk that is left.
  void parallelFor(int64_t begin, int64_t end, dlc_parallel_body body, void *arg,
                   unsigned maxThreads = 0);

  /// Chunks per thread of a parallelFor over the whole pool: each claim
  /// costs a mutex round trip, against loops the compiler only sends here
  /// from about 10 us of work.
  static constexpr unsigned kChunksPerThread = 4;

private:
  struct Job;
  static void *workerMain(void *pool);
  void runChunk(Job &job, std::unique_lock<std::mutex> &lock);

  // Spins for a while (kSpinWaitNs) on `flag` becoming true before the
  // caller blocks: waking a sleeping thread costs tens of microseconds on a
  // VM, more than many of a model's parallel loops take.
  static bool spinUntil(const std::atomic<bool> &flag);

  std::mutex mutex_;
  // Mirrors !queue_.empty(), for workers spinning without the mutex.
  std::atomic<bool> hasWork_{false};
  std::condition_variable workAvailable_;
  std::condition_variable chunkFinished_;
  std::deque<Job *> queue_; // Jobs with chunks nobody has claimed yet.
  bool stopping_ = false;
  std::vector<pthread_t> threads_;
};

} // namespace dlc::runtime

#endif // DLC_RUNTIME_SRC_THREAD_POOL_HPP
