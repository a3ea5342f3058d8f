/* Schedules as directories write them (HSDS 3.0, RFC 5545 rules): WEEKLY
 * and DAILY by weekday, MONTHLY by ordinal weekday (1MO, -1FR) or by day of
 * the month, every interval periods from dtstart, within valid_from/valid_to
 * and until, hours past midnight. What the kiosk computes becomes openings
 * ("open now"); a rule beyond that (byweekno, count, YEARLY...) is shown as
 * its description, which it must then have. A rule beyond the plain weekly
 * case is also worded for the card: by its description, else by a sentence
 * in Italian (the source language) that translators translate. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incontro/content.h"
#include "hsds.h"

#define MAX_ITEMS 40

typedef struct {
    int weekday, ordinal;
} Day;

/* what one schedule row says */
typedef struct {
    int freq;               /* IkFreq; -1: a rule the kiosk does not compute */
    const char *beyond;     /* then: what it does not compute */
    int interval;           /* >= 1 */
    long start, from, to;   /* days; 0 = none */
    int opens, closes;      /* minutes; -1 when absent */
    Day days[MAX_ITEMS];
    int nday;
    int monthdays[MAX_ITEMS];
    int nmonthday;
} Rule;

static const char *get(IkHsds *d, size_t row, const char *column)
{
    return ik_hsds_get(d, SCHED, row, column);
}

/* a date cell as a day; 0 when empty (the column rule checked the form) */
static long day_of(IkHsds *d, size_t row, const char *column)
{
    int y, m, dd;
    return ik_parse_date(get(d, row, column), &y, &m, &dd) ? ik_days_from_civil(y, m, dd) : 0;
}

/* ---- parsing ------------------------------------------------------------------- */
/* "1MO", "-1FR", "SU": false when it is not a day */
static bool parse_day(const char *s, Day *day)
{
    int sign = 1, n = 0;
    if (*s == '+' || *s == '-')
        sign = *s++ == '-' ? -1 : 1;
    const char *digits = s;
    while (*s >= '0' && *s <= '9' && s - digits < 2)
        n = n * 10 + (*s++ - '0');
    if (s != digits && n == 0)
        return false;
    day->ordinal = sign * n;
    day->weekday = ik_weekday_parse(s, strlen(s));
    return day->weekday >= 0 && (s != digits || sign == 1);
}

/* the comma-separated items of a cell, trimmed (an empty item kept as ""
 * to be reported); malloc'd, freed with free_items; none for "" */
static char **split_items(const char *cell, size_t *n)
{
    char **items = NULL;
    *n = 0;
    for (const char *p = cell; cell[0];) {
        size_t len = strcspn(p, ",");
        char *item = ik_xstrndup(p, len);
        char *t = ik_str_trim(item);
        items = ik_xrealloc(items, *n + 1, sizeof *items);
        items[(*n)++] = ik_xstrdup(t);
        free(item);
        p += len;
        if (!*p++)
            break;
    }
    return items;
}

static void free_items(char **items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(items[i]);
    free(items);
}

/* byday; reports and returns false on a bad or repeated item */
static bool parse_days(IkHsds *d, size_t row, Rule *r, bool report)
{
    size_t n;
    char **items = split_items(get(d, row, "byday"), &n);
    bool ok = true;
    for (size_t k = 0; k < n; k++) {
        Day day;
        bool valid = parse_day(items[k], &day), dup = false;
        for (int i = 0; valid && i < r->nday; i++)
            dup |= r->days[i].weekday == day.weekday && r->days[i].ordinal == day.ordinal;
        if (!valid || r->nday == MAX_ITEMS || dup) {
            if (report && dup)
                ik_hsds_err(d, SCHED, row, "byday lists %s twice", items[k]);
            else if (report)
                ik_hsds_err(d, SCHED, row, "byday \"%s\" is not a day (MO,TU,WE,TH,FR,SA,SU; "
                            "with freq MONTHLY also 1MO, -1FR)", items[k]);
            ok = false;
        } else {
            r->days[r->nday++] = day;
        }
    }
    free_items(items, n);
    return ok;
}

static bool parse_monthdays(IkHsds *d, size_t row, Rule *r, bool report)
{
    size_t n;
    char **items = split_items(get(d, row, "bymonthday"), &n);
    bool ok = true;
    for (size_t k = 0; k < n; k++) {
        long v;
        if (!ik_parse_int(items[k], -31, 31, &v) || v == 0 || r->nmonthday == MAX_ITEMS) {
            if (report)
                ik_hsds_err(d, SCHED, row, "bymonthday \"%s\" is not a day of the month (1 to "
                            "31, -1 the last)", items[k]);
            ok = false;
        } else {
            r->monthdays[r->nmonthday++] = (int)v;
        }
    }
    free_items(items, n);
    return ok;
}

/* the frequency, and what makes the rule one the kiosk does not compute */
static bool parse_freq(IkHsds *d, size_t row, Rule *r, bool report)
{
    const char *f = get(d, row, "freq");
    r->freq = !strcmp(f, "MONTHLY") ? IK_FREQ_MONTHLY : !strcmp(f, "DAILY") ? IK_FREQ_DAILY
            : IK_FREQ_WEEKLY;
    if (get(d, row, "byweekno")[0] || get(d, row, "byyearday")[0])
        r->beyond = get(d, row, "byweekno")[0] ? "byweekno" : "byyearday";
    else if (get(d, row, "count")[0])
        r->beyond = "count";
    else if (f[0] && strcmp(f, "WEEKLY") && strcmp(f, "MONTHLY") && strcmp(f, "DAILY"))
        r->beyond = "freq YEARLY and finer";
    else if (r->interval > 1 && get(d, row, "wkst")[0] && strcmp(get(d, row, "wkst"), "MO"))
        r->beyond = "a week starting on another day than Monday";
    else if (r->opens < 0)
        r->beyond = "no opening times";
    if (r->beyond)
        return true;
    bool ok = true;
    const char *msg = NULL;
    bool ordinals = false;
    for (int i = 0; i < r->nday; i++)
        ordinals |= r->days[i].ordinal != 0;
    if (r->freq != IK_FREQ_MONTHLY && (ordinals || r->nmonthday))
        msg = ordinals ? "byday with a number (1MO, -1FR) needs freq MONTHLY"
                       : "bymonthday needs freq MONTHLY";
    else if (r->freq == IK_FREQ_WEEKLY && !get(d, row, "byday")[0])
        msg = "missing value for \"byday\"";
    else if (r->freq == IK_FREQ_MONTHLY && !get(d, row, "byday")[0] &&
             !get(d, row, "bymonthday")[0])
        msg = "freq MONTHLY needs byday (1MO, -1FR) or bymonthday (1, 15, -1)";
    for (int i = 0; !msg && i < r->nday; i++)
        if (r->days[i].ordinal > 5 || r->days[i].ordinal < -5)
            msg = "a month has at most five of each weekday (byday 1MO to 5MO, -1MO to -5MO)";
    if (msg && report)
        ik_hsds_err(d, SCHED, row, "%s", msg);
    ok = !msg;
    if (r->interval > 1 && !r->start) {
        if (report)
            ik_hsds_err(d, SCHED, row, "interval %d needs dtstart (the first day of the "
                        "schedule, from which the periods are counted)", r->interval);
        ok = false;
    }
    return ok;
}

static bool parse_times(IkHsds *d, size_t row, Rule *r, bool report)
{
    const char *o = get(d, row, "opens_at"), *c = get(d, row, "closes_at");
    r->opens = o[0] ? ik_parse_time(o) : -1;
    r->closes = c[0] ? ik_parse_time(c) : -1;
    const char *msg = NULL;
    if (!o[0] != !c[0])
        msg = o[0] ? "closes_at is missing: give both times or neither"
                   : "opens_at is missing: give both times or neither";
    else if (r->opens == 24 * 60)
        msg = "opens_at 24:00 is not a time (HH:MM, 00:00-23:59)";
    else if (r->opens >= 0 && r->opens == r->closes)
        msg = "closes_at is opens_at: an opening of no time (a whole day is 00:00 to 23:59)";
    if (msg && report)
        ik_hsds_err(d, SCHED, row, "%s", msg);
    if (msg || (o[0] && r->opens < 0) || (c[0] && r->closes < 0))
        r->opens = r->closes = -1;
    return !msg;
}

/* the whole row; report: say each problem (validation), else only parse */
static bool parse_rule(IkHsds *d, size_t row, Rule *r, bool report)
{
    memset(r, 0, sizeof *r);
    long interval = 1;
    const char *iv = get(d, row, "interval");
    bool ok = !iv[0] || ik_parse_int(iv, 1, 1000, &interval);
    if (!ok && report)
        ik_hsds_err(d, SCHED, row, "interval \"%s\" is not a whole number of 1 or more", iv);
    r->interval = (int)interval;
    r->start = day_of(d, row, "dtstart");
    r->from = day_of(d, row, "valid_from");
    if (r->start > r->from)
        r->from = r->start;   /* nothing happens before the first occurrence */
    r->to = day_of(d, row, "valid_to");
    long until = day_of(d, row, "until");
    if (until && (!r->to || until < r->to))
        r->to = until;
    ok &= parse_times(d, row, r, report);
    ok &= parse_days(d, row, r, report);
    ok &= parse_monthdays(d, row, r, report);
    ok &= parse_freq(d, row, r, report);
    if (r->from && r->to && r->from > r->to) {
        if (report)
            ik_hsds_err(d, SCHED, row, "the schedule ends (valid_to or until) before it starts "
                        "(valid_from)");
        ok = false;
    }
    if (r->beyond)
        r->freq = -1;
    return ok;
}

void ik_hsds_check_schedule(IkHsds *d, size_t row)
{
    Rule r;
    if (!get(d, row, "service_id")[0] && !get(d, row, "location_id")[0] &&
        !get(d, row, "service_at_location_id")[0])
        ik_hsds_err(d, SCHED, row, "schedule belongs to no service or location");
    if (parse_rule(d, row, &r, true) && r.freq < 0 && !get(d, row, "description")[0])
        ik_hsds_err(d, SCHED, row, "the kiosk does not compute this schedule (%s) and it has no "
                    "description to show instead: add one (\"the second Tuesday of every other "
                    "month, 9:00 to 12:00\")", r.beyond);
}

/* ---- wording ------------------------------------------------------------------- */
static const char *const giorni[7] = {"lunedì", "martedì", "mercoledì", "giovedì",
                                      "venerdì", "sabato", "domenica"};
static const char *const mesi[12] = {"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
                                     "luglio", "agosto", "settembre", "ottobre", "novembre",
                                     "dicembre"};

static void put_date(IkBuf *b, long day)
{
    long y;
    int m, dd;
    ik_civil_from_days(day, &y, &m, &dd);
    ik_buf_printf(b, "%d%s %s %ld", dd, dd == 1 ? "º" : "", mesi[m - 1], y);
}

/* "il primo lunedì", "l'ultima domenica", "lunedì" (Italian ordinals agree
 * with the day: domenica is feminine) */
static void put_day(IkBuf *b, Day day)
{
    static const char *const nth[2][10] = {
        {"primo", "secondo", "terzo", "quarto", "quinto",
         "ultimo", "penultimo", "terzultimo", "quartultimo", "quintultimo"},
        {"prima", "seconda", "terza", "quarta", "quinta",
         "ultima", "penultima", "terzultima", "quartultima", "quintultima"}};
    bool fem = day.weekday == 6;
    if (day.ordinal) {
        const char *w = nth[fem][day.ordinal > 0 ? day.ordinal - 1 : 4 - day.ordinal];
        ik_buf_printf(b, "%s%s ", w[0] == 'u' ? "l'" : fem ? "la " : "il ", w);
    }
    ik_buf_puts(b, giorni[day.weekday]);
}

static void put_period(IkBuf *b, const Rule *r)
{
    if (r->interval == 2 && r->freq == IK_FREQ_WEEKLY)
        ik_buf_puts(b, "a settimane alterne, ");
    else if (r->interval > 1)
        ik_buf_printf(b, "ogni %d %s, ", r->interval, r->freq == IK_FREQ_WEEKLY ? "settimane"
                      : r->freq == IK_FREQ_MONTHLY ? "mesi" : "giorni");
    if (r->freq == IK_FREQ_DAILY && !r->nday)
        ik_buf_puts(b, "tutti i giorni");
    for (int i = 0; i < r->nday; i++) {
        if (i)
            ik_buf_puts(b, i + 1 == r->nday ? " e " : ", ");
        put_day(b, r->days[i]);
    }
    if (r->nmonthday) {
        ik_buf_puts(b, r->nday ? " se è " : "");
        for (int i = 0; i < r->nmonthday; i++) {
            int m = r->monthdays[i];
            if (i)
                ik_buf_puts(b, i + 1 == r->nmonthday ? " e " : ", ");
            if (m == -1)
                ik_buf_puts(b, "l'ultimo giorno");
            else if (m < 0)
                ik_buf_printf(b, "il %dº giorno dalla fine", -m);
            else
                ik_buf_printf(b, "il giorno %d", m);
        }
    }
    if (r->freq == IK_FREQ_MONTHLY)
        ik_buf_puts(b, " del mese");
}

/* The Italian sentence of a computed rule: "Dal 1º giugno 2026 al 31
 * agosto 2026: l'ultimo venerdì del mese, 21:00–02:00 (fino al giorno
 * dopo)". malloc'd. */
static char *wording(const Rule *r)
{
    IkBuf b = {0};
    if (r->from && r->to) {
        ik_buf_puts(&b, "dal ");
        put_date(&b, r->from);
        ik_buf_puts(&b, " al ");
        put_date(&b, r->to);
        ik_buf_puts(&b, ": ");
    } else if (r->from || r->to) {
        ik_buf_puts(&b, r->from ? "dal " : "fino al ");
        put_date(&b, r->from ? r->from : r->to);
        ik_buf_puts(&b, ": ");
    }
    put_period(&b, r);
    ik_buf_printf(&b, ", %02d:%02d–%02d:%02d%s", r->opens / 60, r->opens % 60, r->closes / 60 % 24,
                  r->closes % 60, r->closes <= r->opens ? " (fino al giorno dopo)" : "");
    /* a capital first letter: the sentence starts with ASCII or "l'" */
    if (b.data[0] >= 'a' && b.data[0] <= 'z')
        b.data[0] = (char)(b.data[0] - 'a' + 'A');
    return b.data;
}

/* ---- storing ------------------------------------------------------------------- */
static bool plain(const Rule *r)
{
    for (int i = 0; i < r->nday; i++)
        if (r->days[i].ordinal)
            return false;
    return r->freq == IK_FREQ_WEEKLY && r->interval <= 1 && !r->nmonthday && !r->from && !r->to;
}

static void store_opening(IkHsds *d, const char *svc, const Rule *r, int weekday, int ordinal,
                          int monthday)
{
    char v[10][24];
    long values[10] = {weekday, r->opens, r->closes, r->freq, ordinal, monthday,
                       r->interval, r->start, r->from, r->to};
    for (int i = 0; i < 10; i++)
        snprintf(v[i], sizeof v[i], "%ld", values[i]);
    SQL(d->b, "INSERT INTO service_schedule(service_id,weekday,opens,closes,freq,ordinal,monthday,"
              "interval,start,valid_from,valid_to) VALUES(?,?,?,?,?,?,?,?,?,?,?)",
        svc, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
}

/* a note on the card: the catalog key, added to the sources once */
static void store_note(IkHsds *d, const char *svc, size_t h, const char *part, const char *text,
                       const char *comment)
{
    char *key = ik_xasprintf("schedule:%s:%s", get(d, h, "id"), part);
    if (!ik_build_find_source(d->b, key))
        ik_build_source(d->b, key, text, NULL, comment, d->t[SCHED]->path, ik_hsds_line(d, SCHED, h));
    SQL(d->b, "INSERT INTO service_hours_note(service_id,seq,key) SELECT ?1, count(*), ?2"
              " FROM service_hours_note WHERE service_id = ?1", svc, key);
    free(key);
}

void ik_hsds_store_schedule(IkHsds *d, size_t s, size_t h)
{
    Rule r;
    if (!d->row_ok[SCHED][h] || d->sched_stamp[h] == (long)s + 1 || !parse_rule(d, h, &r, false))
        return;
    d->sched_stamp[h] = (long)s + 1;
    const char *svc = ik_hsds_get(d, SVC, s, "id");
    if (r.freq >= 0) {
        for (int i = 0; i < (r.nday ? r.nday : 1); i++) {
            Day day = r.nday ? r.days[i] : (Day){-1, 0};
            for (int k = 0; k < (r.nmonthday ? r.nmonthday : 1); k++)
                store_opening(d, svc, &r, day.weekday, day.ordinal,
                              r.nmonthday ? r.monthdays[k] : 0);
        }
    }
    if (get(d, h, "description")[0]) {
        store_note(d, svc, h, "description", get(d, h, "description"),
                   "Directory: opening hours in words");
    } else if (r.freq >= 0 && !plain(&r)) {
        char *text = wording(&r);
        store_note(d, svc, h, "hours", text, "Directory: opening hours beyond a weekly rule, "
                   "worded by the pack tool (keep the times as they are)");
        free(text);
    }
}
