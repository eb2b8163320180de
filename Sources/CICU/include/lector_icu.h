// A plain-C window onto the system's ICU (Debian libicu-dev).
//
// Why not import ICU's headers into Swift directly: Foundation on Linux carries its own copy of ICU,
// and any Swift module that sees both Foundation and the system's ICU headers fails to build
// ("'U_…' from module '_FoundationICU' is not present in definition of 'enum UErrorCode'"), and
// ICU's version-renamed entry points (ubrk_open -> ubrk_open_72) are invisible to Swift anyway.
// So this header exposes only C types: handles are opaque pointers, error codes are int32_t
// (ICU's UErrorCode values; 0 is success, > 0 is failure), text is UTF-16 as uint16_t. The
// implementation in lector_icu.c includes ICU itself.
#ifndef LECTOR_ICU_H
#define LECTOR_ICU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LECTOR_U_ZERO_ERROR 0
/// Whether an ICU status code means failure (ICU's U_FAILURE).
int lector_u_failure(int32_t status);
const char *lector_u_errorName(int32_t status);

// Break iteration (ICU ubrk_*). Types: ICU's UBreakIteratorType values.
#define LECTOR_UBRK_CHARACTER 0
#define LECTOR_UBRK_WORD 1
#define LECTOR_UBRK_LINE 2
#define LECTOR_UBRK_SENTENCE 3
#define LECTOR_UBRK_DONE (-1)
// Word rule-status ranges (ICU UWordBreak): [0,100) none, [100,200) number, [200,300) letter,
// [300,400) kana, [400,500) ideographic.
#define LECTOR_UBRK_WORD_NONE_LIMIT 100
void *lector_ubrk_open(int32_t type, const char *locale, const uint16_t *text, int32_t textLength, int32_t *status);
void lector_ubrk_close(void *iterator);
int32_t lector_ubrk_first(void *iterator);
int32_t lector_ubrk_next(void *iterator);
int32_t lector_ubrk_following(void *iterator, int32_t offset);
int32_t lector_ubrk_getRuleStatus(void *iterator);
void lector_ubrk_setText(void *iterator, const uint16_t *text, int32_t textLength, int32_t *status);

// Charset detection (ICU ucsdet_*). Matches are valid until the next setText or close.
void *lector_ucsdet_open(int32_t *status);
void lector_ucsdet_close(void *detector);
void lector_ucsdet_setText(void *detector, const char *bytes, int32_t length, int32_t *status);
void lector_ucsdet_setDeclaredEncoding(void *detector, const char *encoding, int32_t length, int32_t *status);
/// Skips HTML/XML markup, whose ASCII would otherwise dilute the statistics. Returns the old setting.
int lector_ucsdet_enableInputFilter(void *detector, int enable);
/// Runs detection; returns the number of candidate matches (best first), fetched with the functions below.
int32_t lector_ucsdet_detectAll(void *detector, int32_t *status);
const char *lector_ucsdet_matchName(void *detector, int32_t index, int32_t *status);
int32_t lector_ucsdet_matchConfidence(void *detector, int32_t index, int32_t *status);
const char *lector_ucsdet_matchLanguage(void *detector, int32_t index, int32_t *status);

// Conversion (ICU ucnv_*).
void *lector_ucnv_open(const char *name, int32_t *status);
void lector_ucnv_close(void *converter);
/// Makes the converter stop at the first byte sequence it cannot map instead of substituting U+FFFD.
void lector_ucnv_setToUCallBackStop(void *converter, int32_t *status);
/// Converts all of `source` into `target` (UTF-16), like ucnv_toUChars; returns the UTF-16 length.
int32_t lector_ucnv_toUChars(void *converter, uint16_t *target, int32_t targetCapacity, const char *source,
                             int32_t sourceLength, int32_t *status);
/// Streaming conversion (ucnv_toUnicode). `*target` and `*source` advance; `offsets` may be NULL.
void lector_ucnv_toUnicode(void *converter, uint16_t **target, const uint16_t *targetLimit, const char **source,
                           const char *sourceLimit, int32_t *offsets, int flush, int32_t *status);
/// The bytes that made a stopped conversion fail (ucnv_getInvalidChars).
void lector_ucnv_getInvalidChars(void *converter, char *bytes, int8_t *length, int32_t *status);
const char *lector_ucnv_getName(void *converter, int32_t *status);
const char *lector_ucnv_getStandardName(const char *name, const char *standard, int32_t *status);

// Character properties.
/// ICU's UScriptCode for a code point.
int32_t lector_uscript_getScript(int32_t codePoint, int32_t *status);
/// The ISO 15924 code (e.g. "Arab", "Latn") for a UScriptCode.
const char *lector_uscript_getShortName(int32_t script);
/// ICU's UCharCategory for a code point.
int8_t lector_u_charType(int32_t codePoint);
int lector_u_isalpha(int32_t codePoint);

// Normalization (ICU unorm2_*).
/// Whether well-formed UTF-8 text is already in Unicode Normalization Form C: 1 yes, 0 no, -1 when
/// ICU fails (`status` says why). Exact (ICU's unorm2_isNormalized, which settles NFC_Quick_Check
/// "maybe" by normalizing), and cheap: one pass over the text in UTF-16.
int lector_unorm2_isNFC_utf8(const char *bytes, int32_t length, int32_t *status);

#ifdef __cplusplus
}
#endif

#endif
