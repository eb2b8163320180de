// The implementation behind lector_icu.h: thin calls into the system's ICU. See the header for why
// this layer exists.
#include <stdlib.h>

#include <unicode/utypes.h>
#include <unicode/ubrk.h>
#include <unicode/ucsdet.h>
#include <unicode/ucnv.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "lector_icu.h"

int lector_u_failure(int32_t status) { return U_FAILURE((UErrorCode)status); }
const char *lector_u_errorName(int32_t status) { return u_errorName((UErrorCode)status); }

void *lector_ubrk_open(int32_t type, const char *locale, const uint16_t *text, int32_t textLength, int32_t *status) {
    return ubrk_open((UBreakIteratorType)type, locale, (const UChar *)text, textLength, (UErrorCode *)status);
}
void lector_ubrk_close(void *iterator) { ubrk_close((UBreakIterator *)iterator); }
int32_t lector_ubrk_first(void *iterator) { return ubrk_first((UBreakIterator *)iterator); }
int32_t lector_ubrk_next(void *iterator) { return ubrk_next((UBreakIterator *)iterator); }
int32_t lector_ubrk_following(void *iterator, int32_t offset) { return ubrk_following((UBreakIterator *)iterator, offset); }
int32_t lector_ubrk_getRuleStatus(void *iterator) { return ubrk_getRuleStatus((UBreakIterator *)iterator); }
void lector_ubrk_setText(void *iterator, const uint16_t *text, int32_t textLength, int32_t *status) {
    ubrk_setText((UBreakIterator *)iterator, (const UChar *)text, textLength, (UErrorCode *)status);
}

// The detector keeps the last match list so callers can fetch matches by index.
typedef struct {
    UCharsetDetector *detector;
    const UCharsetMatch **matches;
    int32_t count;
} LectorDetector;

void *lector_ucsdet_open(int32_t *status) {
    UCharsetDetector *detector = ucsdet_open((UErrorCode *)status);
    if (U_FAILURE((UErrorCode)*status)) return 0;
    LectorDetector *wrapper = (LectorDetector *)calloc(1, sizeof(LectorDetector));
    if (!wrapper) {
        ucsdet_close(detector);
        *status = U_MEMORY_ALLOCATION_ERROR;
        return 0;
    }
    wrapper->detector = detector;
    return wrapper;
}
void lector_ucsdet_close(void *detector) {
    if (!detector) return;
    ucsdet_close(((LectorDetector *)detector)->detector);
    free(detector);
}
void lector_ucsdet_setText(void *detector, const char *bytes, int32_t length, int32_t *status) {
    LectorDetector *wrapper = (LectorDetector *)detector;
    wrapper->matches = 0;
    wrapper->count = 0;
    ucsdet_setText(wrapper->detector, bytes, length, (UErrorCode *)status);
}
void lector_ucsdet_setDeclaredEncoding(void *detector, const char *encoding, int32_t length, int32_t *status) {
    ucsdet_setDeclaredEncoding(((LectorDetector *)detector)->detector, encoding, length, (UErrorCode *)status);
}
int lector_ucsdet_enableInputFilter(void *detector, int enable) {
    return ucsdet_enableInputFilter(((LectorDetector *)detector)->detector, (UBool)(enable != 0));
}
int32_t lector_ucsdet_detectAll(void *detector, int32_t *status) {
    LectorDetector *wrapper = (LectorDetector *)detector;
    int32_t found = 0;
    wrapper->matches = ucsdet_detectAll(wrapper->detector, &found, (UErrorCode *)status);
    wrapper->count = U_FAILURE((UErrorCode)*status) ? 0 : found;
    return wrapper->count;
}
static const UCharsetMatch *match_at(void *detector, int32_t index, int32_t *status) {
    LectorDetector *wrapper = (LectorDetector *)detector;
    if (index < 0 || index >= wrapper->count) {
        *status = U_INDEX_OUTOFBOUNDS_ERROR;
        return 0;
    }
    return wrapper->matches[index];
}
const char *lector_ucsdet_matchName(void *detector, int32_t index, int32_t *status) {
    const UCharsetMatch *match = match_at(detector, index, status);
    return match ? ucsdet_getName(match, (UErrorCode *)status) : 0;
}
int32_t lector_ucsdet_matchConfidence(void *detector, int32_t index, int32_t *status) {
    const UCharsetMatch *match = match_at(detector, index, status);
    return match ? ucsdet_getConfidence(match, (UErrorCode *)status) : 0;
}
const char *lector_ucsdet_matchLanguage(void *detector, int32_t index, int32_t *status) {
    const UCharsetMatch *match = match_at(detector, index, status);
    return match ? ucsdet_getLanguage(match, (UErrorCode *)status) : 0;
}

void *lector_ucnv_open(const char *name, int32_t *status) { return ucnv_open(name, (UErrorCode *)status); }
void lector_ucnv_close(void *converter) { ucnv_close((UConverter *)converter); }
void lector_ucnv_setToUCallBackStop(void *converter, int32_t *status) {
    ucnv_setToUCallBack((UConverter *)converter, UCNV_TO_U_CALLBACK_STOP, 0, 0, 0, (UErrorCode *)status);
}
int32_t lector_ucnv_toUChars(void *converter, uint16_t *target, int32_t targetCapacity, const char *source,
                             int32_t sourceLength, int32_t *status) {
    return ucnv_toUChars((UConverter *)converter, (UChar *)target, targetCapacity, source, sourceLength, (UErrorCode *)status);
}
void lector_ucnv_toUnicode(void *converter, uint16_t **target, const uint16_t *targetLimit, const char **source,
                           const char *sourceLimit, int32_t *offsets, int flush, int32_t *status) {
    ucnv_toUnicode((UConverter *)converter, (UChar **)target, (const UChar *)targetLimit, source, sourceLimit, offsets,
                   (UBool)(flush != 0), (UErrorCode *)status);
}
void lector_ucnv_getInvalidChars(void *converter, char *bytes, int8_t *length, int32_t *status) {
    ucnv_getInvalidChars((const UConverter *)converter, bytes, length, (UErrorCode *)status);
}
const char *lector_ucnv_getName(void *converter, int32_t *status) {
    return ucnv_getName((const UConverter *)converter, (UErrorCode *)status);
}
const char *lector_ucnv_getStandardName(const char *name, const char *standard, int32_t *status) {
    return ucnv_getStandardName(name, standard, (UErrorCode *)status);
}

int32_t lector_uscript_getScript(int32_t codePoint, int32_t *status) {
    return (int32_t)uscript_getScript((UChar32)codePoint, (UErrorCode *)status);
}
const char *lector_uscript_getShortName(int32_t script) { return uscript_getShortName((UScriptCode)script); }
int8_t lector_u_charType(int32_t codePoint) { return u_charType((UChar32)codePoint); }
int lector_u_isalpha(int32_t codePoint) { return u_isalpha((UChar32)codePoint) ? 1 : 0; }

int lector_unorm2_isNFC_utf8(const char *bytes, int32_t length, int32_t *status) {
    const UNormalizer2 *nfc = unorm2_getNFCInstance((UErrorCode *)status);
    if (U_FAILURE((UErrorCode)*status)) return -1;
    // UTF-16 never needs more code units than UTF-8 has bytes.
    UChar stackBuffer[4096];
    UChar *buffer = length <= 4096 ? stackBuffer : malloc(sizeof(UChar) * (size_t)length);
    if (buffer == NULL) {
        *status = U_MEMORY_ALLOCATION_ERROR;
        return -1;
    }
    int32_t units = 0;
    u_strFromUTF8(buffer, length > 4096 ? length : 4096, &units, bytes, length, (UErrorCode *)status);
    int result = -1;
    if (U_SUCCESS((UErrorCode)*status)) {
        UBool normalized = unorm2_isNormalized(nfc, buffer, units, (UErrorCode *)status);
        if (U_SUCCESS((UErrorCode)*status)) result = normalized ? 1 : 0;
    }
    if (buffer != stackBuffer) free(buffer);
    return result;
}
