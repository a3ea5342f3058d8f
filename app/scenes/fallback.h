/* Texts compiled into the kiosk for when no pack can be trusted: generated at
 * build time from the translations (app/tools/gen_fallback.c), so they exist
 * in every language with no pack at all. */
#ifndef IK_SCENES_FALLBACK_H
#define IK_SCENES_FALLBACK_H

#include <stdbool.h>
#include <stddef.h>

#include "incontro/content.h"

typedef struct {
    const char *code;                   /* language code, as in the pack */
    const char *endonym;                /* its name in itself */
    bool rtl;
    const char *text[3];                /* out_of_service.title, .call, common.out_of_date */
    const char *helpline[IK_GOLDEN_HELPLINES]; /* names, in the golden table's order */
} IkFallbackText;

enum { IK_FALLBACK_TITLE, IK_FALLBACK_CALL, IK_FALLBACK_OUT_OF_DATE };

extern const IkFallbackText ik_fallback_texts[];
extern const size_t ik_fallback_text_count;

/* The texts in lang, else in Italian. Static, never NULL. */
const IkFallbackText *ik_scene_fallback(const char *lang);

#endif
