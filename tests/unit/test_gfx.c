/* gfx start-up: the software renderer (SDL_RENDER_DRIVER=software, as an
 * operator sets it on a machine without a usable GPU) draws into the window
 * surface and loads no GL driver: SDL otherwise backs that surface with a
 * GL texture and maps Mesa and LLVM (36 MiB) for nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "incontro/core.h"
#include "incontro/gfx.h"

/* The first mapped file of a GL driver in this process, or "" when none. */
static const char *gl_driver_mapped(char *line, size_t size)
{
    static const char *const names[] = {"libGL", "libEGL", "libGLES", "libLLVM", "_dri.so",
                                        "libgallium", "libvulkan"};
    FILE *f = fopen("/proc/self/maps", "r");
    assert_non_null(f);
    while (fgets(line, (int)size, f)) {
        for (size_t i = 0; i < sizeof names / sizeof *names; i++)
            if (strstr(line, names[i])) {
                fclose(f);
                return line;
            }
    }
    fclose(f);
    return "";
}

static void software_renderer_loads_no_gl_driver(void **state)
{
    (void)state;
    /* Only the renderer is named, as an operator would set it. */
    SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    assert_int_equal(SDL_Init(SDL_INIT_VIDEO), 0);
    IkFonts *fonts = ik_fonts_create(NULL);
    assert_non_null(fonts);
    IkGfxOptions o = {640, 360, true, true};
    IkGfx *gfx = ik_gfx_create(&o, fonts);
    assert_non_null(gfx);
    assert_string_equal(ik_gfx_renderer_name(gfx), "software");

    /* A whole frame with text, as the kiosk draws one. */
    ik_gfx_begin(gfx, (SDL_Color){240, 236, 228, 255});
    ik_gfx_fill_round(gfx, (IkRect){20, 20, 300, 200}, 24, (SDL_Color){30, 100, 140, 255});
    IkLayoutOptions lo = {.lang = "it", .size_px = 32, .width_px = 600};
    IkLayoutCache *layouts = ik_layout_cache_create(fonts, IK_LAYOUT_CACHE_BYTES);
    const IkLayout *l = ik_layout_cache_get(layouts, "Come possiamo aiutarti?", &lo);
    assert_non_null(l);
    ik_gfx_layout(gfx, l, 40, 40, (SDL_Color){0, 0, 0, 255});
    ik_gfx_present(gfx);

    char line[512];
    assert_string_equal(gl_driver_mapped(line, sizeof line), "");

    ik_gfx_destroy(gfx);
    ik_layout_cache_destroy(layouts);
    ik_fonts_destroy(fonts);
    SDL_Quit();
}

/* A GPU is a card or render node in the device folder; nothing else is. */
static void gpu_present_reads_the_device_folder(void **state)
{
    (void)state;
    char dir[] = "/tmp/ik_test_dri_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    assert_false(ik_gfx_gpu_present(dir));
    snprintf(path, sizeof path, "%s/by-path", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    assert_false(ik_gfx_gpu_present(dir));
    snprintf(path, sizeof path, "%s/renderD128", dir);
    assert_true(ik_file_write_atomic(path, "", 0));
    assert_true(ik_gfx_gpu_present(dir));
    assert_int_equal(unlink(path), 0);
    snprintf(path, sizeof path, "%s/card1", dir);
    assert_true(ik_file_write_atomic(path, "", 0));
    assert_true(ik_gfx_gpu_present(dir));
    assert_int_equal(unlink(path), 0);
    snprintf(path, sizeof path, "%s/by-path", dir);
    assert_int_equal(rmdir(path), 0);
    assert_int_equal(rmdir(dir), 0);
    assert_false(ik_gfx_gpu_present(dir));      /* no folder: no GPU */
}

/* With no renderer named, a machine without a GPU gets the software
 * renderer, and no GL driver is loaded to find that out; one with a GPU
 * gets a renderer too. */
static void no_gpu_no_gl(void **state)
{
    (void)state;
    SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
    SDL_ResetHint(SDL_HINT_RENDER_DRIVER);
    unsetenv("SDL_RENDER_DRIVER");
    assert_int_equal(SDL_Init(SDL_INIT_VIDEO), 0);
    IkGfxOptions o = {640, 360, true, true};
    IkGfx *gfx = ik_gfx_create(&o, NULL);
    assert_non_null(gfx);
    print_message("renderer: %s\n", ik_gfx_renderer_name(gfx));
    if (!ik_gfx_gpu_present("/dev/dri")) {
        assert_string_equal(ik_gfx_renderer_name(gfx), "software");
        char line[512];
        assert_string_equal(gl_driver_mapped(line, sizeof line), "");
    }
    ik_gfx_destroy(gfx);
    SDL_Quit();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(gpu_present_reads_the_device_folder),
        cmocka_unit_test(no_gpu_no_gl),
        cmocka_unit_test(software_renderer_loads_no_gl_driver),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
