// The header's function is inline; SwiftPM wants a source file in every C target.
#include "lector_prefetch.h"
