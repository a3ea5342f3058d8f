/* Weekdays (0 = Monday ... 6 = Sunday, ISO 8601 order, as packs store them)
 * by their RFC 5545 codes and catalog names: the one weekday table; and the
 * day count of a date. */
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

/* H. Hinnant's days_from_civil: eras of 400 years, March-based years */
long ik_days_from_civil(long y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}
