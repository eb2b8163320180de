// A cache prefetch hint, which Swift has no spelling for.
#ifndef LECTOR_PREFETCH_H
#define LECTOR_PREFETCH_H

/// Asks the processor to start fetching the cache line at `address` for reading, without waiting
/// for it and without faulting (a hint; it never changes what a program computes).
static inline void lector_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
