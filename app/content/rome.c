/* Europe/Rome wall clock without the process's TZ: CET (UTC+1), CEST (UTC+2)
 * from the last Sunday of March 01:00 UTC to the last Sunday of October
 * 01:00 UTC (the EU rule since 1996). */
#include "incontro/content.h"
#include "incontro/core.h"

/* 1970-01-01 was a Thursday; returns 0 = Sunday */
static int weekday_sun0(long days)
{
    return (int)((days % 7 + 7 + 4) % 7);
}

static long long last_sunday_0100utc(long year, int month)
{
    long d31 = ik_days_from_civil(year, month, 31);
    long day = d31 - weekday_sun0(d31);
    return (long long)day * 86400 + 3600;
}

static void civil_from_secs(long long t, long *year, long *days)
{
    long long d = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    *days = (long)d;
    /* year of day d */
    long z = (long)d + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = y + (m <= 2);
}

int ik_rome_time(time_t now, int *weekday, int *minutes)
{
    long long t = (long long)now;
    long year, days;
    civil_from_secs(t, &year, &days);
    int offset = 3600;
    if (t >= last_sunday_0100utc(year, 3) && t < last_sunday_0100utc(year, 10))
        offset = 7200;
    long long local = t + offset;
    long ly, ld;
    civil_from_secs(local, &ly, &ld);
    long long sod = local - (long long)ld * 86400;
    if (weekday)
        *weekday = (weekday_sun0(ld) + 6) % 7;
    if (minutes)
        *minutes = (int)(sod / 60);
    return offset;
}
