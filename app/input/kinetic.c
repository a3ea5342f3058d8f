/* Kinetic scrolling and the idle clock. */
#include "incontro/input.h"

#include <math.h>

#define FRICTION 3.5f       /* 1/s: velocity falls to ~3% in a second */
#define REST_SPEED 20.0f    /* px/s below which the list stops */
#define MAX_SPEED 6000.0f

void ik_kinetic_fling(IkKinetic *k, float velocity)
{
    if (velocity > MAX_SPEED)
        velocity = MAX_SPEED;
    if (velocity < -MAX_SPEED)
        velocity = -MAX_SPEED;
    k->velocity = fabsf(velocity) < REST_SPEED ? 0 : velocity;
}

float ik_kinetic_step(IkKinetic *k, uint32_t dt)
{
    if (k->velocity == 0 || dt == 0)
        return 0;
    float s = dt / 1000.0f;
    /* Exact integral of v0*exp(-f t) over the step: frame-rate independent. */
    float decay = expf(-FRICTION * s);
    float distance = k->velocity * (1 - decay) / FRICTION;
    k->velocity *= decay;
    if (fabsf(k->velocity) < REST_SPEED)
        k->velocity = 0;
    return distance;
}

bool ik_kinetic_active(const IkKinetic *k)
{
    return k->velocity != 0;
}

void ik_kinetic_stop(IkKinetic *k)
{
    k->velocity = 0;
}

void ik_idle_init(IkIdle *idle, uint32_t timeout_seconds, uint64_t now)
{
    idle->last = now;
    idle->timeout = (uint64_t)timeout_seconds * 1000;
}

void ik_idle_touch(IkIdle *idle, uint64_t now)
{
    if (now > idle->last)
        idle->last = now;
}

bool ik_idle_expired(const IkIdle *idle, uint64_t now)
{
    return idle->timeout != 0 && now >= idle->last + idle->timeout;
}

uint64_t ik_idle_remaining(const IkIdle *idle, uint64_t now)
{
    if (idle->timeout == 0)
        return UINT64_MAX;
    if (now >= idle->last + idle->timeout)
        return 0;
    return idle->last + idle->timeout - now;
}
