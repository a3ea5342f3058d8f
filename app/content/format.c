/* Texts composed from catalog strings and service data, shared by every
 * program that shows a service (the kiosk's card, the exported web page):
 * catalog strings with numbers, lists joined in a language, opening hours
 * grouped by day. */
#include <stdio.h>
#include <string.h>

#include <unicode/udat.h>
#include <unicode/ustring.h>

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
            if (o->weekday != d || !ik_opening_plain(o))
                continue;   /* other rules are worded by the hours notes */
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
    for (size_t i = 0; i < service->hours_note_count; i++)
        ik_buf_printf(&out, "%s%s", out.len ? "\n" : "", service->hours_notes[i]);
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

bool ik_content_date(const char *lang, const char *ymd, char *out, size_t size)
{
    int y, m, d;
    if (!out || size == 0 || !ymd || sscanf(ymd, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 ||
        m > 12 || d < 1 || d > ik_days_in_month(y, m))
        return false;
    /* ICU locales spell the region with an underscore: fa_AF, zh_Hans */
    char locale[32];
    snprintf(locale, sizeof locale, "%s", lang ? lang : IK_SOURCE_LANG);
    for (char *p = locale; *p; p++)
        if (*p == '-')
            *p = '_';
    UErrorCode err = U_ZERO_ERROR;
    UChar utc[4], text[128];
    u_uastrcpy(utc, "UTC");
    UDateFormat *f = udat_open(UDAT_NONE, UDAT_LONG, locale, utc, 3, NULL, 0, &err);
    int32_t n = 0;
    if (U_SUCCESS(err))
        n = udat_format(f, (UDate)ik_days_from_civil(y, m, d) * 86400000.0, text, 128, NULL, &err);
    udat_close(f);
    if (U_FAILURE(err) || n >= 128) {
        snprintf(out, size, "%s", ymd);   /* the date as written: never nothing */
        return true;
    }
    u_strToUTF8(out, (int32_t)size, NULL, text, n, &err);
    if (U_FAILURE(err))
        snprintf(out, size, "%s", ymd);
    return true;
}
