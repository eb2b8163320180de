// Only the declaration in include/CLibFuzzer.h matters; the definition is in libFuzzer's runtime.
#include "CLibFuzzer.h"
