/* On-screen keyboards, one for each script the kiosk offers. Each layout is
 * rows of space-separated letters; the key positions follow the keyboard's
 * own script (an Arabic keyboard starts at the right, a Latin one at the
 * left, whatever the interface direction).
 *
 * Bengali is InScript (vowel signs under the left hand, consonants under the
 * right, the Shift layer for independent vowels and aspirates): letters go
 * in in logical order and HarfBuzz forms the conjuncts (ক ্ ষ -> ক্ষ) and
 * places the vowel signs. Ethiopic is typed as its fidel is learnt:
 * consonant first (its first order), then a row of that consonant's other
 * vowel orders replaces it (ለ then ሉ). Chinese readers type toneless pinyin
 * (with ü), which the search matches to the characters.
 *
 * [SECTION] layouts  [SECTION] typing  [SECTION] drawing */
#include "incontro/ui.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unicode/uchar.h>

#include "incontro/core.h"

typedef struct {
    const char *rows[5];
    const char *shift_rows[5];  /* the layer behind key:shift, or none */
    bool rtl;
    bool orders;                /* a row of vowel orders on top (Ethiopic) */
    const char *lang;           /* the labels are shaped in this language */
} Layout;

/* ---- [SECTION] layouts --------------------------------------------------- */
static const Layout layouts[IK_KEYS_COUNT] = {
    [IK_KEYS_LATIN] = {{"à á â ä è é ê ë ì í î ï ò ó", "ô ö ù ú û ü ç ñ ă ș ț ß",
                        "q w e r t y u i o p", "a s d f g h j k l", "z x c v b n m"},
                       {NULL}, false, false, "it"},
    [IK_KEYS_ARABIC] = {{"ض ص ث ق ف غ ع ه خ ح ج د", "ش س ي ب ل ا ت ن م ك ط",
                         "ئ ء ؤ ر ى ة و ز ظ ذ", "أ إ آ", NULL},
                        {NULL}, true, false, "ar"},
    [IK_KEYS_PERSIAN] = {{"ض ص ث ق ف غ ع ه خ ح ج چ", "ش س ی ب ل ا ت ن م ک گ",
                          "ظ ط ز ر ذ د پ و", "ژ آ ئ ء", NULL},
                         {NULL}, true, false, "fa-AF"},
    [IK_KEYS_PASHTO] = {{"ض ص ث ق ف غ ع ه خ ح ج چ", "ش س ی ب ل ا ت ن م ک ګ",
                         "ظ ط ز ر ذ د پ و ژ", "ټ ډ ړ ږ ښ ڼ ې ۍ ځ څ آ ئ", NULL},
                        {NULL}, true, false, "ps"},
    [IK_KEYS_URDU] = {{"ط ص ھ د ٹ پ ت ب ج ح", "م و ر ن ل ہ ا ک ی",
                       "ق ف ے س ش غ ع آ ء ئ ؤ", "ز ژ ذ ڈ ڑ ں خ ظ ض ث گ چ", NULL},
                      {NULL}, true, false, "ur"},
    [IK_KEYS_UKRAINIAN] = {{"й ц у к е н г ш щ з х ї", "ф і в а п р о л д ж є",
                            "ґ я ч с м и т ь б ю", NULL, NULL},
                           {NULL}, false, false, "uk"},
    /* InScript rows Q, A and Z (the Z row's keys that Bengali uses, and
     * the vocalic r of the = key); Shift gives independent vowels and
     * aspirates; nukta (়) after ড ঢ য makes ড় ঢ় য়. */
    [IK_KEYS_BENGALI] = {{"ৌ ৈ া ী ূ ব হ গ দ জ ড ়", "ো ে ্ ি ু প র ক ত চ ট",
                          "ং ম ন ল স য ৃ", NULL, NULL},
                         {"ঔ ঐ আ ঈ ঊ ভ ঙ ঘ ধ ঝ ঢ ঞ", "ও এ অ ই উ ফ ৎ খ থ ছ ঠ",
                          "ঁ ণ শ ষ য় ঃ ঋ", NULL, NULL},
                         false, false, "bn"},
    /* Pinyin, toneless, for Chinese: the search finds the characters. */
    [IK_KEYS_PINYIN] = {{"q w e r t y u i o p", "a s d f g h j k l", "z x c v b n m ü", NULL, NULL},
                        {NULL}, false, false, "en"},
    /* The consonants of Tigrinya in the order of its fidel, each key its
     * first order; the row above offers the other orders of the last one. */
    [IK_KEYS_ETHIOPIC] = {{"ሀ ለ ሐ መ ረ ሰ ሸ ቀ ቐ በ ቨ", "ተ ቸ ነ ኘ አ ከ ኸ ወ ዐ ዘ ዠ",
                           "የ ደ ጀ ገ ጠ ጨ ጰ ጸ ፀ ፈ ፐ", NULL, NULL},
                          {NULL}, false, true, "ti"},
};

IkKeyboard ik_ui_keyboard_for(const char *lang)
{
    static const struct {
        const char *lang;
        IkKeyboard keys;
    } table[] = {
        {"ar", IK_KEYS_ARABIC}, {"fa", IK_KEYS_PERSIAN}, {"ps", IK_KEYS_PASHTO},
        {"ur", IK_KEYS_URDU},   {"uk", IK_KEYS_UKRAINIAN}, {"bn", IK_KEYS_BENGALI},
        {"ti", IK_KEYS_ETHIOPIC}, {"zh", IK_KEYS_PINYIN},
    };
    for (size_t i = 0; lang && i < sizeof table / sizeof table[0]; i++)
        if (ik_lang_matches(table[i].lang, lang))
            return table[i].keys;
    return IK_KEYS_LATIN;
}

/* Copies the n-th space-separated letter of row into out; false past the end. */
static bool letter(const char *row, int n, char *out, size_t size)
{
    const char *p = row;
    for (int i = 0; p; i++) {
        while (*p == ' ')
            p++;
        if (!*p)
            return false;
        const char *e = strchr(p, ' ');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (i == n) {
            snprintf(out, size, "%.*s", (int)len, p);
            return true;
        }
        p += len;
    }
    return false;
}

static int letters(const char *row)
{
    char tmp[16];
    int n = 0;
    while (row && letter(row, n, tmp, sizeof tmp))
        n++;
    return n;
}

static bool row_has(const char *const rows[5], const char *want)
{
    char tmp[16];
    for (int r = 0; r < 5 && rows[r]; r++)
        for (int i = 0; letter(rows[r], i, tmp, sizeof tmp); i++)
            if (strcmp(tmp, want) == 0)
                return true;
    return false;
}

/* ---- Ethiopic vowel orders ------------------------------------------------
 * A syllable's consonant and vowel are its code point's high bits and low
 * three bits (U+1208 ለ lä, U+1209 ሉ lu ... U+120F ሏ lwa). */
static bool ethiopic(uint32_t cp)
{
    return cp >= 0x1200 && cp <= 0x135A && u_isdefined((UChar32)cp);
}

uint32_t ik_ui_keyboard_prefix(uint32_t cp)
{
    return ethiopic(cp) && (cp & 7) != 0 && ethiopic(cp & ~7u) ? cp & ~7u : 0;
}

/* The last code point of text (U+FFFD for a broken sequence), its byte
 * offset in *at; 0 for an empty text. */
static uint32_t last_letter(const char *text, size_t *at)
{
    size_t n = strlen(text);
    if (n == 0)
        return 0;
    size_t i = n - 1;
    while (i > 0 && ((unsigned char)text[i] & 0xC0) == 0x80)
        i--;
    uint32_t cp = 0;
    if (ik_utf8_decode(text + i, n - i, &cp) != n - i)
        cp = IK_REPLACEMENT_CHAR;
    if (at)
        *at = i;
    return cp;
}

/* The row of the other vowel orders of text's last consonant, or "". */
static void orders_row(const char *text, char *out, size_t size)
{
    uint32_t last = last_letter(text, NULL);
    out[0] = '\0';
    if (!ethiopic(last))
        return;
    size_t n = 0;
    for (uint32_t cp = (last & ~7u) + 1; cp <= (last | 7u); cp++) {
        char u[4];
        size_t len = ik_utf8_encode(cp, u);
        if (!ethiopic(cp) || n + len + 2 > size)
            continue;
        if (n)
            out[n++] = ' ';
        memcpy(out + n, u, len);
        n += len;
        out[n] = '\0';
    }
}

/* The rows a keyboard shows in state (with text for Ethiopic orders). */
static int shown_rows(IkKeyboard own, const IkKeyState *st, const char *text, const char *rows[6],
                      char *orders, size_t size)
{
    const Layout *l = &layouts[st && st->latin ? IK_KEYS_LATIN : own];
    const char *const *src = st && st->shift && l->shift_rows[0] ? l->shift_rows : l->rows;
    int n = 0;
    if (l->orders) {
        orders_row(text ? text : "", orders, size);
        rows[n++] = orders;
    }
    for (int i = 0; i < 5 && src[i]; i++)
        rows[n++] = src[i];
    return n;
}

int ik_ui_keyboard_rows(IkKeyboard own, const IkKeyState *state)
{
    const char *rows[6];
    char orders[64];
    return shown_rows(own, state, "", rows, orders, sizeof orders);
}

bool ik_ui_keyboard_has(IkKeyboard keyboard, const char *want)
{
    const Layout *l = &layouts[keyboard];
    if (strcmp(want, " ") == 0)
        return true;
    if (row_has(l->rows, want) || (l->shift_rows[0] && row_has(l->shift_rows, want)))
        return true;
    /* An Ethiopic syllable: its consonant has a key, the order comes after. */
    uint32_t cp = 0;
    size_t len = ik_utf8_decode(want, strlen(want), &cp);
    uint32_t base = l->orders && len == strlen(want) ? ik_ui_keyboard_prefix(cp) : 0;
    char b[5] = {0};
    return base && ik_utf8_encode(base, b) && row_has(l->rows, b);
}

/* ---- [SECTION] typing ---------------------------------------------------- */
static void backspace(char *text)
{
    size_t at = 0;
    if (last_letter(text, &at))
        text[at] = '\0';
}

bool ik_ui_keyboard_press(IkKeyboard own, IkKeyState *st, char *text, size_t size,
                          const char *id)
{
    if (!ik_str_starts_with(id, "key:") || !id[4])
        return false;
    const char *k = id + 4;
    if (strcmp(k, "done") == 0)
        return false;
    if (strcmp(k, "switch") == 0) {
        st->latin = !st->latin;
        st->shift = false;
    } else if (strcmp(k, "shift") == 0) {
        st->shift = !st->shift;
    } else if (strcmp(k, "backspace") == 0) {
        backspace(text);
    } else {
        const char *add = strcmp(k, "space") == 0 ? " " : k;
        if (*add == ' ' && !text[0])
            return true;        /* no leading space */
        size_t n = strlen(text), m = strlen(add), at = 0;
        /* A vowel order replaces the syllable of the same consonant before it. */
        uint32_t cp = 0, last = last_letter(text, &at);
        if (ik_utf8_decode(add, m, &cp) == m && ik_ui_keyboard_prefix(cp) && ethiopic(last) &&
            (last & ~7u) == (cp & ~7u))
            n = at;
        if (n + m < size) {
            memcpy(text + n, add, m + 1);
            /* Shift is for one letter, as on a phone. */
            const Layout *l = &layouts[st->latin ? IK_KEYS_LATIN : own];
            if (st->shift && l->shift_rows[0] && row_has(l->shift_rows, add))
                st->shift = false;
        }
    }
    return true;
}

/* ---- [SECTION] drawing --------------------------------------------------- */
static void key(IkUi *ui, const char *id, IkRect r, const char *label, IkIcon icon,
                SDL_Color bg, SDL_Color fg, const char *lang)
{
    ik_ui_hit(ui, id, r);
    if (ui->gfx)
        ik_gfx_fill_round(ui->gfx, r, (float)ik_ui_dp(ui, 12), bg);
    int before = ik_ui_group_begin(ui, id, r);
    if (icon != IK_ICON_NONE) {
        int s = r.h * 3 / 5;
        ik_ui_icon(ui, icon, ik_ui_center(r, s, s), fg);
        ik_ui_group_end(ui, before);
        return;
    }
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_BODY);
    st.color = fg;
    st.align = IK_ALIGN_CENTER;
    st.center_v = true;
    st.max_lines = 1;
    st.lang = lang;
    st.trim = true;     /* a letter: a tall script's line box is mostly empty */
    ik_ui_text(ui, label, ik_ui_inset2(r, ik_ui_dp(ui, 4), 0), st);
    ik_ui_group_end(ui, before);
}

int ik_ui_keyboard_key_height(IkUi *ui, IkKeyboard keyboard)
{
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_BODY);
    st.lang = layouts[keyboard].lang;
    st.px = (int)lroundf(ik_ui_px(ui, IK_TEXT_BODY) * IK_UI_FIT_FLOOR);
    st.trim = true;
    /* The tallest of its letters (on either layer) as a key draws them. */
    int h = 0;
    for (int layer = 0; layer < 2; layer++) {
        const char *const *rows = layer ? layouts[keyboard].shift_rows : layouts[keyboard].rows;
        for (int i = 0; i < 5 && rows[i]; i++) {
            char ch[16];
            for (int j = 0; letter(rows[i], j, ch, sizeof ch); j++) {
                int lh = ik_ui_measure(ui, ch, 0, st).h;
                h = lh > h ? lh : h;
            }
        }
    }
    /* ...and of the words on the bottom row, in the interface language. */
    static const char *const words[] = {"directory.keyboard.space", "directory.keyboard.done"};
    st.lang = NULL;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        int lh = ik_ui_measure(ui, ik_ui_str(ui, words[i]), 0, st).h;
        h = lh > h ? lh : h;
    }
    return h > ik_ui_target(ui) ? h : ik_ui_target(ui);
}

void ik_ui_keyboard(IkUi *ui, IkRect r, IkKeyboard own, const IkKeyState *state,
                    const char *text)
{
    const Layout *l = &layouts[state && state->latin ? IK_KEYS_LATIN : own];
    const IkTheme *t = &ui->theme;
    const char *rows[6];
    char orders[64];
    int nrows = shown_rows(own, state, text, rows, orders, sizeof orders);
    if (ui->gfx)
        ik_gfx_fill_rect(ui->gfx, r, t->surface_alt);
    const int gap = ik_ui_dp(ui, 8);
    int kh = (r.h - gap * (nrows + 2)) / (nrows + 1);
    if (kh > ik_ui_dp(ui, 96))
        kh = ik_ui_dp(ui, 96);
    int widest = 12;
    for (int i = 0; i < nrows; i++)
        if (letters(rows[i]) > widest)
            widest = letters(rows[i]);
    int kw = (r.w - gap * (widest + 1)) / widest;
    if (kw > ik_ui_dp(ui, 130))
        kw = ik_ui_dp(ui, 130);
    int y = r.y + gap;
    for (int i = 0; i < nrows; i++, y += kh + gap) {
        int n = letters(rows[i]);
        int x = r.x + (r.w - n * kw - (n - 1) * gap) / 2;
        /* The vowel orders stand out from the consonants under them. */
        bool order_row = l->orders && i == 0;
        for (int j = 0; j < n; j++) {
            char ch[16], id[IK_UI_ID_MAX];
            letter(rows[i], j, ch, sizeof ch);
            snprintf(id, sizeof id, "key:%s", ch);
            IkRect k = ik_ui_mirror((IkRect){x + j * (kw + gap), y, kw, kh}, r.x, r.w, l->rtl);
            key(ui, id, k, ch, IK_ICON_NONE, order_row ? t->accent : t->surface,
                order_row ? t->on_accent : t->text, l->lang);
        }
    }
    /* Bottom row: switch, shift, space, backspace, done (reading order of
     * the keyboard). The switch goes between the reader's own script and
     * Latin, where the own script is not Latin. */
    bool can_switch = own != IK_KEYS_LATIN && own != IK_KEYS_PINYIN;
    bool shift = l->shift_rows[0] != NULL;
    int total = r.w - 2 * gap - ik_ui_dp(ui, 40);
    int ws = total * 12 / 100, wsh = shift ? total * 12 / 100 : 0, wb = total * 15 / 100;
    int wd = total * 22 / 100, wsp = total - ws - wsh - wb - wd - 4 * gap;
    int x = r.x + gap + ik_ui_dp(ui, 20);
    bool latin = l == &layouts[IK_KEYS_LATIN];
    IkRect ks = ik_ui_mirror((IkRect){x, y, ws, kh}, r.x, r.w, l->rtl);
    x += ws + gap;
    IkRect ksh = ik_ui_mirror((IkRect){x, y, wsh, kh}, r.x, r.w, l->rtl);
    x += shift ? wsh + gap : 0;
    IkRect ksp = ik_ui_mirror((IkRect){x, y, wsp + (shift ? 0 : gap), kh}, r.x, r.w, l->rtl);
    x += wsp + (shift ? 0 : gap) + gap;
    IkRect kb = ik_ui_mirror((IkRect){x, y, wb, kh}, r.x, r.w, l->rtl);
    x += wb + gap;
    IkRect kd = ik_ui_mirror((IkRect){x, y, wd, kh}, r.x, r.w, l->rtl);
    /* On the Latin layer the switch returns to the reader's own script. */
    if (can_switch)
        key(ui, "key:switch", ks, latin ? "⇄" : "ABC", latin ? IK_ICON_GLOBE : IK_ICON_NONE,
            t->surface, t->text, "it");
    if (shift)
        key(ui, "key:shift", ksh, "⇧", IK_ICON_NONE, state && state->shift ? t->accent : t->surface,
            state && state->shift ? t->on_accent : t->text, "it");
    key(ui, "key:space", ksp, ik_ui_str(ui, "directory.keyboard.space"), IK_ICON_NONE,
        t->surface, t->muted, NULL);
    key(ui, "key:backspace", kb, NULL, IK_ICON_BACKSPACE, t->surface, t->text, NULL);
    key(ui, "key:done", kd, ik_ui_str(ui, "directory.keyboard.done"), IK_ICON_NONE, t->accent,
        t->on_accent, NULL);
}
