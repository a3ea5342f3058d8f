/* bidi.c's helpers shared with layout.c. */
#ifndef INCONTRO_TEXT_BIDI_H
#define INCONTRO_TEXT_BIDI_H

#include <fribidi.h>

#include "text_internal.h"

enum { IK_BREAK_NONE = 0, IK_BREAK_ALLOWED = 1, IK_BREAK_HARD = 2 };

/* U+000A, U+000D, U+001C..1E, U+0085, U+2029: bidi type B. */
bool ik_bidi_is_paragraph_end(uint32_t c);
/* Characters rule X9 removes (BN and the embedding controls). */
bool ik_bidi_removed(FriBidiCharType t);
/* Levels of one paragraph; dir AUTO takes the first strong character, and
 * fallback_rtl when there is none. *rtl gets the paragraph direction. */
bool ik_bidi_paragraph(const uint32_t *cps, size_t n, IkDirection dir, bool fallback_rtl,
                       FriBidiCharType *types, FriBidiLevel *levels, bool *rtl);
/* out[k] (n+1 entries) = IK_BREAK_* before code point k (k = n: the end). */
bool ik_bidi_breaks(const uint32_t *cps, size_t n, const char *lang, uint8_t *out);

#endif
