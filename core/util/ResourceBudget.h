#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>

namespace rgw {

/// The memory budget: the one place that decides whether an allocation sized
/// from outside data (a file header, a parameter, the grey levels of an ROI)
/// may go ahead. Every reader and every step of the radiomics pipeline asks it
/// *before* allocating, so bad input ends in a clear rgw::Error naming the
/// file and the quantity instead of std::bad_alloc, a swap storm or a crash.
///
/// The budget is process-wide (an atomic; set once at start-up from
/// `rgw-cli --max-memory` or the GUI settings). Its default is a quarter of
/// the physical memory, at most 1.5 GiB: one operation may use at most that
/// much at once.
namespace budget {

/// Physical memory of the machine in bytes (sysconf / sysctl / GlobalMemoryStatusEx);
/// 8 GiB when it cannot be determined.
std::uint64_t physicalMemoryBytes();

/// The default budget: min(physicalMemoryBytes() / 4, 1.5 GiB).
std::uint64_t defaultMemoryBytes();

/// The budget in force (defaultMemoryBytes() until set).
std::uint64_t memoryBytes();

/// Sets the budget; 0 restores the default. Thread-safe.
void setMemoryBytes(std::uint64_t bytes);

/// Parses a size as given to --max-memory: a number of bytes with an optional
/// unit — K, M, G, T (or kB, MB, GB, TB: powers of 1000, as formatBytes
/// writes them) or KiB, MiB, GiB, TiB (powers of 1024) — or a percentage of
/// physical memory ("50%"). Throws rgw::Error naming the text when it is not one.
std::uint64_t parseSize(const std::string& text);

/// "130 bytes", "4.0 GB", "140 TB": decimal units (powers of 1000), one
/// decimal below 10, for messages.
std::string formatBytes(std::uint64_t bytes);

/// a × b × … saturating at UINT64_MAX (so an overflow can only fail the
/// check, never wrap to a small number).
std::uint64_t product(std::initializer_list<std::uint64_t> factors);

/// a + b saturating at UINT64_MAX.
std::uint64_t sum(std::uint64_t a, std::uint64_t b);

/// Throws rgw::Error "<context>: <what> needs <N bytes>, over the memory
/// budget of <budget> (set with --max-memory or in the settings)[; <hint>]"
/// when bytes > memoryBytes(). `what` names the quantity, e.g. "re-sampling
/// the ROI to 0.01 × 0.01 × 0.01 mm (123456 × 123456 × 9000 voxels)".
void requireMemory(std::uint64_t bytes, const std::string& context, const std::string& what,
                   const std::string& hint = {});

/// Throws rgw::Error "<context>: <what> needs <N bytes> but the file holds
/// only <M bytes>" when the bytes a header declares cannot be in the file.
void requireInFile(std::uint64_t declaredBytes, std::uint64_t availableBytes,
                   const std::string& context, const std::string& what);

} // namespace budget
} // namespace rgw
