#pragma once

// A tiny fork-join loop over [0, n) on a few std::threads. Work items are
// handed out one at a time (an atomic counter), so results written to slot i
// keep a deterministic order whatever thread computes them.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace rgw::dicom::detail {

/// Threads worth using for I/O-bound work on this machine (at least 1, at most 8).
inline unsigned workerCount(std::size_t items) {
    const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    return static_cast<unsigned>(std::min<std::size_t>({hw, 8u, std::max<std::size_t>(items, 1)}));
}

/// Calls body(i) for every i in [0, n), stopping early when stop() returns
/// true. The exception of the lowest failing index is rethrown.
template <class Body, class Stop> void parallelFor(std::size_t n, Body&& body, Stop&& stop) {
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
    const unsigned threads = workerCount(n);
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t)
        pool.emplace_back(worker);
    worker();
    for (auto& t : pool)
        t.join();
    if (error)
        std::rethrow_exception(error);
}

template <class Body> void parallelFor(std::size_t n, Body&& body) {
    parallelFor(n, std::forward<Body>(body), [] { return false; });
}

} // namespace rgw::dicom::detail
