/* ui: the theme, semantic widgets kept in a per-frame hit list (so a tap, a
 * script's `press ID` and the monkey all find the same things), layout boxes
 * mirrored for right-to-left languages, text boxes, pictograms, the
 * on-screen keyboards and QR codes. Immediate mode: a scene draws its widgets
 * every frame it is drawn and the hit list is rebuilt with them. */
#ifndef INCONTRO_UI_H
#define INCONTRO_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "incontro/content.h"
#include "incontro/core.h"
#include "incontro/gfx.h"

#define IK_UI_MAX_HITS 320
#define IK_UI_ID_MAX 64
#define IK_UI_MAX_SCROLLS 4
#define IK_UI_MAX_ITEMS 640
#define IK_UI_POOL 65536

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

/* What a frame drew, recorded as it was drawn: the layout dump and the
 * layout checks read this instead of guessing from pixels. */
typedef enum { IK_ITEM_TARGET, IK_ITEM_TEXT, IK_ITEM_PANEL, IK_ITEM_ICON } IkItemKind;

typedef struct {
    char id[IK_UI_ID_MAX];      /* the widget's id; a text or icon inside a widget has its id */
    IkItemKind kind;
    IkRect rect;                /* target/panel/icon: its box; text: where its lines lie */
    IkRect box;                 /* text: the box it was given (h 0: as tall as it is) */
    int parent;                 /* index of the widget a text or icon belongs to, or -1 */
    uint32_t text;              /* offset in the frame's text pool, UINT32_MAX: none */
    int px, floor_px;           /* text: font size drawn, and the smallest allowed */
    bool essential;             /* text that must never be cut (the default) */
    bool ellipsized, shrunk, overflow;
    bool split;                 /* text: a bracketed run against the paragraph's
                                   direction ("(Valli Etrusche)" in Arabic) broken
                                   across lines, where bidi scatters its parts */
    bool word_cut;              /* text: a line ends inside a word ("Françai|s") */
    bool clipped;               /* partly hidden by its scroll view (scrolled away) */
} IkItem;

typedef enum {
    IK_ICON_NONE, IK_ICON_BACK, IK_ICON_HOME, IK_ICON_EXIT, IK_ICON_HELP, IK_ICON_TEXT_SIZE,
    IK_ICON_CONTRAST, IK_ICON_LEARN, IK_ICON_DIRECTORY, IK_ICON_PHONE, IK_ICON_PIN,
    IK_ICON_CLOCK, IK_ICON_LANGUAGE, IK_ICON_CIVIC, IK_ICON_EDU_ONE, IK_ICON_EDU_GROUP,
    IK_ICON_PSYCH, IK_ICON_PARENT, IK_ICON_ALL, IK_ICON_SEARCH, IK_ICON_CHECK,
    IK_ICON_WARNING, IK_ICON_SCALES, IK_ICON_SCHOOL, IK_ICON_HAND, IK_ICON_SHIELD,
    IK_ICON_CHAT, IK_ICON_PEOPLE, IK_ICON_BOOK, IK_ICON_INFO, IK_ICON_MAP, IK_ICON_SUN,
    IK_ICON_FREE, IK_ICON_BACKSPACE, IK_ICON_GLOBE, IK_ICON_SPEAKER, IK_ICON_STOP,
    IK_ICON_COUNT
} IkIcon;

typedef struct {
    IkGfx *gfx;                 /* NULL: nothing is drawn, the record is still kept */
    IkLayoutCache *layouts;     /* measures text, with or without gfx (borrowed,
                                   set by the owner; required) */
    IkContent *content;         /* for strings; may be NULL in tests */
    const char *lang;           /* interface language */
    bool rtl;                   /* the whole layout mirrors */
    float text_scale;           /* 1.0, larger with text-size */
    bool contrast;
    IkTheme theme;
    int width, height;          /* the canvas in pixels */
    float unit;                 /* pixels per design point (ik_ui_scale) */
    IkHit hits[IK_UI_MAX_HITS];
    size_t hit_count;
    IkScrollView scrolls[IK_UI_MAX_SCROLLS];
    size_t scroll_count;
    IkRect clip;                /* current clip (w == 0: none) */
    int offset_y;               /* added to boxes inside a scroll view */
    IkItem items[IK_UI_MAX_ITEMS];
    size_t item_count;
    int owner;                  /* item index texts are recorded under, or -1 */
    char pool[IK_UI_POOL];      /* recorded texts, NUL-separated */
    size_t pool_len;
} IkUi;

/* Text styles: sizes in design points at text_scale 1. */
typedef enum { IK_TEXT_HUGE, IK_TEXT_TITLE, IK_TEXT_HEADING, IK_TEXT_BODY, IK_TEXT_SMALL,
               IK_TEXT_LABEL } IkTextSize;

typedef struct {
    IkTextSize size;
    SDL_Color color;
    IkAlign align;              /* START follows the direction */
    bool center_v;              /* centre vertically in the box */
    bool content;               /* numbers/URLs stay LTR as one unit */
    bool ltr;                   /* force a left-to-right paragraph (phone numbers) */
    int max_lines;              /* 0 = wrap freely; essential text only shrinks to keep it */
    bool may_cut;               /* a long description: past max_lines it ends in "…" */
    const char *lang;           /* NULL = the interface language */
    int px;                     /* font size in px; 0 = from size and text_scale */
    const char *id;             /* recorded id of a text outside a widget; NULL: "text" */
    bool trim;                  /* a short label (a key): its box hugs the ink, not the
                                   fonts' line boxes (IkLayoutOptions.trim) */
    uint32_t mark_from, mark_to;/* code points drawn on a highlight (the sentence
                                   being read aloud); equal: none */
    SDL_Color mark;             /* the highlight's colour */
} IkTextStyle;

/* Where the screen is and how large a design point is on it. The window
 * gives the base: the shorter side holds 1080 points, so a portrait totem
 * and a landscape screen share one scale. screen_inches (its diagonal, 0 =
 * unknown) and viewing_cm (0 = 60) raise it so a touch target is at least
 * IK_UI_TARGET_MM and body text reads at the same visual angle as 28 px
 * on a 21-inch 1080p screen. Pure. */
#define IK_UI_TARGET_MM 9.0f
float ik_ui_scale(int width, int height, float screen_inches, float viewing_cm);

/* Starts a frame on a width x height canvas: resets the hit list and the
 * record, picks the theme. The canvas and unit come from gfx when given,
 * otherwise from what ik_ui_screen last set (1920 x 1080, unit 1 at first). */
void ik_ui_begin(IkUi *ui, IkGfx *gfx, IkContent *content, const char *lang,
                 bool rtl, float text_scale, bool contrast);
/* Sets the canvas size and unit the next frames lay out for. */
void ik_ui_screen(IkUi *ui, int width, int height, float unit);
IkTheme ik_ui_theme(bool contrast);

/* ---- sizes -------------------------------------------------------------- */
/* Design points to pixels (rounded, at least 1 for a positive value). */
int ik_ui_dp(const IkUi *ui, float points);
/* Spacing from the theme, in pixels. */
typedef enum { IK_GAP_TIGHT, IK_GAP_SMALL, IK_GAP, IK_GAP_LARGE, IK_GAP_EDGE } IkGap;
int ik_ui_gap(const IkUi *ui, IkGap gap);
/* The smallest side of anything pressable, in pixels (64 points). */
int ik_ui_target(const IkUi *ui);
int ik_ui_px(const IkUi *ui, IkTextSize size);   /* font size after scaling */
/* The canvas as a box, and whether it is taller than wide. */
IkRect ik_ui_canvas(const IkUi *ui);
bool ik_ui_portrait(const IkUi *ui);

/* ---- layout: regions, in reading order -----------------------------------
 * Boxes are cut from a region at its start/end (left/right in LTR,
 * right/left in RTL), top or bottom, or shared along a row or column by
 * measured sizes; a scene never names a pixel coordinate. */
IkRect ik_ui_mirror(IkRect r, int x, int w, bool rtl);
IkRect ik_ui_inset(IkRect r, int d);
IkRect ik_ui_inset2(IkRect r, int dx, int dy);
bool ik_ui_contains(IkRect r, int x, int y);
/* The part of a inside b, in *out when out is not NULL; false when they
 * share no pixel. */
bool ik_ui_intersect(IkRect a, IkRect b, IkRect *out);
/* Cuts a slice of h (w) pixels off one side of *r, then a gap; *r keeps
 * the rest (never negative). */
IkRect ik_ui_cut_top(IkRect *r, int h, int gap);
IkRect ik_ui_cut_bottom(IkRect *r, int h, int gap);
IkRect ik_ui_cut_start(const IkUi *ui, IkRect *r, int w, int gap);
IkRect ik_ui_cut_end(const IkUi *ui, IkRect *r, int w, int gap);
/* A box of w x h centred in r (clamped to r). */
IkRect ik_ui_center(IkRect r, int w, int h);

/* One child along a row or column: its measured size (basis), bounds
 * (max 0 = none) and a share of the room left over (grow). */
typedef struct {
    int basis, min, max;
    float grow;
} IkSpan;
/* Sizes n spans in `room` pixels with gaps between them: each starts at
 * its basis within [min, max]; room left goes to growing spans by weight;
 * missing room is taken from spans above their min, in proportion to what
 * they can give. Returns the total used (more than room only when the mins
 * do not fit). Pure. */
int ik_ui_distribute(int room, int gap, const IkSpan *spans, int n, int *sizes);
/* A row of n boxes in reading order (the first at the start edge), each as
 * tall as r; returns the width used. */
int ik_ui_row(const IkUi *ui, IkRect r, int gap, const IkSpan *spans, int n, IkRect *out);
/* A column of n boxes, top down, as wide as r; returns the height used. */
int ik_ui_column(IkRect r, int gap, const IkSpan *spans, int n, IkRect *out);
/* Columns for a grid of n cells at least min_w wide, at most max_cols (0 =
 * any): as many as fit r.w. */
int ik_ui_grid_columns(int width, int n, int min_w, int max_cols, int gap);
/* n cells of cell_h in cols columns, reading order, from the top of r;
 * returns the height used. */
int ik_ui_grid(const IkUi *ui, IkRect r, int n, int cols, int cell_h, int gap, IkRect *out);
/* Boxes of the given widths flowing like words: start to end, wrapping
 * onto a new row of row_h when one does not fit (a box wider than r is
 * narrowed to r.w). Returns the height used. */
int ik_ui_flow(const IkUi *ui, IkRect r, const int *widths, int n, int row_h, int gap,
               IkRect *out);

/* ---- hit list ----------------------------------------------------------- */
/* Registers a pressable widget (clipped to the current scroll view; dropped
 * when fully hidden). The id is copied. */
void ik_ui_hit(IkUi *ui, const char *id, IkRect r);
/* The visible widget with this id (first registered), or NULL. */
const IkHit *ik_ui_find(const IkUi *ui, const char *id);
/* The top-most widget at (x, y), or NULL. */
const IkHit *ik_ui_hit_at(const IkUi *ui, int x, int y);

/* ---- scroll views ------------------------------------------------------- */
/* Begins a vertical scroll view over r: its content is laid out in the box
 * ik_ui_scroll_begin returns (r's width, unbounded height, shifted up by
 * *offset) and clipped to r until ik_ui_scroll_end, which takes the height
 * of what was drawn and clamps *offset to it (true when it had to). */
IkRect ik_ui_scroll_begin(IkUi *ui, IkRect r, float *offset);
bool ik_ui_scroll_end(IkUi *ui, int content_h);
/* The scroll view under (x, y), or NULL. */
IkScrollView *ik_ui_scroll_at(IkUi *ui, int x, int y);

/* The scroll bar's gutter at the end side of a scroll view, in pixels. */
int ik_ui_scroll_gutter(const IkUi *ui);
/* True when r shows (inside the current scroll view, if any). */
bool ik_ui_visible(const IkUi *ui, IkRect r);

/* ---- the frame record (layout dump and checks) --------------------------- */
/* Records an item of this frame (clipped to the scroll view; NULL when
 * hidden or the record is full). Widgets call it; scenes need not. */
IkItem *ik_ui_record(IkUi *ui, IkItemKind kind, const char *id, IkRect r);
/* Records a text (copied) with where its lines lie and the box it had. */
IkItem *ik_ui_record_text(IkUi *ui, const char *id, const char *text, IkRect ink, IkRect box);
/* The text of a recorded item (owned by ui, valid until the next frame), or NULL. */
const char *ik_ui_item_text(const IkUi *ui, const IkItem *item);
/* Writes the record as JSON lines, a first line {"id":"screen",...} giving
 * the canvas, scene, language, unit, minimum target and how many problems
 * ik_ui_audit finds ("problems"); then one line per item: id, kind, rect
 * [x,y,w,h], text, ellipsized, shrunk, overflow (for text also box, px,
 * floor, essential; split, word_cut, clipped when true; "problem": the first the
 * audit found with it). False on a write error. */
bool ik_ui_dump(const IkUi *ui, const char *scene, FILE *f);
bool ik_ui_dump_file(const IkUi *ui, const char *scene, const char *path);
/* Checks the record: essential text ellipsized or shrunk below its floor,
 * text or a pictogram outside its box or widget, texts, widgets or a
 * pictogram and a text overlapping, a word cut across lines, a bracketed
 * run of the other direction split across lines, a target under the minimum size, anything
 * off screen. Appends one line per
 * problem to out (may be NULL) and returns how many there are. */
int ik_ui_audit(const IkUi *ui, IkBuf *out);

/* ---- drawing ------------------------------------------------------------ */
typedef struct {
    int w, h;
} IkSize;

/* A catalog string in the interface language (never NULL). */
const char *ik_ui_str(const IkUi *ui, const char *key);
IkTextStyle ik_ui_style(const IkUi *ui, IkTextSize size);
/* Size of text in style: the widest line and the height, wrapped at max_w
 * (<= 0: one line). The same shaped layout ik_ui_text draws. */
IkSize ik_ui_measure(IkUi *ui, const char *text, int max_w, IkTextStyle style);
/* Height text would take at width w, without drawing. */
int ik_ui_text_height(IkUi *ui, const char *text, int w, IkTextStyle style);
/* Distance between baselines of the style's lines in the interface language. */
int ik_ui_line_height(IkUi *ui, IkTextStyle style);
/* Lays out and draws text wrapped inside r and records it; returns the
 * height used. r.h 0: as tall as the text is. Essential text (not may_cut)
 * in a bounded box (r.h > 0 or max_lines) shrinks to fit, never below
 * IK_UI_FIT_FLOOR of its size, and is never ellipsized: what still does not
 * fit is drawn and recorded as an overflow. A bracketed run written in the
 * other direction than the paragraph (a name in its own script) is kept on
 * one line when it fits one: broken, bidi reordering scatters its parts. */
int ik_ui_text(IkUi *ui, const char *text, IkRect r, IkTextStyle style);
/* A short label in a fixed box (tile, door, chip, button): the style at the
 * largest font size, from style's own down to a floor (IK_UI_FIT_FLOOR of
 * it), at which text fits w x h in style.max_lines lines (0 = as many as h
 * holds) with every line ending where a line may break, so no word is cut
 * ("Orientam|ento"). The returned style has px set (and, for text that may
 * be cut, max_lines set to the lines that fit). */
#define IK_UI_FIT_FLOOR 0.7f
IkTextStyle ik_ui_fit(IkUi *ui, const char *text, int w, int h, IkTextStyle style);
void ik_ui_panel(IkUi *ui, IkRect r, SDL_Color c);
/* The theme's control outline (at least 3:1 against its ground) around r. */
void ik_ui_outline(IkUi *ui, IkRect r, float radius);
/* Texts drawn until ik_ui_group_end belong to the panel id at r (a card
 * that is not itself pressable); returns what to pass to ik_ui_group_end. */
int ik_ui_group_begin(IkUi *ui, const char *id, IkRect r);
void ik_ui_group_end(IkUi *ui, int before);

/* A button: optional pictogram, label and sub-label, in reading order, or
 * stacked (pictogram above the centred label). */
typedef struct {
    IkIcon icon;
    const char *label, *sub;    /* borrowed; either may be NULL */
    SDL_Color bg, fg;
    bool outline;               /* the theme's outline (light buttons) */
    bool stacked;               /* pictogram above the label */
    IkTextSize size;            /* the label's style */
    int icon_size;              /* the pictogram's side (0: a line of the label's height) */
} IkButton;
/* A light button of the theme with these contents. */
IkButton ik_ui_button_of(const IkUi *ui, IkIcon icon, const char *label, const char *sub);
/* The size a button needs: one line of label when max_w allows (max_w <= 0:
 * no limit), wrapped to max_w otherwise; never under the target minimum. */
IkSize ik_ui_button_size(IkUi *ui, const IkButton *button, int max_w);
void ik_ui_button_ex(IkUi *ui, const char *id, IkRect r, const IkButton *button);
/* A button with the old arguments: stacked when r is tall. */
void ik_ui_button(IkUi *ui, const char *id, IkRect r, IkIcon icon, const char *label,
                  const char *sub, SDL_Color bg, SDL_Color fg);
/* A pill-shaped toggle/chip, and the size its label needs (wrapped at max_w). */
IkSize ik_ui_chip_size(IkUi *ui, const char *label, int max_w);
void ik_ui_chip(IkUi *ui, const char *id, IkRect r, const char *label, bool on);
/* Pictogram in r (square-ish); mirrored where it has a direction. */
void ik_ui_icon(IkUi *ui, IkIcon icon, IkRect r, SDL_Color c);
IkIcon ik_ui_icon_named(const char *name);
/* QR code of text drawn in r (square, dark on white, with quiet zone);
 * false when the text does not fit in a QR code. */
bool ik_ui_qr(IkUi *ui, const char *text, IkRect r);
/* A drawn map of Tuscany with the three areas (ik_content_areas' order),
 * each pressable as area:ID. */
void ik_ui_map(IkUi *ui, IkRect r, const char *selected, const char *const names[3]);

/* ---- on-screen keyboard ------------------------------------------------- */
typedef enum { IK_KEYS_LATIN, IK_KEYS_ARABIC, IK_KEYS_PERSIAN, IK_KEYS_PASHTO,
               IK_KEYS_URDU, IK_KEYS_UKRAINIAN, IK_KEYS_BENGALI, IK_KEYS_ETHIOPIC,
               IK_KEYS_PINYIN, IK_KEYS_COUNT } IkKeyboard;

/* Which layer shows: the reader's own script or Latin, and Shift (one
 * letter long: typing a shifted letter drops it). */
typedef struct {
    bool latin;
    bool shift;
} IkKeyState;

/* The reader's keyboard for lang (BCP 47 match): Arabic, Persian (Dari),
 * Pashto, Urdu, Ukrainian, Bengali (InScript), Ethiopic (Tigrinya), pinyin
 * for Chinese; Latin for the others. */
IkKeyboard ik_ui_keyboard_for(const char *lang);
/* Draws the keyboard own in r as state shows it (text: what was typed, for
 * the Ethiopic row of vowel orders); keys are widgets "key:<letter>",
 * "key:space", "key:backspace", "key:done", "key:shift" where the layout
 * has a Shift layer and, when own is another script, "key:switch" to Latin
 * and back. */
void ik_ui_keyboard(IkUi *ui, IkRect r, IkKeyboard own, const IkKeyState *state,
                    const char *text);
/* The least height of a key: a target, and a line of the keyboard's script
 * at the fitting floor. */
int ik_ui_keyboard_key_height(IkUi *ui, IkKeyboard keyboard);
/* Rows of letter keys shown (the row of space and done comes under them). */
int ik_ui_keyboard_rows(IkKeyboard own, const IkKeyState *state);
/* Applies the key id to text (size bytes, NUL-terminated) and state: a
 * letter is added (an Ethiopic vowel order replaces the syllable of its
 * consonant before it), backspace takes the last letter, space is never
 * first, shift and switch change layers. False for "key:done" and ids that
 * are no key, which are the caller's. */
bool ik_ui_keyboard_press(IkKeyboard own, IkKeyState *state, char *text, size_t size,
                          const char *id);
/* True when the keyboard can type the UTF-8 letter (on either layer, or as
 * an order of an Ethiopic consonant it has). */
bool ik_ui_keyboard_has(IkKeyboard keyboard, const char *letter);
/* The letter to type before cp so that cp's key shows (an Ethiopic
 * syllable's consonant), or 0 when cp needs none. */
uint32_t ik_ui_keyboard_prefix(uint32_t cp);

/* Draws the bars every scene shares: back and home (when asked), the title,
 * the language switcher (id "language", unless IK_BAR_NO_LANGUAGE),
 * text-size, contrast, help (when asked) and quick-exit; in portrait help
 * and quick exit sit in a bottom row. A title that does not fit in the bar
 * takes a row of its own, unless IK_BAR_TITLE_IN_BAR_ONLY (then it is left
 * out: a keyboard needs the room). Returns the region left for the scene,
 * inset from the screen's edges. */
enum { IK_BAR_BACK = 1, IK_BAR_HOME = 2, IK_BAR_HELP = 4, IK_BAR_NO_LANGUAGE = 8,
       IK_BAR_TITLE_IN_BAR_ONLY = 16 };
IkRect ik_ui_bar(IkUi *ui, const char *title, unsigned flags);

#endif
