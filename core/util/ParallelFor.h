#pragma once

// The project's one fork-join loop: body(i) for every i in [0, n) on a few
// std::threads (the caller's included). Items are handed out one at a time
// from an atomic counter, so a body that writes to slot i gives results in a
// deterministic order whatever thread computed them.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace rgw {

/// Threads worth using for I/O-bound work on `items` (at least 1, at most 8).
inline unsigned ioWorkerCount(std::size_t items) {
    const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    return static_cast<unsigned>(std::min<std::size_t>({hw, 8u, std::max<std::size_t>(items, 1)}));
}

/// `requested` threads, 0 meaning one per hardware thread; never more than
/// there are items, never fewer than 1.
inline unsigned resolveThreadCount(unsigned requested, std::size_t items) {
    const unsigned wanted = requested == 0 ? std::thread::hardware_concurrency() : requested;
    return static_cast<unsigned>(std::clamp<std::size_t>(std::min<std::size_t>(wanted, items), 1,
                                                         std::max<std::size_t>(items, 1)));
}

/// Calls body(i) for every i in [0, n) on up to `threads` threads, stopping
/// early when stop() returns true. When bodies throw, the exception of the
/// lowest failing index is rethrown after all threads have joined. If the
/// system cannot start more threads, the ones running do the work.
template <class Body, class Stop>
void parallelFor(std::size_t n, unsigned threads, Body&& body, Stop&& stop) {
    std::atomic<std::size_t> next{0};
    std::mutex errorMutex;
    std::exception_ptr error;
    std::size_t errorIndex = n;
    auto worker = [&] {
        for (;;) {
            if (stop())
                return;
            const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
            if (i >= n)
                return;
            try {
                body(i);
            } catch (...) {
                std::lock_guard lock(errorMutex);
                if (i < errorIndex) {
                    errorIndex = i;
                    error = std::current_exception();
                }
                next.store(n, std::memory_order_relaxed); // stop handing out work
            }
        }
    };
    std::vector<std::thread> pool;
    try {
        for (unsigned t = 1; t < std::min<std::size_t>(threads, n); ++t)
            pool.emplace_back(worker);
    } catch (const std::system_error&) {
        // Fewer threads than asked: those started, and this one, do the work.
    }
    worker();
    for (auto& t : pool)
        t.join();
    if (error)
        std::rethrow_exception(error);
}

template <class Body> void parallelFor(std::size_t n, unsigned threads, Body&& body) {
    parallelFor(n, threads, std::forward<Body>(body), [] { return false; });
}

} // namespace rgw
