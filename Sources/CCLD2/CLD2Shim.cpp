// compact_lang_det.h uses FILE without including <cstdio>; it must come first.
#include <cstdio>
#include <cstring>
#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "CCLD2.h"

extern "C" int32_t lector_cld2_detect(
    const char *text,
    int32_t length,
    int32_t flags,
    lector_cld2_summary *summary,
    lector_cld2_chunk *chunks,
    int32_t chunk_capacity
) {
    CLD2::Language language3[3] = {CLD2::UNKNOWN_LANGUAGE, CLD2::UNKNOWN_LANGUAGE, CLD2::UNKNOWN_LANGUAGE};
    int percent3[3] = {0, 0, 0};
    double score3[3] = {0, 0, 0};
    int textBytes = 0;
    bool reliable = false;
    int validPrefix = 0;
    CLD2::ResultChunkVector resultChunks;
    CLD2::CLDHints hints = {nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
    CLD2::Language top = CLD2::ExtDetectLanguageSummaryCheckUTF8(
        text, length, true, &hints, flags, language3, percent3, score3, &resultChunks, &textBytes,
        &reliable, &validPrefix);
    for (int i = 0; i < 3; i++) {
        summary->language[i] = static_cast<int32_t>(language3[i]);
        summary->percent[i] = percent3[i];
        summary->normalized_score[i] = score3[i];
    }
    summary->text_bytes = textBytes;
    summary->is_reliable = reliable ? 1 : 0;
    summary->valid_prefix_bytes = validPrefix;
    summary->chunk_count = static_cast<int32_t>(resultChunks.size());
    int32_t count = summary->chunk_count < chunk_capacity ? summary->chunk_count : chunk_capacity;
    for (int32_t i = 0; i < count; i++) {
        chunks[i].offset = resultChunks[i].offset;
        chunks[i].bytes = resultChunks[i].bytes;
        chunks[i].language = resultChunks[i].lang1;
    }
    return static_cast<int32_t>(top);
}

extern "C" const char *lector_cld2_language_code(int32_t language) {
    const char *code = CLD2::LanguageCode(static_cast<CLD2::Language>(language));
    return code ? code : "un";
}

extern "C" const char *lector_cld2_language_name(int32_t language) {
    const char *name = CLD2::LanguageName(static_cast<CLD2::Language>(language));
    return name ? name : "Unknown";
}

extern "C" int32_t lector_cld2_language_from_name(const char *name) {
    return static_cast<int32_t>(CLD2::GetLanguageFromName(name));
}

extern "C" int32_t lector_cld2_unknown_language(void) { return CLD2::UNKNOWN_LANGUAGE; }

extern "C" int32_t lector_cld2_flag_best_effort(void) { return CLD2::kCLDFlagBestEffort; }

extern "C" const char *lector_cld2_version(void) { return CLD2::DetectLanguageVersion(); }

extern "C" int32_t lector_script_of(uint32_t scalar) {
    UErrorCode error = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(static_cast<UChar32>(scalar), &error);
    return U_FAILURE(error) ? -1 : static_cast<int32_t>(script);
}

extern "C" const char *lector_script_code(int32_t script) {
    const char *name = uscript_getShortName(static_cast<UScriptCode>(script));
    return name ? name : "Zzzz";
}

extern "C" int32_t lector_script_code_limit(void) {
    return static_cast<int32_t>(u_getIntPropertyMaxValue(UCHAR_SCRIPT)) + 1;
}
