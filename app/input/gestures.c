/* Gesture recognition: one finger (or the mouse) at a time. A press that
 * stays within IK_TAP_SLOP is a tap on release, or a long press once held;
 * past the slop it becomes a drag, whose release is a swipe when fast. */
#include "incontro/input.h"

#include <math.h>
#include <string.h>

static void push(IkGestures *g, IkGesture e)
{
    if (g->count == IK_GESTURE_QUEUE) {     /* drop the oldest: input is bursty */
        g->head = (g->head + 1) % IK_GESTURE_QUEUE;
        g->count--;
    }
    g->queue[(g->head + g->count) % IK_GESTURE_QUEUE] = e;
    g->count++;
}

void ik_gestures_init(IkGestures *g)
{
    memset(g, 0, sizeof *g);
}

void ik_gestures_down(IkGestures *g, int x, int y, uint64_t ms)
{
    g->state = IK_POINTER_PRESSED;
    g->x0 = x;
    g->y0 = y;
    g->x = (float)x;
    g->y = (float)y;
    g->t0 = g->t = ms;
    g->vx = g->vy = 0;
}

void ik_gestures_move(IkGestures *g, int x, int y, uint64_t ms)
{
    if (g->state == IK_POINTER_UP)
        return;
    ik_gestures_tick(g, ms);
    float dx = x - g->x, dy = y - g->y;
    if (dx == 0 && dy == 0)
        return;     /* a report without motion says nothing about velocity */
    if (g->state == IK_POINTER_PRESSED || g->state == IK_POINTER_HELD) {
        float tx = (float)(x - g->x0), ty = (float)(y - g->y0);
        if (tx * tx + ty * ty <= (float)(IK_TAP_SLOP * IK_TAP_SLOP))
            return;
        if (g->state == IK_POINTER_HELD)        /* a long press already fired */
            return;
        g->state = IK_POINTER_DRAGGING;
        dx = tx;                                /* the slop is not lost */
        dy = ty;
    }
    uint64_t dt = ms > g->t ? ms - g->t : 1;
    /* Exponential smoothing keeps one jittery sample from deciding a fling. */
    float ivx = dx * 1000.0f / (float)dt, ivy = dy * 1000.0f / (float)dt;
    g->vx = 0.4f * g->vx + 0.6f * ivx;
    g->vy = 0.4f * g->vy + 0.6f * ivy;
    g->x = (float)x;
    g->y = (float)y;
    g->t = ms;
    IkGesture e = {IK_GESTURE_DRAG, g->x0, g->y0, dx, dy, g->vx, g->vy};
    push(g, e);
}

void ik_gestures_up(IkGestures *g, int x, int y, uint64_t ms)
{
    if (g->state == IK_POINTER_UP)
        return;
    ik_gestures_move(g, x, y, ms);
    if (g->state == IK_POINTER_PRESSED) {
        ik_gestures_tick(g, ms);
    }
    if (g->state == IK_POINTER_PRESSED) {
        IkGesture e = {IK_GESTURE_TAP, g->x0, g->y0, 0, 0, 0, 0};
        push(g, e);
    } else if (g->state == IK_POINTER_DRAGGING) {
        /* A finger that stopped before lifting does not fling. */
        float vx = g->vx, vy = g->vy;
        if (ms - g->t > 100)
            vx = vy = 0;
        float speed = sqrtf(vx * vx + vy * vy);
        IkGesture e = {speed >= IK_SWIPE_MIN_SPEED ? IK_GESTURE_SWIPE : IK_GESTURE_RELEASE,
                       g->x0, g->y0, g->x - g->x0, g->y - g->y0, vx, vy};
        push(g, e);
    }
    g->state = IK_POINTER_UP;
}

void ik_gestures_tick(IkGestures *g, uint64_t ms)
{
    if (g->state == IK_POINTER_PRESSED && ms >= g->t0 + IK_LONG_PRESS_MS) {
        g->state = IK_POINTER_HELD;
        IkGesture e = {IK_GESTURE_LONG_PRESS, g->x0, g->y0, 0, 0, 0, 0};
        push(g, e);
    }
}

int ik_gestures_timeout(const IkGestures *g, uint64_t ms)
{
    if (g->state != IK_POINTER_PRESSED)
        return -1;
    if (ms >= g->t0 + IK_LONG_PRESS_MS)
        return 0;
    return (int)(g->t0 + IK_LONG_PRESS_MS - ms);
}

bool ik_gestures_next(IkGestures *g, IkGesture *out)
{
    if (g->count == 0)
        return false;
    *out = g->queue[g->head];
    g->head = (g->head + 1) % IK_GESTURE_QUEUE;
    g->count--;
    return true;
}
