#ifndef LECTOR_CCLD2_H
#define LECTOR_CCLD2_H

// A small C view of Google's CLD2 (compact language detector 2) and of ICU's script property,
// for Swift. The C++ API stays behind these functions.

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// What CLD2 says about a whole buffer.
typedef struct {
    /// The top three languages as CLD2 `Language` values (26 = UNKNOWN_LANGUAGE).
    int32_t language[3];
    /// The share of the text (0–100) each of the three covers.
    int32_t percent[3];
    /// Each language's score as a ratio to the score of normal text in that language.
    double normalized_score[3];
    /// Letters CLD2 looked at (tags, digits and punctuation excluded).
    int32_t text_bytes;
    /// CLD2's own verdict: the first language is clearly ahead of the second.
    int32_t is_reliable;
    /// Leading bytes that are valid UTF-8.
    int32_t valid_prefix_bytes;
    /// How many chunks CLD2 found (may exceed the capacity the caller passed).
    int32_t chunk_count;
} lector_cld2_summary;

/// One run of the buffer in one language, in bytes of the buffer passed.
typedef struct {
    int32_t offset;
    int32_t bytes;
    int32_t language;
} lector_cld2_chunk;

/// Runs CLD2 on `length` bytes of UTF-8 `text` (plain text, no hints). `flags` are CLD2's
/// (`lector_cld2_flag_best_effort()`); up to `chunk_capacity` chunks are written to `chunks`.
/// Returns the top language.
int32_t lector_cld2_detect(
    const char *text,
    int32_t length,
    int32_t flags,
    lector_cld2_summary *summary,
    lector_cld2_chunk *chunks,
    int32_t chunk_capacity
);

/// CLD2's code for a language ("en", "zh-Hant", "un" for unknown). Never NULL.
const char *lector_cld2_language_code(int32_t language);
/// CLD2's English name for a language ("ENGLISH"). Never NULL.
const char *lector_cld2_language_name(int32_t language);
/// The CLD2 language for a code or name, or 26 (unknown).
int32_t lector_cld2_language_from_name(const char *name);
/// The value of UNKNOWN_LANGUAGE.
int32_t lector_cld2_unknown_language(void);
/// The flag that makes CLD2 answer on short text instead of returning unknown.
int32_t lector_cld2_flag_best_effort(void);
/// CLD2's version string.
const char *lector_cld2_version(void);

/// ICU's script of a code point (a UScriptCode; 0 Common, 1 Inherited), or -1 on error.
int32_t lector_script_of(uint32_t scalar);
/// The ISO 15924 code of an ICU script code ("Latn"), or "Zzzz".
const char *lector_script_code(int32_t script);
/// One past the largest script code ICU knows.
int32_t lector_script_code_limit(void);


#ifdef __cplusplus
}
#endif

#endif
