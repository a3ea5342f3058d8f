/* input: gesture recognition from synthetic pointer timelines, kinetic
 * scrolling and the idle clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>

#include <cmocka.h>

#include "incontro/input.h"

static int drain(IkGestures *g, IkGesture *out, int max)
{
    int n = 0;
    IkGesture e;
    while (ik_gestures_next(g, &e))
        if (n < max)
            out[n++] = e;
    return n;
}

static void tap_is_recognised_despite_jitter(void **state)
{
    (void)state;
    IkGestures g;
    IkGesture e[8];
    ik_gestures_init(&g);
    ik_gestures_down(&g, 100, 200, 1000);
    ik_gestures_move(&g, 108, 195, 1030);   /* within the slop */
    ik_gestures_up(&g, 110, 205, 1080);
    assert_int_equal(drain(&g, e, 8), 1);
    assert_int_equal(e[0].type, IK_GESTURE_TAP);
    assert_int_equal(e[0].x, 100);          /* where the finger went down */
    assert_int_equal(e[0].y, 200);
}

static void long_press_fires_once_and_suppresses_tap(void **state)
{
    (void)state;
    IkGestures g;
    IkGesture e[8];
    ik_gestures_init(&g);
    ik_gestures_down(&g, 10, 10, 0);
    assert_int_equal(ik_gestures_timeout(&g, 0), IK_LONG_PRESS_MS);
    ik_gestures_tick(&g, IK_LONG_PRESS_MS - 1);
    assert_int_equal(drain(&g, e, 8), 0);
    ik_gestures_tick(&g, IK_LONG_PRESS_MS);
    ik_gestures_tick(&g, IK_LONG_PRESS_MS + 500);
    ik_gestures_up(&g, 10, 10, IK_LONG_PRESS_MS + 600);
    assert_int_equal(drain(&g, e, 8), 1);
    assert_int_equal(e[0].type, IK_GESTURE_LONG_PRESS);
    assert_int_equal(ik_gestures_timeout(&g, 5000), -1);
}

static void drag_reports_whole_movement(void **state)
{
    (void)state;
    IkGestures g;
    IkGesture e[16];
    ik_gestures_init(&g);
    ik_gestures_down(&g, 500, 800, 0);
    for (int i = 1; i <= 10; i++)
        ik_gestures_move(&g, 500, 800 - 30 * i, (uint64_t)(i * 50));
    ik_gestures_up(&g, 500, 500, 600);      /* slow: 600 px/s at most... */
    int n = drain(&g, e, 16);
    float dy = 0;
    for (int i = 0; i < n; i++)
        if (e[i].type == IK_GESTURE_DRAG)
            dy += e[i].dy;
    assert_true(fabsf(dy + 300) < 0.5f);   /* nothing lost to the slop */
    assert_true(e[n - 1].type == IK_GESTURE_RELEASE || e[n - 1].type == IK_GESTURE_SWIPE);
}

static void fast_flick_is_a_swipe_and_a_held_stop_is_not(void **state)
{
    (void)state;
    IkGestures g;
    IkGesture e[16];
    ik_gestures_init(&g);
    ik_gestures_down(&g, 900, 900, 0);
    ik_gestures_move(&g, 900, 800, 16);
    ik_gestures_move(&g, 900, 700, 32);
    ik_gestures_up(&g, 900, 600, 48);
    int n = drain(&g, e, 16);
    assert_int_equal(e[n - 1].type, IK_GESTURE_SWIPE);
    assert_true(e[n - 1].vy < -IK_SWIPE_MIN_SPEED);

    ik_gestures_down(&g, 900, 900, 1000);
    ik_gestures_move(&g, 900, 800, 1016);
    ik_gestures_move(&g, 900, 700, 1032);
    ik_gestures_up(&g, 900, 700, 1400);     /* finger rested before lifting */
    n = drain(&g, e, 16);
    assert_int_equal(e[n - 1].type, IK_GESTURE_RELEASE);
    assert_true(e[n - 1].vy == 0);
}

static void kinetic_decays_and_is_frame_rate_independent(void **state)
{
    (void)state;
    IkKinetic a = {0}, b = {0};
    ik_kinetic_fling(&a, 2000);
    ik_kinetic_fling(&b, 2000);
    float da = 0, db = 0;
    for (int i = 0; i < 10; i++)
        da += ik_kinetic_step(&a, 10);
    db = ik_kinetic_step(&b, 100);
    assert_true(fabsf(da - db) < 0.5f);
    float total = da;
    for (int i = 0; i < 1000 && ik_kinetic_active(&a); i++)
        total += ik_kinetic_step(&a, 16);
    assert_false(ik_kinetic_active(&a));
    assert_true(total > 400 && total < 2000 / 3.5f + 1);
    ik_kinetic_fling(&a, 5);                /* too slow to move at all */
    assert_false(ik_kinetic_active(&a));
}

static void idle_clock_expires_and_resets_on_touch(void **state)
{
    (void)state;
    IkIdle idle;
    ik_idle_init(&idle, 90, 1000);
    assert_false(ik_idle_expired(&idle, 90999));
    assert_int_equal(ik_idle_remaining(&idle, 1000), 90000);
    ik_idle_touch(&idle, 50000);
    assert_false(ik_idle_expired(&idle, 91000));
    assert_true(ik_idle_expired(&idle, 140000));
    assert_int_equal(ik_idle_remaining(&idle, 150000), 0);
    ik_idle_touch(&idle, 10);               /* time never runs backwards */
    assert_true(ik_idle_expired(&idle, 140000));
    ik_idle_init(&idle, 0, 0);              /* 0 = never */
    assert_false(ik_idle_expired(&idle, UINT64_MAX / 2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tap_is_recognised_despite_jitter),
        cmocka_unit_test(long_press_fires_once_and_suppresses_tap),
        cmocka_unit_test(drag_reports_whole_movement),
        cmocka_unit_test(fast_flick_is_a_swipe_and_a_held_stop_is_not),
        cmocka_unit_test(kinetic_decays_and_is_frame_rate_independent),
        cmocka_unit_test(idle_clock_expires_and_resets_on_touch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
