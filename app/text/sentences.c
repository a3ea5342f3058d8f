/* Sentence boundaries (UAX #29, ICU), for reading a page aloud one sentence
 * at a time and highlighting the one being heard. */
#include "incontro/text.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "incontro/core.h"

bool ik_text_sentences(const char *utf8, size_t len, const char *lang, size_t **offsets,
                       size_t *count)
{
    UErrorCode err = U_ZERO_ERROR;
    UText *ut = NULL;
    UBreakIterator *bi = NULL;
    size_t *out = NULL, n = 0, cap = 0, cp = 0, byte = 0;
    bool ok = false;
    char loc[32];
    size_t i = 0;
    for (; lang && lang[i] && i + 1 < sizeof loc; i++)
        loc[i] = lang[i] == '-' ? '_' : lang[i];
    loc[i] = '\0';
    ut = utext_openUTF8(NULL, utf8, (int64_t)len, &err);
    bi = ubrk_open(UBRK_SENTENCE, loc, NULL, 0, &err);
    if (U_SUCCESS(err))
        ubrk_setUText(bi, ut, &err);
    if (U_FAILURE(err)) {
        ik_fail("ICU sentence iterator: %s", u_errorName(err));
        goto done;
    }
    /* Offsets come in UTF-8 bytes; count code points up to each. */
    for (int32_t b = ubrk_following(bi, 0); b != UBRK_DONE; b = ubrk_next(bi)) {
        while (byte < (size_t)b && byte < len) {
            uint32_t c;
            size_t step = ik_utf8_decode(utf8 + byte, len - byte, &c);
            byte += step ? step : 1;   /* an invalid byte is one code point (U+FFFD) */
            cp++;
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            out = ik_xrealloc(out, cap, sizeof *out);
        }
        out[n++] = cp;
    }
    ok = true;
done:
    ubrk_close(bi);
    utext_close(ut);
    if (!ok) {
        free(out);
        return false;
    }
    *offsets = out;
    *count = n;
    return true;
}
