#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>

namespace rgw {

/// Shared cancellation flag for long work. The worker polls it between units
/// of work; the requester (GUI, signal handler) sets it from any thread.
class CancelToken {
public:
    void cancel() noexcept { cancelled_.store(true, std::memory_order_relaxed); }
    bool isCancelled() const noexcept { return cancelled_.load(std::memory_order_relaxed); }

private:
    std::atomic<bool> cancelled_{false};
};

/// Progress report of long work: units done out of total, and what is being
/// worked on. Called from the worker thread.
using ProgressFn =
    std::function<void(std::size_t done, std::size_t total, const std::string& what)>;

} // namespace rgw
