/* Texts composed from catalog strings and service data, shared by every
 * program that shows a service (the kiosk's card, the exported web page):
 * catalog strings with numbers, lists joined in a language, opening hours
 * grouped by day. */
#include <stdio.h>
#include <string.h>

#include "incontro/content.h"
#include "incontro/core.h"

const char *ik_content_list_separator(const char *lang)
{
    /* Languages written in the Arabic script use the Arabic comma. */
    static const char *const arabic[] = {"ar", "fa", "ps", "ur", "ckb", "sd", "ug"};
    for (size_t i = 0; lang && i < sizeof arabic / sizeof *arabic; i++) {
        size_t n = strlen(arabic[i]);
        if (strncmp(lang, arabic[i], n) == 0 && (lang[n] == '\0' || lang[n] == '-' || lang[n] == '_'))
            return "\u060C ";
    }
    return ", ";
}

char *ik_content_hours(IkContent *content, const char *lang, const IkService *service)
{
    IkBuf day[7] = {{0}}, out = {0};
    for (int d = 0; d < 7; d++)
        for (size_t i = 0; i < service->opening_count; i++) {
            const IkOpening *o = &service->openings[i];
            if (o->weekday != d)
                continue;
            /* Times as an isolated LTR unit keep "09:00 – 13:00" in order. */
            ik_buf_printf(&day[d], "%s\u2066%02d:%02d – %02d:%02d\u2069",
                          day[d].len ? ik_content_list_separator(lang) : "",
                          o->opens / 60 % 24, o->opens % 60, o->closes / 60 % 24, o->closes % 60);
        }
    /* Consecutive days with the same hours share a line: "lun – ven 15:00 – 18:00". */
    for (int d = 0; d < 7;) {
        int e = d;
        while (e + 1 < 7 && day[d].len && day[e + 1].len && strcmp(day[d].data, day[e + 1].data) == 0)
            e++;
        if (day[d].len) {
            char key[48];
            if (out.len)
                ik_buf_puts(&out, "\n");
            snprintf(key, sizeof key, "common.weekday.%s.short", ik_weekday_key(d));
            ik_buf_puts(&out, ik_content_ui(content, lang, key));
            if (e > d) {
                snprintf(key, sizeof key, "common.weekday.%s.short", ik_weekday_key(e));
                ik_buf_printf(&out, " – %s", ik_content_ui(content, lang, key));
            }
            ik_buf_printf(&out, "  %s", day[d].data);
        }
        d = e + 1;
    }
    for (int d = 0; d < 7; d++)
        ik_buf_free(&day[d]);
    return out.data ? out.data : ik_xstrdup("");
}

void ik_content_format(char *out, size_t size, const char *fmt, int a, int b)
{
    size_t n = 0;
    int used = 0;
    if (size == 0)
        return;
    for (const char *p = fmt; *p && n + 1 < size; p++) {
        if (p[0] == '%' && p[1] == 'd') {
            char num[16];
            snprintf(num, sizeof num, "%d", used++ == 0 ? a : b);
            for (const char *q = num; *q && n + 1 < size; q++)
                out[n++] = *q;
            p++;
        } else if (p[0] == '%' && p[1] == '%') {
            out[n++] = '%';
            p++;
        } else {
            out[n++] = *p;
        }
    }
    out[n] = '\0';
}
