// ICU's headers rename every entry point with a version suffix through function-like macros
// (ubrk_open -> ubrk_open_72), which Swift cannot see through. These inline wrappers expand the
// macros in C, so Swift code calls stable names whatever ICU version the system ships.
#ifndef LECTOR_CICU_SHIM_H
#define LECTOR_CICU_SHIM_H

#include <unicode/utypes.h>
#include <unicode/ubrk.h>
#include <unicode/ucsdet.h>
#include <unicode/ucnv.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

static inline const char *lector_u_errorName(UErrorCode code) { return u_errorName(code); }

// Break iteration.
static inline UBreakIterator *lector_ubrk_open(UBreakIteratorType type, const char *locale, const UChar *text,
                                               int32_t textLength, UErrorCode *status) {
    return ubrk_open(type, locale, text, textLength, status);
}
static inline void lector_ubrk_close(UBreakIterator *bi) { ubrk_close(bi); }
static inline int32_t lector_ubrk_first(UBreakIterator *bi) { return ubrk_first(bi); }
static inline int32_t lector_ubrk_next(UBreakIterator *bi) { return ubrk_next(bi); }
static inline int32_t lector_ubrk_getRuleStatus(UBreakIterator *bi) { return ubrk_getRuleStatus(bi); }
static inline void lector_ubrk_setText(UBreakIterator *bi, const UChar *text, int32_t textLength, UErrorCode *status) {
    ubrk_setText(bi, text, textLength, status);
}

// Charset detection.
static inline UCharsetDetector *lector_ucsdet_open(UErrorCode *status) { return ucsdet_open(status); }
static inline void lector_ucsdet_close(UCharsetDetector *d) { ucsdet_close(d); }
static inline void lector_ucsdet_setText(UCharsetDetector *d, const char *text, int32_t len, UErrorCode *status) {
    ucsdet_setText(d, text, len, status);
}
static inline void lector_ucsdet_setDeclaredEncoding(UCharsetDetector *d, const char *encoding, int32_t length,
                                                     UErrorCode *status) {
    ucsdet_setDeclaredEncoding(d, encoding, length, status);
}
static inline const UCharsetMatch **lector_ucsdet_detectAll(UCharsetDetector *d, int32_t *found, UErrorCode *status) {
    return ucsdet_detectAll(d, found, status);
}
static inline const char *lector_ucsdet_getName(const UCharsetMatch *m, UErrorCode *status) {
    return ucsdet_getName(m, status);
}
static inline int32_t lector_ucsdet_getConfidence(const UCharsetMatch *m, UErrorCode *status) {
    return ucsdet_getConfidence(m, status);
}
static inline const char *lector_ucsdet_getLanguage(const UCharsetMatch *m, UErrorCode *status) {
    return ucsdet_getLanguage(m, status);
}

// Conversion.
static inline UConverter *lector_ucnv_open(const char *name, UErrorCode *status) { return ucnv_open(name, status); }
static inline void lector_ucnv_close(UConverter *c) { ucnv_close(c); }
static inline int32_t lector_ucnv_toUChars(UConverter *c, UChar *dest, int32_t destCapacity, const char *src,
                                           int32_t srcLength, UErrorCode *status) {
    return ucnv_toUChars(c, dest, destCapacity, src, srcLength, status);
}
// Makes the converter stop at the first byte sequence it cannot map instead of substituting U+FFFD.
static inline void lector_ucnv_setToUCallBackStop(UConverter *c, UErrorCode *status) {
    ucnv_setToUCallBack(c, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, status);
}
static inline const char *lector_ucnv_getName(const UConverter *c, UErrorCode *status) { return ucnv_getName(c, status); }
static inline const char *lector_ucnv_getStandardName(const char *name, const char *standard, UErrorCode *status) {
    return ucnv_getStandardName(name, standard, status);
}

// Character properties.
static inline UScriptCode lector_uscript_getScript(UChar32 c, UErrorCode *status) { return uscript_getScript(c, status); }
static inline const char *lector_uscript_getShortName(UScriptCode s) { return uscript_getShortName(s); }
static inline int8_t lector_u_charType(UChar32 c) { return u_charType(c); }
static inline UBool lector_u_isalpha(UChar32 c) { return u_isalpha(c); }

#endif
