/* Europe/Rome wall clock without the process's TZ: CET (UTC+1), CEST (UTC+2)
 * from the last Sunday of March 01:00 UTC to the last Sunday of October
 * 01:00 UTC (the EU rule since 1996). */
#include "incontro/content.h"

#include "incontro/core.h"

/* 01:00 UTC of the last Sunday of month, seconds since the epoch */
static long long last_sunday_0100utc(long year, int month)
{
    long d31 = ik_days_from_civil(year, month, 31);
    long day = d31 - (ik_weekday_of_days(d31) + 1) % 7;
    return (long long)day * 86400 + 3600;
}

static long floor_days(long long t)
{
    return (long)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
}

int ik_rome_clock(time_t now, long *day, int *weekday, int *minutes)
{
    long long t = (long long)now;
    long year;
    ik_civil_from_days(floor_days(t), &year, NULL, NULL);
    int offset = 3600;
    if (t >= last_sunday_0100utc(year, 3) && t < last_sunday_0100utc(year, 10))
        offset = 7200;
    long long local = t + offset;
    long ld = floor_days(local);
    if (day)
        *day = ld;
    if (weekday)
        *weekday = ik_weekday_of_days(ld);
    if (minutes)
        *minutes = (int)((local - (long long)ld * 86400) / 60);
    return offset;
}

int ik_rome_time(time_t now, int *weekday, int *minutes)
{
    return ik_rome_clock(now, NULL, weekday, minutes);
}
