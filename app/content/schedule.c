/* "Open now": the one place that decides whether a service's openings hold
 * a given instant. The service card (ik_service_open_at) and the search
 * filter (search_filter.c) both ask here. Rules follow RFC 5545 as HSDS
 * schedules use it: WEEKLY (every interval weeks from dtstart's week),
 * MONTHLY by ordinal weekday (1MO, -1FR) or by day of the month, DAILY;
 * valid_from/valid_to and until bound the days; an opening that closes at or
 * before it opens runs past midnight into the next day. */
#include <sqlite3.h>

#include "content_internal.h"
#include "incontro/core.h"

bool ik_opening_plain(const IkOpening *o)
{
    return o->freq == IK_FREQ_WEEKLY && o->weekday >= 0 && o->ordinal == 0 &&
           o->monthday == 0 && o->interval <= 1 && !o->from && !o->to;
}

void ik_opening_read(sqlite3_stmt *st, int first, IkOpening *o)
{
    o->weekday = sqlite3_column_int(st, first);
    o->opens = sqlite3_column_int(st, first + 1);
    o->closes = sqlite3_column_int(st, first + 2);
    o->freq = sqlite3_column_int(st, first + 3);
    o->ordinal = sqlite3_column_int(st, first + 4);
    o->monthday = sqlite3_column_int(st, first + 5);
    o->interval = sqlite3_column_int(st, first + 6);
    o->start = (long)sqlite3_column_int64(st, first + 7);
    o->from = (long)sqlite3_column_int64(st, first + 8);
    o->to = (long)sqlite3_column_int64(st, first + 9);
}

static long floor_div(long a, long b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* every interval-th period from start's: weeks from start's Monday, months
 * from start's month, days from start */
static bool in_interval(const IkOpening *o, long day, long year, int month)
{
    if (o->interval <= 1)
        return true;
    long n;
    if (o->freq == IK_FREQ_WEEKLY) {
        long monday = day - ik_weekday_of_days(day), first = o->start - ik_weekday_of_days(o->start);
        n = floor_div(monday - first, 7);
    } else if (o->freq == IK_FREQ_MONTHLY) {
        long sy;
        int sm;
        ik_civil_from_days(o->start, &sy, &sm, NULL);
        n = (year - sy) * 12 + (month - sm);
    } else {
        n = day - o->start;
    }
    return n >= 0 && n % o->interval == 0;
}

/* true when the opening's rule takes place on day */
static bool occurs(const IkOpening *o, long day)
{
    if ((o->from && day < o->from) || (o->to && day > o->to))
        return false;
    long year;
    int month, dom;
    ik_civil_from_days(day, &year, &month, &dom);
    int dim = ik_days_in_month(year, month);
    if (o->weekday >= 0 && ik_weekday_of_days(day) != o->weekday)
        return false;
    if (o->ordinal > 0 && (dom - 1) / 7 + 1 != o->ordinal)
        return false;
    if (o->ordinal < 0 && (dim - dom) / 7 + 1 != -o->ordinal)
        return false;
    if (o->monthday > 0 && dom != o->monthday)
        return false;
    if (o->monthday < 0 && dom != dim + o->monthday + 1)
        return false;
    return in_interval(o, day, year, month);
}

static bool holds(const IkOpening *o, long day, int minutes)
{
    bool overnight = o->closes <= o->opens;
    if (minutes >= o->opens && (overnight || minutes < o->closes) && occurs(o, day))
        return true;
    /* the part past midnight of yesterday's opening */
    return overnight && minutes < o->closes && occurs(o, day - 1);
}

bool ik_schedule_open_at(const IkOpening *openings, size_t count, time_t now)
{
    long day = 0;
    int minutes = 0;
    ik_rome_clock(now, &day, NULL, &minutes);
    for (size_t i = 0; openings && i < count; i++)
        if (holds(&openings[i], day, minutes))
            return true;
    return false;
}

int ik_schedule_opens_later(const IkOpening *openings, size_t count, time_t now)
{
    long day = 0;
    int minutes = 0, next = -1;
    ik_rome_clock(now, &day, NULL, &minutes);
    for (size_t i = 0; openings && i < count; i++) {
        const IkOpening *o = &openings[i];
        if (o->opens > minutes && (next < 0 || o->opens < next) && occurs(o, day))
            next = o->opens;
    }
    return next;
}

bool ik_service_open_at(const IkService *service, time_t now)
{
    return service && ik_schedule_open_at(service->openings, service->opening_count, now);
}
