/* ui: the theme, semantic widgets kept in a per-frame hit list (so a tap, a
 * script's `press ID` and the monkey all find the same things), layout boxes
 * mirrored for right-to-left languages, text boxes, pictograms, the
 * on-screen keyboards and QR codes. Immediate mode: a scene draws its widgets
 * every frame it is drawn and the hit list is rebuilt with them. */
#ifndef INCONTRO_UI_H
#define INCONTRO_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "incontro/content.h"
#include "incontro/gfx.h"

#define IK_UI_MAX_HITS 320
#define IK_UI_ID_MAX 64
#define IK_UI_MAX_SCROLLS 4

typedef struct {
    SDL_Color bg, surface, surface_alt, text, muted, accent, on_accent,
        exit_bg, on_exit, help_bg, on_help, border, ribbon, on_ribbon, good, bad;
} IkTheme;

typedef struct {
    char id[IK_UI_ID_MAX];
    IkRect rect;                /* canvas coordinates, clipped to its scroll view */
} IkHit;

typedef struct {
    IkRect rect;                /* visible area of the scroll view */
    float *offset;              /* owned by the caller (the session) */
    float max;                  /* largest offset */
} IkScrollView;

typedef enum {
    IK_ICON_NONE, IK_ICON_BACK, IK_ICON_HOME, IK_ICON_EXIT, IK_ICON_HELP, IK_ICON_TEXT_SIZE,
    IK_ICON_CONTRAST, IK_ICON_LEARN, IK_ICON_DIRECTORY, IK_ICON_PHONE, IK_ICON_PIN,
    IK_ICON_CLOCK, IK_ICON_LANGUAGE, IK_ICON_CIVIC, IK_ICON_EDU_ONE, IK_ICON_EDU_GROUP,
    IK_ICON_PSYCH, IK_ICON_PARENT, IK_ICON_ALL, IK_ICON_SEARCH, IK_ICON_CHECK,
    IK_ICON_WARNING, IK_ICON_SCALES, IK_ICON_SCHOOL, IK_ICON_HAND, IK_ICON_SHIELD,
    IK_ICON_CHAT, IK_ICON_PEOPLE, IK_ICON_BOOK, IK_ICON_INFO, IK_ICON_MAP, IK_ICON_SUN,
    IK_ICON_FREE, IK_ICON_BACKSPACE, IK_ICON_GLOBE, IK_ICON_COUNT
} IkIcon;

typedef struct {
    IkGfx *gfx;                 /* NULL in tests: drawing is skipped */
    IkLayoutCache *layouts;     /* measures text, with or without gfx */
    IkContent *content;         /* for strings; may be NULL in tests */
    const char *lang;           /* interface language */
    bool rtl;                   /* the whole layout mirrors */
    float text_scale;           /* 1.0, larger with text-size */
    bool contrast;
    IkTheme theme;
    IkHit hits[IK_UI_MAX_HITS];
    size_t hit_count;
    IkScrollView scrolls[IK_UI_MAX_SCROLLS];
    size_t scroll_count;
    IkRect clip;                /* current clip (w == 0: none) */
    int offset_y;               /* added to boxes inside a scroll view */
} IkUi;

/* Text styles: sizes in px at text_scale 1. */
typedef enum { IK_TEXT_HUGE, IK_TEXT_TITLE, IK_TEXT_HEADING, IK_TEXT_BODY, IK_TEXT_SMALL,
               IK_TEXT_LABEL } IkTextSize;

typedef struct {
    IkTextSize size;
    SDL_Color color;
    IkAlign align;              /* START follows the direction */
    bool center_v;              /* centre vertically in the box */
    bool content;               /* numbers/URLs stay LTR as one unit */
    bool ltr;                   /* force a left-to-right paragraph (phone numbers) */
    int max_lines;              /* 0 = wrap freely */
    const char *lang;           /* NULL = the interface language */
    int px;                     /* font size in px; 0 = from size and text_scale */
} IkTextStyle;

/* Starts a frame: resets the hit list, picks the theme, starts a frame of
 * layouts (borrowed; needed by every function that measures or draws text,
 * with or without gfx). */
void ik_ui_begin(IkUi *ui, IkGfx *gfx, IkLayoutCache *layouts, IkContent *content,
                 const char *lang, bool rtl, float text_scale, bool contrast);
IkTheme ik_ui_theme(bool contrast);

/* ---- layout ------------------------------------------------------------- */
/* Mirrors r inside the horizontal span [x, x + w) when rtl (pure). */
IkRect ik_ui_mirror(IkRect r, int x, int w, bool rtl);
/* A box given in reading order (x from the start edge of the canvas). */
IkRect ik_ui_box(const IkUi *ui, int x, int y, int w, int h);
/* A box given in reading order inside a parent box. */
IkRect ik_ui_sub(const IkUi *ui, IkRect parent, int x, int y, int w, int h);
IkRect ik_ui_inset(IkRect r, int d);
bool ik_ui_contains(IkRect r, int x, int y);
int ik_ui_px(const IkUi *ui, IkTextSize size);   /* font size after scaling */

/* ---- hit list ----------------------------------------------------------- */
/* Registers a pressable widget (clipped to the current scroll view; dropped
 * when fully hidden). The id is copied. */
void ik_ui_hit(IkUi *ui, const char *id, IkRect r);
/* The visible widget with this id (first registered), or NULL. */
const IkHit *ik_ui_find(const IkUi *ui, const char *id);
/* The top-most widget at (x, y), or NULL. */
const IkHit *ik_ui_hit_at(const IkUi *ui, int x, int y);

/* ---- scroll views ------------------------------------------------------- */
/* Begins a vertical scroll view over r: boxes from ik_ui_box are shifted up
 * by *offset and clipped to r until ik_ui_scroll_end, which takes the height
 * of what was drawn and clamps *offset to it (true when it had to). */
void ik_ui_scroll_begin(IkUi *ui, IkRect r, float *offset);
bool ik_ui_scroll_end(IkUi *ui, int content_h);
/* The scroll view under (x, y), or NULL. */
IkScrollView *ik_ui_scroll_at(IkUi *ui, int x, int y);

/* ---- drawing ------------------------------------------------------------ */
/* A catalog string in the interface language (never NULL). */
const char *ik_ui_str(const IkUi *ui, const char *key);
IkTextStyle ik_ui_style(const IkUi *ui, IkTextSize size);
/* Lays out and draws text wrapped inside r; returns the height used (what it
 * would use when drawing is skipped). */
int ik_ui_text(IkUi *ui, const char *text, IkRect r, IkTextStyle style);
/* Height text would take at width w, without drawing. */
int ik_ui_text_height(IkUi *ui, const char *text, int w, IkTextStyle style);
/* A short label in a fixed box (tile, door, chip, button): the style at the
 * largest font size, from style's own down to a floor (IK_UI_FIT_FLOOR of
 * it), at which text fits w x h in style.max_lines lines (0 = as many as h
 * holds) with every line ending where a line may break, so no word is cut
 * ("Orientam|ento"). At the floor it is left to wrap and ellipsize. The
 * returned style has px set and max_lines set to the lines that fit. */
#define IK_UI_FIT_FLOOR 0.7f
IkTextStyle ik_ui_fit(IkUi *ui, const char *text, int w, int h, IkTextStyle style);
void ik_ui_panel(IkUi *ui, IkRect r, SDL_Color c);
/* A large button: optional pictogram, label and sub-label, in reading order. */
void ik_ui_button(IkUi *ui, const char *id, IkRect r, IkIcon icon, const char *label,
                  const char *sub, SDL_Color bg, SDL_Color fg);
/* A pill-shaped toggle/chip. */
void ik_ui_chip(IkUi *ui, const char *id, IkRect r, const char *label, bool on);
/* Pictogram in r (square-ish); mirrored where it has a direction. */
void ik_ui_icon(IkUi *ui, IkIcon icon, IkRect r, SDL_Color c);
IkIcon ik_ui_icon_named(const char *name);
/* QR code of text drawn in r (square, dark on white, with quiet zone);
 * false when the text does not fit in a QR code. */
bool ik_ui_qr(IkUi *ui, const char *text, IkRect r);
/* A drawn map of Tuscany with the three areas, each pressable as area:ID. */
void ik_ui_map(IkUi *ui, IkRect r, const char *selected, const char *const names[3]);
extern const char *const ik_ui_area_codes[3];

/* ---- on-screen keyboard ------------------------------------------------- */
typedef enum { IK_KEYS_LATIN, IK_KEYS_ARABIC, IK_KEYS_PERSIAN, IK_KEYS_PASHTO,
               IK_KEYS_URDU, IK_KEYS_UKRAINIAN, IK_KEYS_COUNT } IkKeyboard;

/* The reader's keyboard for lang (Latin for bn, ti, zh-Hans: browse first). */
IkKeyboard ik_ui_keyboard_for(const char *lang);
/* Draws the keyboard in r; keys are widgets "key:<letter>", "key:space",
 * "key:backspace", "key:done" and, when can_switch (the reader's own script
 * is not Latin), "key:switch" to Latin and back. */
void ik_ui_keyboard(IkUi *ui, IkRect r, IkKeyboard keyboard, bool can_switch);
/* True when the keyboard has a key for the UTF-8 letter. */
bool ik_ui_keyboard_has(IkKeyboard keyboard, const char *letter);

/* Draws the persistent top bar: back/home (when asked), title, text-size,
 * contrast, help, quick-exit. */
enum { IK_BAR_BACK = 1, IK_BAR_HOME = 2, IK_BAR_HELP = 4 };
#define IK_BAR_H 120
void ik_ui_bar(IkUi *ui, const char *title, unsigned flags);

#endif
