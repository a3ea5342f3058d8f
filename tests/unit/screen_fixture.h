/* A screen for tests, as the kiosk has one headless: SDL's offscreen video
 * driver and the software renderer (no GL driver, whose libraries leak at
 * exit; the same pixels on every machine). Included by test files (each its
 * own program), so the definition is static. */
#ifndef INCONTRO_TESTS_SCREEN_FIXTURE_H
#define INCONTRO_TESTS_SCREEN_FIXTURE_H

#include <stdbool.h>

#include <SDL.h>

/* Starts SDL video offscreen with the software renderer; false on failure. */
static inline bool test_screen_start(void)
{
    SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    return SDL_Init(SDL_INIT_VIDEO) == 0;
}

#endif
