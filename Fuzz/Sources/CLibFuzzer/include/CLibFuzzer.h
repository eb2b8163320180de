#ifndef LECTOR_CLIBFUZZER_H
#define LECTOR_CLIBFUZZER_H

#include <stddef.h>
#include <stdint.h>

// libFuzzer's entry point for programs that have a main() of their own (libFuzzer 12 and later;
// the runtime that -sanitize=fuzzer links defines it). It parses libFuzzer's flags from argv and
// runs the fuzzing loop, calling `callback` once per input.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
