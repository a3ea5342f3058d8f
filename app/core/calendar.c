/* Weekdays (0 = Monday ... 6 = Sunday, ISO 8601 order, as packs store them)
 * by their RFC 5545 codes and catalog names: the one weekday table. */
#include "incontro/core.h"

#include <string.h>

static const struct {
    const char *code;   /* RFC 5545 BYDAY, as HSDS schedules write it */
    const char *key;    /* in catalog keys: common.weekday.KEY.short */
} weekdays[7] = {
    {"MO", "mon"}, {"TU", "tue"}, {"WE", "wed"}, {"TH", "thu"},
    {"FR", "fri"}, {"SA", "sat"}, {"SU", "sun"},
};

const char *ik_weekday_code(int weekday)
{
    IK_ASSERT(weekday >= 0 && weekday < 7);
    return weekdays[weekday].code;
}

const char *ik_weekday_key(int weekday)
{
    IK_ASSERT(weekday >= 0 && weekday < 7);
    return weekdays[weekday].key;
}

int ik_weekday_parse(const char *s, size_t n)
{
    for (int d = 0; n == 2 && d < 7; d++)
        if (memcmp(s, weekdays[d].code, 2) == 0)
            return d;
    return -1;
}

/* Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian),
 * eras of 400 years so that negative years need no special case. */
long ik_days_from_civil(long year, int month, int day)
{
    year -= month <= 2;
    long era = (year >= 0 ? year : year - 399) / 400;
    long yoe = year - era * 400;
    long doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void ik_civil_from_days(long days, long *year, int *month, int *day)
{
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    if (year)
        *year = yoe + era * 400 + (m <= 2);
    if (month)
        *month = m;
    if (day)
        *day = (int)(doy - (153 * mp + 2) / 5 + 1);
}

int ik_weekday_of_days(long days)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0) */
    return (int)(((days % 7) + 7 + 3) % 7);
}

int ik_days_in_month(long year, int month)
{
    return (int)(ik_days_from_civil(month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1, 1) -
                 ik_days_from_civil(year, month, 1));
}
