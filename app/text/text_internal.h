/* text module private declarations shared by fonts.c, layout.c, bidi.c. */
#ifndef INCONTRO_TEXT_INTERNAL_H
#define INCONTRO_TEXT_INTERNAL_H

#include <hb.h>

#include "incontro/core.h"
#include "incontro/text.h"

/* The shaping font of `font` (loaded on first use), scaled to its units per
 * em; NULL when the file cannot be loaded. Owned by fonts. */
hb_font_t *ik_fonts_hb(IkFonts *fonts, int font, unsigned *upem);
/* Chooses the font for code point cp whose resolved script is script, in
 * language lang, continuing after font prev (-1 at a run start). Never
 * fails: the base font is the last resort (it then draws .notdef). */
int ik_fonts_pick(IkFonts *fonts, const char *lang, uint32_t cp,
                  hb_script_t script, int prev);
/* True when font has a glyph for cp (loads it). */
bool ik_fonts_has(IkFonts *fonts, int font, uint32_t cp);
int ik_fonts_base(const IkFonts *fonts);
/* The pixel size font is drawn at for text of size_px: larger for scripts
 * that read small at the style's size (ik_fonts_optical). */
int ik_fonts_px(IkFonts *fonts, int font, int size_px);
/* The line box of font at its pixel size for size_px: room above and below
 * the baseline in pixels (0 when the font cannot be loaded). */
void ik_fonts_box(IkFonts *fonts, int font, int size_px, float *ascent, float *descent);

/* Characters that draw nothing (controls, format characters, default
 * ignorables): never asked of a font. */
bool ik_text_invisible(uint32_t cp);
/* Resolves Common/Inherited scripts to the script of the text around them,
 * writing one script per code point. */
void ik_text_scripts(const uint32_t *cps, size_t n, hb_script_t *out);

#endif
