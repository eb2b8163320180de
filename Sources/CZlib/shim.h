#ifndef LECTOR_CZLIB_SHIM_H
#define LECTOR_CZLIB_SHIM_H

#include <zlib.h>

// inflateInit2() is a macro, which Swift cannot call: this passes the version and struct size it
// would pass. windowBits -15 reads raw deflate data, as ZIP entries hold it.
static inline int lector_inflate_init_raw(z_stream *stream) {
    return inflateInit2_(stream, -15, ZLIB_VERSION, (int)sizeof(z_stream));
}

#endif
