/* Reading a scene aloud: its texts cut into sentences (UAX #29), read in
 * order by the voice module, the sentence being heard highlighted where the
 * scene draws it. A listen button shows only in languages espeak-ng has a
 * voice for, so nobody hears their language read with another's voice. */
#include "common.h"

#include <stdlib.h>

bool ik_kiosk_can_listen(const IkKiosk *k)
{
    return k->voice && ik_voice_has(k->voice, k->s.lang);
}

bool ik_kiosk_listening(const IkKiosk *k)
{
    return k->spoken_count > 0;
}

void ik_kiosk_listen_stop(IkKiosk *k)
{
    ik_voice_stop(k->voice);
    for (size_t i = 0; i < k->spoken_count; i++)
        free(k->spoken[i].text);
    free(k->spoken);
    k->spoken = NULL;
    k->spoken_count = 0;
    k->heard = -1;
    k->dirty = true;
}

/* Byte offset of code point cp in s (s's end past its last). */
static size_t byte_of(const char *s, size_t len, size_t cp)
{
    size_t b = 0;
    for (size_t i = 0; i < cp && b < len; i++) {
        uint32_t c;
        size_t n = ik_utf8_decode(s + b, len - b, &c);
        b += n ? n : 1;
    }
    return b;
}

void ik_kiosk_listen(IkKiosk *k, const IkUtterance *texts, size_t n)
{
    ik_kiosk_listen_stop(k);
    if (!ik_kiosk_can_listen(k))
        return;
    IkUtterance *items = NULL;
    size_t count = 0, cap = 0;
    for (size_t t = 0; t < n; t++) {
        const char *text = texts[t].text;
        size_t len = text ? strlen(text) : 0, *ends = NULL, ne = 0, from = 0;
        if (!len || !ik_text_sentences(text, len, texts[t].lang, &ends, &ne))
            continue;
        for (size_t e = 0; e < ne; from = ends[e++]) {
            size_t b0 = byte_of(text, len, from), b1 = byte_of(text, len, ends[e]);
            char *sentence = ik_xstrndup(text + b0, b1 - b0);
            if (!*ik_str_trim(sentence)) {
                free(sentence);
                continue;
            }
            if (count == cap) {
                cap = cap ? 2 * cap : 32;
                items = ik_xrealloc(items, cap, sizeof *items);
                k->spoken = ik_xrealloc(k->spoken, cap, sizeof *k->spoken);
            }
            items[count] = (IkUtterance){texts[t].lang ? texts[t].lang : k->s.lang, sentence};
            k->spoken[count++] = (IkSpoken){ik_xstrdup(text), (uint32_t)from, (uint32_t)ends[e]};
        }
        free(ends);
    }
    k->spoken_count = count;
    k->spoken_scene = ik_kiosk_scene(k);
    if (count && !ik_voice_speak(k->voice, items, count)) {
        ik_log(IK_LOG_WARN, "read aloud: %s", ik_error());
        ik_kiosk_listen_stop(k);
    }
    for (size_t i = 0; i < count; i++)
        free((char *)items[i].text);
    free(items);
    k->dirty = true;
}

IkTextStyle ik_kiosk_heard(const IkKiosk *k, const char *text, IkTextStyle st)
{
    if (k->heard < 0 || (size_t)k->heard >= k->spoken_count || !text)
        return st;
    const IkSpoken *s = &k->spoken[k->heard];
    if (strcmp(s->text, text) != 0)
        return st;
    st.mark_from = s->from;
    st.mark_to = s->to;
    st.mark = k->ui.theme.ribbon;
    return st;
}

int ik_kiosk_listen_tick(IkKiosk *k)
{
    if (!k->spoken_count)
        return -1;
    int now = ik_voice_current(k->voice);
    if (now != k->heard) {
        k->heard = now;
        k->dirty = true;
    }
    if (now < 0) {              /* read to the end */
        ik_kiosk_listen_stop(k);
        return -1;
    }
    return 100;
}

int ik_scene_listen_button(IkKiosk *k, IkRect r)
{
    IkUi *ui = &k->ui;
    if (!ik_kiosk_can_listen(k))
        return 0;
    bool on = ik_kiosk_listening(k);
    IkButton b = ik_ui_button_of(ui, on ? IK_ICON_STOP : IK_ICON_SPEAKER,
                                 ik_ui_str(ui, on ? "common.listen_stop" : "common.listen"), NULL);
    if (on) {
        b.bg = ui->theme.accent;
        b.fg = ui->theme.on_accent;
    }
    IkSize sz = ik_ui_button_size(ui, &b, r.w);
    r.h = sz.h;
    ik_ui_button_ex(ui, "listen", ik_ui_cut_start(ui, &r, sz.w, 0), &b);
    return sz.h;
}
