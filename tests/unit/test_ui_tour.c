/* Every scene in every language of the repository's pack (IK_PACK), at the
 * screen sizes kiosks come in and at random sizes between 800 x 600 and
 * 3840 x 2160 (a new seed each run, printed; IK_TOUR_SEED repeats one), in
 * normal and larger text, laid out with the real fonts and checked from
 * the frame record (ik_ui_audit): no essential text ellipsized or shrunk
 * below its floor, no text outside its widget, no overlapping widgets, no
 * target under the minimum, nothing off screen. Layout only: nothing is
 * rasterized, so the whole matrix runs in seconds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "incontro/core.h"
#include "incontro/kiosk.h"
#include "pack_fixture.h"

static const int sizes[][2] = {
    {1080, 1920}, {1920, 1080}, {1280, 800}, {800, 1280}, {1366, 768}, {1024, 768},
};
#define RANDOM_SIZES 3

/* Tours one size in both text sizes; returns the problems found. */
static int tour_size(int w, int h, IkBuf *report)
{
    IkKiosk *k = ik_xcalloc(1, sizeof *k);
    ik_kiosk_init(k, content, layouts, NULL, NULL, 0);
    k->frozen = true;
    int problems = 0;
    size_t n = ik_content_language_count(content);
    for (int large = 0; large < 2; large++)
        for (size_t i = 0; i < n; i++) {
            const char *lang = ik_content_language(content, i)->code;
            /* Every scene as the tour shows it, then the directory with
             * its keyboard open and with its row of ages open. */
            for (int s = 0; s < IK_SCENE_COUNT + 2; s++) {
                IkSceneId scene = s < IK_SCENE_COUNT ? (IkSceneId)s : IK_SCENE_DIRECTORY;
                ik_tour_stage(k, scene, lang);
                k->s.large_text = large;
                k->s.keyboard_open = s == IK_SCENE_COUNT;
                k->s.age_open = s == IK_SCENE_COUNT + 1;
                ik_ui_screen(&k->ui, w, h, ik_ui_scale(w, h, 0, 0));
                ik_kiosk_draw(k);
                IkBuf out = {0};
                int p = ik_ui_audit(&k->ui, &out);
                if (p > 0) {
                    ik_buf_printf(report, "%dx%d %s %s%s%s:\n%s", w, h, lang, ik_scene_name(scene),
                                  k->s.keyboard_open ? " (keyboard)" : k->s.age_open ? " (ages)" : "",
                                  large ? " (larger text)" : "", out.data);
                    problems += p;
                }
                ik_buf_free(&out);
            }
        }
    ik_kiosk_release(k);
    free(k);
    return problems;
}

static void report_and_check(int problems, IkBuf *report)
{
    if (problems > 0) {
        fputs(report->data, stderr);
        fail_msg("%d layout problems (listed above)", problems);
    }
}

static void listed_sizes(void **state)
{
    (void)state;
    IkBuf report = {0};
    int problems = 0;
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
        problems += tour_size(sizes[i][0], sizes[i][1], &report);
    report_and_check(problems, &report);
    ik_buf_free(&report);
}

static void random_sizes(void **state)
{
    (void)state;
    const char *env = getenv("IK_TOUR_SEED");
    unsigned long seed = env ? strtoul(env, NULL, 10) : (unsigned long)time(NULL);
    printf("random sizes from seed %lu (IK_TOUR_SEED=%lu repeats them)\n", seed, seed);
    uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
    IkBuf report = {0};
    int problems = 0;
    for (int i = 0; i < RANDOM_SIZES; i++) {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        uint64_t r = x * 2685821657736338717ull;
        int w = 800 + (int)(r % 3041), h = 600 + (int)((r >> 20) % 1561);
        /* Portrait as often as landscape. */
        if ((r >> 40) & 1) {
            int t = w < 2160 ? w : 2160;
            w = h < 2160 ? h : 2160;
            h = t > 800 ? t : 800;
        }
        printf("  %dx%d\n", w, h);
        problems += tour_size(w, h, &report);
    }
    report_and_check(problems, &report);
    ik_buf_free(&report);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(listed_sizes),
        cmocka_unit_test(random_sizes),
    };
    return cmocka_run_group_tests(tests, pack_setup, pack_teardown);
}
