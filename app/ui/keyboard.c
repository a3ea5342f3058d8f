/* On-screen keyboards. Each layout is rows of space-separated letters; the
 * key positions follow the keyboard's own script (an Arabic keyboard starts
 * at the right, a Latin one at the left, whatever the interface direction). */
#include "incontro/ui.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "incontro/core.h"

typedef struct {
    const char *rows[5];
    bool rtl;
    const char *switch_label;   /* shown on key:switch while this layout is up */
} Layout;

static const Layout layouts[IK_KEYS_COUNT] = {
    [IK_KEYS_LATIN] = {{"à á â ä è é ê ë ì í î ï ò ó", "ô ö ù ú û ü ç ñ ă ș ț ß",
                        "q w e r t y u i o p", "a s d f g h j k l", "z x c v b n m"},
                       false, "123"},
    [IK_KEYS_ARABIC] = {{"ض ص ث ق ف غ ع ه خ ح ج د", "ش س ي ب ل ا ت ن م ك ط",
                         "ئ ء ؤ ر ى ة و ز ظ ذ", "أ إ آ", NULL},
                        true, "ا ب ت"},
    [IK_KEYS_PERSIAN] = {{"ض ص ث ق ف غ ع ه خ ح ج چ", "ش س ی ب ل ا ت ن م ک گ",
                          "ظ ط ز ر ذ د پ و", "ژ آ ئ ء", NULL},
                         true, "ا ب پ"},
    [IK_KEYS_PASHTO] = {{"ض ص ث ق ف غ ع ه خ ح ج چ", "ش س ی ب ل ا ت ن م ک ګ",
                         "ظ ط ز ر ذ د پ و ژ", "ټ ډ ړ ږ ښ ڼ ې ۍ ځ څ آ ئ", NULL},
                        true, "ا ب پ"},
    [IK_KEYS_URDU] = {{"ط ص ھ د ٹ پ ت ب ج ح", "م و ر ن ل ہ ا ک ی",
                       "ق ف ے س ش غ ع آ ء ئ ؤ", "ز ژ ذ ڈ ڑ ں خ ظ ض ث گ چ", NULL},
                      true, "ا ب پ"},
    [IK_KEYS_UKRAINIAN] = {{"й ц у к е н г ш щ з х ї", "ф і в а п р о л д ж є",
                            "ґ я ч с м и т ь б ю", NULL, NULL},
                           false, "абв"},
};

IkKeyboard ik_ui_keyboard_for(const char *lang)
{
    if (!lang)
        return IK_KEYS_LATIN;
    if (strcmp(lang, "ar") == 0)
        return IK_KEYS_ARABIC;
    if (strncmp(lang, "fa", 2) == 0)
        return IK_KEYS_PERSIAN;
    if (strcmp(lang, "ps") == 0)
        return IK_KEYS_PASHTO;
    if (strcmp(lang, "ur") == 0)
        return IK_KEYS_URDU;
    if (strcmp(lang, "uk") == 0)
        return IK_KEYS_UKRAINIAN;
    return IK_KEYS_LATIN;   /* bn, ti, zh-Hans browse first, then type Latin */
}

/* Copies the n-th space-separated letter of row into out; false past the end. */
static bool letter(const char *row, int n, char *out, size_t size)
{
    const char *p = row;
    for (int i = 0;; i++) {
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
}

static int letters(const char *row)
{
    char tmp[16];
    int n = 0;
    while (letter(row, n, tmp, sizeof tmp))
        n++;
    return n;
}

int ik_ui_keyboard_rows(IkKeyboard keyboard)
{
    int rows = 0;
    while (rows < 5 && layouts[keyboard].rows[rows])
        rows++;
    return rows;
}

bool ik_ui_keyboard_has(IkKeyboard keyboard, const char *want)
{
    const Layout *l = &layouts[keyboard];
    char tmp[16];
    if (strcmp(want, " ") == 0)
        return true;
    for (int r = 0; r < 5 && l->rows[r]; r++)
        for (int i = 0; letter(l->rows[r], i, tmp, sizeof tmp); i++)
            if (strcmp(tmp, want) == 0)
                return true;
    return false;
}

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

/* The language a keyboard's letters are drawn in (their script's font). */
static const char *keyboard_lang(IkKeyboard keyboard)
{
    return keyboard == IK_KEYS_ARABIC ? "ar" : keyboard == IK_KEYS_PERSIAN ? "fa-AF"
         : keyboard == IK_KEYS_PASHTO ? "ps" : keyboard == IK_KEYS_URDU ? "ur"
         : keyboard == IK_KEYS_UKRAINIAN ? "uk" : "it";
}

int ik_ui_keyboard_key_height(IkUi *ui, IkKeyboard keyboard)
{
    IkTextStyle st = ik_ui_style(ui, IK_TEXT_BODY);
    st.lang = keyboard_lang(keyboard);
    st.px = (int)lroundf(ik_ui_px(ui, IK_TEXT_BODY) * IK_UI_FIT_FLOOR);
    st.trim = true;
    /* The tallest of its letters as a key draws them. */
    int h = 0;
    for (int i = 0; i < 5 && layouts[keyboard].rows[i]; i++) {
        char ch[16];
        for (int j = 0; letter(layouts[keyboard].rows[i], j, ch, sizeof ch); j++) {
            int lh = ik_ui_measure(ui, ch, 0, st).h;
            h = lh > h ? lh : h;
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

void ik_ui_keyboard(IkUi *ui, IkRect r, IkKeyboard keyboard, bool can_switch)
{
    const Layout *l = &layouts[keyboard];
    const IkTheme *t = &ui->theme;
    const char *lang = keyboard_lang(keyboard);
    int rows = 0;
    while (rows < 5 && l->rows[rows])
        rows++;
    if (ui->gfx)
        ik_gfx_fill_rect(ui->gfx, r, t->surface_alt);
    const int gap = ik_ui_dp(ui, 8);
    int kh = (r.h - gap * (rows + 2)) / (rows + 1);
    if (kh > ik_ui_dp(ui, 96))
        kh = ik_ui_dp(ui, 96);
    int widest = 12;
    for (int i = 0; i < rows; i++)
        if (letters(l->rows[i]) > widest)
            widest = letters(l->rows[i]);
    int kw = (r.w - gap * (widest + 1)) / widest;
    if (kw > ik_ui_dp(ui, 130))
        kw = ik_ui_dp(ui, 130);
    int y = r.y + gap;
    for (int i = 0; i < rows; i++, y += kh + gap) {
        int n = letters(l->rows[i]);
        int x = r.x + (r.w - n * kw - (n - 1) * gap) / 2;
        for (int j = 0; j < n; j++) {
            char ch[16], id[IK_UI_ID_MAX];
            letter(l->rows[i], j, ch, sizeof ch);
            snprintf(id, sizeof id, "key:%s", ch);
            IkRect k = ik_ui_mirror((IkRect){x + j * (kw + gap), y, kw, kh}, r.x, r.w, l->rtl);
            key(ui, id, k, ch, IK_ICON_NONE, t->surface, t->text, lang);
        }
    }
    /* Bottom row: switch, space, backspace, done (reading order of the keyboard). */
    int total = r.w - 2 * gap - ik_ui_dp(ui, 40);
    int ws = total * 15 / 100, wsp = total * 45 / 100, wb = total * 15 / 100;
    int wd = total - ws - wsp - wb - 3 * gap;
    int x = r.x + gap + ik_ui_dp(ui, 20);
    bool latin = keyboard == IK_KEYS_LATIN;
    IkRect ks = ik_ui_mirror((IkRect){x, y, ws, kh}, r.x, r.w, l->rtl);
    IkRect ksp = ik_ui_mirror((IkRect){x + ws + gap, y, wsp, kh}, r.x, r.w, l->rtl);
    IkRect kb = ik_ui_mirror((IkRect){x + ws + wsp + 2 * gap, y, wb, kh}, r.x, r.w, l->rtl);
    IkRect kd = ik_ui_mirror((IkRect){x + ws + wsp + wb + 3 * gap, y, wd, kh}, r.x, r.w, l->rtl);
    /* On the Latin layer the switch returns to the reader's own script. */
    if (can_switch)
        key(ui, "key:switch", ks, latin ? "⇄" : "ABC", latin ? IK_ICON_GLOBE : IK_ICON_NONE,
            t->surface, t->text, "it");
    key(ui, "key:space", ksp, ik_ui_str(ui, "directory.keyboard.space"), IK_ICON_NONE,
        t->surface, t->muted, NULL);
    key(ui, "key:backspace", kb, NULL, IK_ICON_BACKSPACE, t->surface, t->text, NULL);
    key(ui, "key:done", kd, ik_ui_str(ui, "directory.keyboard.done"), IK_ICON_NONE, t->accent,
        t->on_accent, NULL);
}
