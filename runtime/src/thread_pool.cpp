//===- thread_pool.cpp - the workers behind dlc_host_api::parallel_for ----===//
#include "thread_pool.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <thread>

#include <sched.h>

namespace dlc::runtime {

// One parallelFor call: [begin, begin + count) split into `chunks` nearly
// equal ranges, claimed in order under the pool's mutex.
struct ThreadPool::Job {
  dlc_parallel_body body;
  void *arg;
  int64_t begin;
  uint64_t count;
  uint64_t chunks;
  uint64_t claimed = 0;
  uint64_t finished = 0;
  // finished == chunks, for the caller spinning without the mutex.
  std::atomic<bool> done{false};
};

namespace {
// Long enough to bridge the gap between two parallel loops of one model
// run, short enough that an idle pool soon sleeps.
constexpr std::chrono::nanoseconds kSpinWaitNs{100000};

// Tells the core this thread is spinning (frees resources for its sibling).
inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ volatile("yield");
#endif
}
} // namespace

bool ThreadPool::spinUntil(const std::atomic<bool> &flag) {
  auto deadline = std::chrono::steady_clock::now() + kSpinWaitNs;
  while (!flag.load(std::memory_order_acquire)) {
    for (int i = 0; i < 64; ++i)
      cpuRelax();
    if (std::chrono::steady_clock::now() > deadline)
      return false;
  }
  return true;
}

ThreadPool::ThreadPool(unsigned workers) {
  // Workers take no signals, so they go to the application's own threads.
  sigset_t all, previous;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &previous);
  for (unsigned i = 0; i < workers; ++i) {
    pthread_t thread;
    if (pthread_create(&thread, nullptr, &ThreadPool::workerMain, this) != 0)
      break;
    pthread_setname_np(thread, "dlc-worker");
    threads_.push_back(thread);
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  workAvailable_.notify_all();
  for (pthread_t thread : threads_)
    pthread_join(thread, nullptr);
}

ThreadPool &ThreadPool::shared() {
  static ThreadPool *pool = [] {
    unsigned cpus = std::thread::hardware_concurrency();
    cpu_set_t allowed;
    if (sched_getaffinity(0, sizeof(allowed), &allowed) == 0)
      cpus = static_cast<unsigned>(CPU_COUNT(&allowed));
    return new ThreadPool(cpus > 1 ? cpus - 1 : 0);
  }();
  return *pool;
}

void *ThreadPool::workerMain(void *self) {
  auto &pool = *static_cast<ThreadPool *>(self);
  std::unique_lock<std::mutex> lock(pool.mutex_);
  while (true) {
    if (pool.queue_.empty() && !pool.stopping_) {
      lock.unlock();
      spinUntil(pool.hasWork_);
      lock.lock();
    }
    pool.workAvailable_.wait(lock, [&] { return pool.stopping_ || !pool.queue_.empty(); });
    if (pool.stopping_)
      return nullptr;
    pool.runChunk(*pool.queue_.front(), lock);
  }
}

// Claims the next chunk of `job` and runs it with the mutex released.
void ThreadPool::runChunk(Job &job, std::unique_lock<std::mutex> &lock) {
  uint64_t index = job.claimed++;
  if (job.claimed == job.chunks) {
    queue_.erase(std::find(queue_.begin(), queue_.end(), &job));
    hasWork_.store(!queue_.empty(), std::memory_order_release);
  }
  uint64_t size = job.count / job.chunks, extra = job.count % job.chunks;
  uint64_t offset = index * size + std::min(index, extra);
  size += index < extra ? 1 : 0;
  // Unsigned: end - begin may not fit in int64_t, but every bound does.
  auto begin = static_cast<int64_t>(static_cast<uint64_t>(job.begin) + offset);
  auto end = static_cast<int64_t>(static_cast<uint64_t>(begin) + size);
  lock.unlock();
  job.body(job.arg, begin, end);
  lock.lock();
  if (++job.finished == job.chunks) {
    job.done.store(true, std::memory_order_release);
    chunkFinished_.notify_all();
  }
}

void ThreadPool::parallelFor(int64_t begin, int64_t end, dlc_parallel_body body, void *arg,
                             unsigned maxThreads) {
  if (end <= begin)
    return;
  uint64_t count = static_cast<uint64_t>(end) - static_cast<uint64_t>(begin);
  unsigned threads = maxThreads == 0 ? concurrency() : std::min(maxThreads, concurrency());
  if (threads <= 1 || count == 1) {
    body(arg, begin, end);
    return;
  }
  uint64_t perThread = threads == concurrency() ? kChunksPerThread : 1;
  uint64_t chunks = std::min<uint64_t>(count, uint64_t{threads} * perThread);
  Job job{body, arg, begin, count, chunks};
  std::unique_lock<std::mutex> lock(mutex_);
  queue_.push_back(&job);
  hasWork_.store(true, std::memory_order_release);
  for (uint64_t i = 1; i < std::min<uint64_t>(chunks, threads); ++i)
    workAvailable_.notify_one();
  while (job.claimed < job.chunks)
    runChunk(job, lock);
  if (job.finished != job.chunks) {
    lock.unlock();
    spinUntil(job.done);
    lock.lock();
  }
  // The last access to `job` by a worker happens under the mutex, before the
  // count reaches `chunks`: after this wait nobody touches it again.
  chunkFinished_.wait(lock, [&] { return job.finished == job.chunks; });
}

} // namespace dlc::runtime
