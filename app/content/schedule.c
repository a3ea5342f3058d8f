/* "Open now": the one place that decides whether a service's openings hold
 * a given instant. The service card (ik_service_open_at) and the search
 * filter (search_filter.c) both ask here. */
#include "incontro/content.h"

/* An opening that closes at or before it opens runs past midnight: it holds
 * on its own day from `opens` and on the next day until `closes`. */
static bool holds(const IkOpening *o, int weekday, int minutes)
{
    bool overnight = o->closes <= o->opens;
    if (o->weekday == weekday && minutes >= o->opens && (overnight || minutes < o->closes))
        return true;
    return overnight && o->weekday == (weekday + 6) % 7 && minutes < o->closes;
}

bool ik_schedule_open_at(const IkOpening *openings, size_t count, time_t now)
{
    int weekday = 0, minutes = 0;
    ik_rome_time(now, &weekday, &minutes);
    for (size_t i = 0; openings && i < count; i++)
        if (holds(&openings[i], weekday, minutes))
            return true;
    return false;
}

bool ik_service_open_at(const IkService *service, time_t now)
{
    return service && ik_schedule_open_at(service->openings, service->opening_count, now);
}
