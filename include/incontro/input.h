/* input: touch and mouse turned into one stream of gestures (tap, long
 * press, drag, swipe with release velocity), kinetic scrolling, and the idle
 * clock. Pure logic on (x, y, milliseconds): no SDL, so tests drive it with
 * synthetic timelines and the script harness with a virtual clock. */
#ifndef INCONTRO_INPUT_H
#define INCONTRO_INPUT_H

#include <stdbool.h>
#include <stdint.h>

#define IK_TAP_SLOP 24          /* px a finger may wander and still tap */
#define IK_LONG_PRESS_MS 800    /* held this long without moving */
#define IK_SWIPE_MIN_SPEED 600  /* px/s at release for a swipe */
#define IK_GESTURE_QUEUE 16

typedef enum {
    IK_GESTURE_TAP,         /* x, y: where the finger went down */
    IK_GESTURE_LONG_PRESS,  /* x, y */
    IK_GESTURE_DRAG,        /* x, y: start; dx, dy: movement since the last event */
    IK_GESTURE_RELEASE,     /* end of a drag; vx, vy: velocity px/s */
    IK_GESTURE_SWIPE        /* a fast drag end; vx, vy and dx, dy: whole movement */
} IkGestureType;

typedef struct {
    IkGestureType type;
    int x, y;
    float dx, dy;
    float vx, vy;
} IkGesture;

typedef enum { IK_POINTER_UP, IK_POINTER_PRESSED, IK_POINTER_DRAGGING, IK_POINTER_HELD } IkPointerState;

typedef struct {
    IkPointerState state;
    int x0, y0;             /* where the finger went down */
    float x, y;             /* last position */
    uint64_t t0, t;         /* down time, last move time (ms) */
    float vx, vy;           /* smoothed velocity, px/s */
    IkGesture queue[IK_GESTURE_QUEUE];
    int head, count;
} IkGestures;

void ik_gestures_init(IkGestures *g);
/* Feed pointer events in time order (mouse and finger alike). */
void ik_gestures_down(IkGestures *g, int x, int y, uint64_t ms);
void ik_gestures_move(IkGestures *g, int x, int y, uint64_t ms);
void ik_gestures_up(IkGestures *g, int x, int y, uint64_t ms);
/* Lets time pass (detects long presses). */
void ik_gestures_tick(IkGestures *g, uint64_t ms);
/* Milliseconds until the recogniser needs a tick (long press), or -1. */
int ik_gestures_timeout(const IkGestures *g, uint64_t ms);
/* Pops the oldest recognised gesture; false when none. */
bool ik_gestures_next(IkGestures *g, IkGesture *out);

/* Kinetic scrolling: velocity decaying with friction after a release. */
typedef struct {
    float velocity;         /* px/s; 0 = at rest */
} IkKinetic;

void ik_kinetic_fling(IkKinetic *k, float velocity);
/* Advances by dt milliseconds; returns the distance to scroll. */
float ik_kinetic_step(IkKinetic *k, uint32_t dt);
bool ik_kinetic_active(const IkKinetic *k);
void ik_kinetic_stop(IkKinetic *k);

/* The idle clock: a session ends when nobody touched the screen for timeout. */
typedef struct {
    uint64_t last;          /* ms of the last activity */
    uint64_t timeout;       /* ms; 0 = never */
} IkIdle;

void ik_idle_init(IkIdle *idle, uint32_t timeout_seconds, uint64_t now);
void ik_idle_touch(IkIdle *idle, uint64_t now);
bool ik_idle_expired(const IkIdle *idle, uint64_t now);
/* ms left before expiry (0 when expired, UINT64_MAX when never). */
uint64_t ik_idle_remaining(const IkIdle *idle, uint64_t now);

#endif
