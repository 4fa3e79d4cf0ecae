#pragma once

namespace rgw {

/// For batch processes (rgw-cli, the benchmarks): memory freed is kept for the
/// process's next allocations instead of being unmapped and mapped again.
/// An extraction allocates and frees image-sized buffers stage after stage;
/// with glibc's defaults each buffer over its mmap threshold is a fresh
/// mapping whose pages are faulted in one by one (on the 2-core VM of the
/// benchmarks ~12-18 µs per 4 KiB page, more than the arithmetic on them),
/// then returned to the system when freed. Fixed thresholds (no dynamic
/// adjustment) keep buffers up to 32 MiB on the heap and let the heap shrink
/// only past 256 MiB free; memory is returned when the process ends. A no-op
/// where the C library is not glibc. Not for the GUI, which lives long.
void keepFreedMemoryForReuse();

} // namespace rgw
