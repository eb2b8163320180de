#ifndef LECTOR_CLIBXML2_SHIM_H
#define LECTOR_CLIBXML2_SHIM_H

// Debian builds libxml2 with ICU, so <libxml/encoding.h> includes ICU's <unicode/ucnv.h>. Any Swift
// module that then also sees Foundation (which carries its own ICU) fails to build on two
// definitions of `enum UErrorCode`. Lector never uses libxml2's ICU converters, so hide them: once
// xmlversion.h (include-guarded) has been read, the macro stays undefined for every later header.
// The only thing this changes is two trailing pointer fields of xmlCharEncodingHandler, a struct
// that libxml2 allocates and Lector never touches.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#endif
