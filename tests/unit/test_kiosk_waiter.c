/* The event loop's wait where SDL cannot sleep by itself (here SDL's
 * offscreen driver, as KMSDRM on the console): it sleeps through a timeout
 * without waking, and another thread's event wakes it at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "incontro/core.h"
#include "incontro/kiosk.h"

static IkWaiter *waiter;

/* This thread's voluntary context switches: how often it went to sleep. */
static long switches(void)
{
    char *s = ik_file_read("/proc/thread-self/status", NULL);
    assert_non_null(s);
    const char *v = strstr(s, "\nvoluntary_ctxt_switches:");
    assert_non_null(v);
    long n = strtol(v + strlen("\nvoluntary_ctxt_switches:"), NULL, 10);
    free(s);
    return n;
}

static int push_later(void *unused)
{
    (void)unused;
    SDL_Delay(200);
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_USEREVENT;
    SDL_PushEvent(&e);
    ik_waiter_wake(waiter);
    return 0;
}

static void test_sleeps_then_wakes(void **state)
{
    (void)state;
    assert_int_equal(SDL_Init(SDL_INIT_VIDEO), 0);
    SDL_Window *window = SDL_CreateWindow("t", 0, 0, 64, 64, 0);
    assert_non_null(window);
    waiter = ik_waiter_create();
    assert_non_null(waiter);    /* SDL's offscreen wait looks every millisecond */

    SDL_Event e;
    while (SDL_PollEvent(&e)) {
    }
    long before = switches();
    assert_false(ik_waiter_wait(waiter, &e, 500));
    /* SDL's own wait would have slept some 500 times */
    assert_in_range(switches() - before, 0, 3);

    /* no timeout: only the other thread's event ends the wait */
    SDL_Thread *t = SDL_CreateThread(push_later, "push-later", NULL);
    assert_true(ik_waiter_wait(waiter, &e, -1));
    assert_int_equal(e.type, SDL_USEREVENT);
    SDL_WaitThread(t, NULL);

    ik_waiter_destroy(waiter);
    ik_waiter_destroy(NULL);
    SDL_DestroyWindow(window);
    SDL_Quit();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sleeps_then_wakes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
