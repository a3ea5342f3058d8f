/* incontro-kiosk: command line, start-up, and the event loop. The loop
 * sleeps in SDL_WaitEventTimeout until input or the next timer the scenes
 * asked for, and draws only when something changed. */
#include "incontro/kiosk.h"

#include <SDL.h>
#include <SDL_image.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "incontro/core.h"
#include "incontro/pack.h"

#define MAX_SIZES 32

typedef struct {
    const char *pack, *config, *lang, *script, *shots, *tour, *dump;
    bool windowed;
    int width, height;
    int sizes[MAX_SIZES][2];    /* every --size, for the tour */
    int size_count;
    long monkey;
    unsigned long seed;
} Options;

static int usage(const char *msg)
{
    if (msg)
        fprintf(stderr, "incontro-kiosk: %s\n", msg);
    fputs("usage: incontro-kiosk [--pack FILE] [--config FILE] [--windowed] [--size WxH] "
          "[--lang CODE]\n"
          "       incontro-kiosk --script FILE --shots DIR [--pack FILE] [--lang CODE]\n"
          "       incontro-kiosk --tour DIR [--size WxH]... [--pack FILE]\n"
          "       incontro-kiosk --dump-layout FILE [--size WxH] [--lang CODE] [--pack FILE]\n"
          "       incontro-kiosk --monkey EVENTS [--seed N] [--pack FILE]\n",
          stderr);
    return 1;
}

static bool parse_args(int argc, char **argv, Options *o, int *status)
{
    memset(o, 0, sizeof *o);
    o->monkey = -1;
    o->seed = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        bool needs = strcmp(a, "--pack") == 0 || strcmp(a, "--config") == 0 ||
                     strcmp(a, "--lang") == 0 || strcmp(a, "--script") == 0 ||
                     strcmp(a, "--shots") == 0 || strcmp(a, "--tour") == 0 ||
                     strcmp(a, "--size") == 0 || strcmp(a, "--monkey") == 0 ||
                     strcmp(a, "--seed") == 0 || strcmp(a, "--dump-layout") == 0;
        if (needs && !v) {
            char msg[96];
            snprintf(msg, sizeof msg, "%s needs a value", a);
            *status = usage(msg);
            return false;
        }
        if (strcmp(a, "--pack") == 0)
            o->pack = v;
        else if (strcmp(a, "--config") == 0)
            o->config = v;
        else if (strcmp(a, "--lang") == 0)
            o->lang = v;
        else if (strcmp(a, "--script") == 0)
            o->script = v;
        else if (strcmp(a, "--shots") == 0)
            o->shots = v;
        else if (strcmp(a, "--tour") == 0)
            o->tour = v;
        else if (strcmp(a, "--dump-layout") == 0)
            o->dump = v;
        else if (strcmp(a, "--windowed") == 0) {
            o->windowed = true;
            continue;
        } else if (strcmp(a, "--size") == 0) {
            char extra;
            if (sscanf(v, "%dx%d%c", &o->width, &o->height, &extra) != 2 || o->width < 160 ||
                o->height < 90 || o->width > 16384 || o->height > 16384) {
                *status = usage("--size wants WIDTHxHEIGHT, e.g. 1920x1080");
                return false;
            }
            if (o->size_count == MAX_SIZES) {
                *status = usage("at most 32 --size options");
                return false;
            }
            o->sizes[o->size_count][0] = o->width;
            o->sizes[o->size_count][1] = o->height;
            o->size_count++;
        } else if (strcmp(a, "--monkey") == 0) {
            if (!ik_parse_int(v, 0, 100000000, &o->monkey)) {
                *status = usage("--monkey wants a number of events");
                return false;
            }
        } else if (strcmp(a, "--seed") == 0) {
            long s;
            if (!ik_parse_int(v, 0, 2147483647L, &s)) {
                *status = usage("--seed wants a non-negative number");
                return false;
            }
            o->seed = (unsigned long)s;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(NULL);
            *status = 0;
            return false;
        } else {
            char msg[256];
            snprintf(msg, sizeof msg, "unknown option '%s'", a);
            *status = usage(msg);
            return false;
        }
        i++;
    }
    if (o->script && !o->shots) {
        *status = usage("--script needs --shots DIR");
        return false;
    }
    if (o->shots && !o->script) {
        *status = usage("--shots goes with --script FILE");
        return false;
    }
    if (o->size_count > 1 && !o->tour) {
        *status = usage("several --size options go with --tour");
        return false;
    }
    int modes = (o->script != NULL) + (o->tour != NULL) + (o->monkey >= 0) +
                (o->dump != NULL && !o->script);
    if (modes > 1) {
        *status = usage("--script, --tour, --monkey and --dump-layout are separate modes");
        return false;
    }
    return true;
}

static char *default_pack(void)
{
    char *base = SDL_GetBasePath();
    char *path = base ? ik_path_join(base, "incontro.pack") : ik_xstrdup("incontro.pack");
    SDL_free(base);
    return path;
}

/* Full screen, the kiosk is locked: a passer-by's Alt+F4 (SDL_QUIT from the
 * window) does nothing; only the operator menu or a signal from the system
 * (systemd stopping the service) ends it. */
static bool locked;
static volatile sig_atomic_t stop_signal;
static sigset_t stop_signals;

static void lock_kiosk(void)
{
    /* The stop signals are blocked in every thread (SDL's start after this)
     * and taken by one thread that waits for them and wakes the event
     * loop: an idle kiosk sleeps until input or a timer, instead of waking
     * every second to look for a signal. */
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    /* Ours, so SDL does not turn them into a SDL_QUIT we ignore. */
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    SDL_SetHint(SDL_HINT_GRAB_KEYBOARD, "1");
    locked = true;
}

static int wait_stop_signal(void *unused)
{
    int sig = 0;
    (void)unused;
    if (sigwait(&stop_signals, &sig) == 0) {
        SDL_Event e;
        memset(&e, 0, sizeof e);
        e.type = SDL_USEREVENT;
        stop_signal = sig;
        SDL_PushEvent(&e);      /* thread-safe; wakes SDL_WaitEventTimeout */
    }
    return 0;
}

/* On X11, SDL opens an input method at start-up, for which libX11 parses
 * the locale's whole Compose table: 62 of the 154 million instructions to
 * the first frame (callgrind). A table of one inert rule keeps a physical
 * keyboard typing in every script (each key gives its character); only
 * compose and dead-key sequences go, and search ignores accents anyway.
 * (An empty table is no good: the input method then fails to open and
 * non-Latin-1 keys are lost.) XCOMPOSEFILE set by the operator wins. The
 * file stays open while SDL may reopen the input method. */
static FILE *light_compose_table(void)
{
    if (getenv("XCOMPOSEFILE"))
        return NULL;
    FILE *f = tmpfile();
    if (!f)
        return NULL;
    char path[64];
    fputs("<Multi_key> <Multi_key> : \"\" VoidSymbol\n", f);
    fflush(f);
    snprintf(path, sizeof path, "/proc/self/fd/%d", fileno(f));
    setenv("XCOMPOSEFILE", path, 1);
    return f;
}

static void handle_event(IkKiosk *k, const SDL_Event *e)
{
    k->now = SDL_GetTicks64();
    switch (e->type) {
    case SDL_QUIT:
        if (!locked)
            k->quit = true;
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.which != SDL_TOUCH_MOUSEID && e->button.button == SDL_BUTTON_LEFT)
            ik_kiosk_pointer_down(k, e->button.x, e->button.y);
        break;
    case SDL_MOUSEMOTION:
        if (e->motion.which != SDL_TOUCH_MOUSEID && (e->motion.state & SDL_BUTTON_LMASK))
            ik_kiosk_pointer_move(k, e->motion.x, e->motion.y);
        break;
    case SDL_MOUSEBUTTONUP:
        if (e->button.which != SDL_TOUCH_MOUSEID && e->button.button == SDL_BUTTON_LEFT)
            ik_kiosk_pointer_up(k, e->button.x, e->button.y);
        break;
    case SDL_FINGERDOWN:
    case SDL_FINGERMOTION:
    case SDL_FINGERUP: {
        /* One finger drives the UI; others are ignored until it lifts. */
        static bool finger_down;
        static SDL_FingerID finger;
        int x, y;
        if (e->type == SDL_FINGERDOWN) {
            if (finger_down)
                break;
            finger_down = true;
            finger = e->tfinger.fingerId;
        } else if (!finger_down || e->tfinger.fingerId != finger) {
            break;
        }
        ik_gfx_touch_to_canvas(k->gfx, e->tfinger.x, e->tfinger.y, &x, &y);
        if (e->type == SDL_FINGERDOWN)
            ik_kiosk_pointer_down(k, x, y);
        else if (e->type == SDL_FINGERMOTION)
            ik_kiosk_pointer_move(k, x, y);
        else {
            finger_down = false;
            ik_kiosk_pointer_up(k, x, y);
        }
        break;
    }
    case SDL_TEXTINPUT:
        ik_kiosk_text(k, e->text.text);
        break;
    case SDL_KEYDOWN: {
        SDL_Keycode sym = e->key.keysym.sym;
        if (e->key.repeat)
            break;
        ik_kiosk_key(k, sym == SDLK_ESCAPE ? IK_KEY_ESCAPE
                        : sym == SDLK_LSHIFT || sym == SDLK_RSHIFT ? IK_KEY_SHIFT
                        : sym == SDLK_BACKSPACE ? IK_KEY_BACKSPACE : IK_KEY_OTHER);
        break;
    }
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_EXPOSED ||
            e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
            k->dirty = true;
        break;
    default:
        break;
    }
}

/* Benchmarks (bench/peer) read IK_FRAME_LOG=FILE: one line per frame
 * presented, "frame N SCENE END_MS DRAW_MS", END_MS on CLOCK_MONOTONIC (the
 * clock every process shares) just after SDL_RenderPresent returned. Unset,
 * a frame costs one test of a NULL pointer. */
static FILE *frame_log;
static unsigned long frame_count;

static double monotonic_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void open_frame_log(void)
{
    const char *path = getenv("IK_FRAME_LOG");
    if (!path || !*path)
        return;
    frame_log = fopen(path, "w");
    if (!frame_log)
        ik_log(IK_LOG_WARN, "IK_FRAME_LOG: cannot write %s", path);
}

static void draw_frame(IkKiosk *k)
{
    double start = frame_log ? monotonic_ms() : 0;
    ik_kiosk_draw(k);
    ik_gfx_present(k->gfx);
    if (frame_log) {
        double end = monotonic_ms();
        fprintf(frame_log, "frame %lu %s %.3f %.3f\n", frame_count++,
                ik_scene_name(ik_kiosk_scene(k)), end, end - start);
        fflush(frame_log);
    }
}

static void run_loop(IkKiosk *k)
{
    SDL_StartTextInput();
    while (!k->quit && !stop_signal) {
        int wait = ik_kiosk_tick(k, SDL_GetTicks64());
        if (k->reload && !ik_kiosk_reload(k))
            ik_log(IK_LOG_ERROR, "reload failed, keeping the old content: %s", ik_error());
        if (k->dirty) {
            draw_frame(k);
            continue;
        }
        SDL_Event e;
        int cap = 60000;
        if (SDL_WaitEventTimeout(&e, wait < 0 || wait > cap ? cap : wait)) {
            handle_event(k, &e);
            while (SDL_PollEvent(&e))
                handle_event(k, &e);
        }
    }
}

int ik_kiosk_main(int argc, char **argv)
{
    Options o;
    int status = 1;
    IkConfig config;
    IkContent *content = NULL;
    IkFonts *fonts = NULL;
    IkLayoutCache *layouts = NULL;
    IkGfx *gfx = NULL;
    IkKiosk *k = NULL;
    IkVoice *voice = NULL;
    IkScript script = {0};
    char *pack = NULL;
    bool sdl = false, img = false;
    FILE *compose = NULL;

    if (!parse_args(argc, argv, &o, &status))
        return status;
    ik_config_defaults(&config);
    if (o.config && !ik_config_load(&config, o.config)) {
        fprintf(stderr, "incontro-kiosk: %s\n", ik_error());
        goto done;
    }
    if (o.script) {
        size_t size = 0;
        char *text = ik_file_read(o.script, &size);
        if (!text) {
            fprintf(stderr, "incontro-kiosk: %s\n", ik_error());
            goto done;
        }
        /* The parser reads a C string: a NUL would silently end the script. */
        const char *nul = memchr(text, '\0', size);
        if (nul) {
            int line = 1;
            for (const char *p = text; p < nul; p++)
                line += *p == '\n';
            fprintf(stderr, "%s:%d: a NUL byte; scripts are UTF-8 text\n", o.script, line);
            free(text);
            goto done;
        }
        bool ok = ik_script_parse(&script, o.script, text);
        free(text);
        if (!ok) {
            fprintf(stderr, "%s\n", ik_error());
            goto done;
        }
    }
    pack = o.pack ? ik_xstrdup(o.pack) : default_pack();
    content = ik_content_open(pack);
    if (!content) {
        fprintf(stderr, "incontro-kiosk: %s\n", ik_error());
        goto done;
    }
    if (o.lang)
        snprintf(config.default_lang, sizeof config.default_lang, "%s", o.lang);
    if (config.default_lang[0] && !ik_content_language_find(content, config.default_lang)) {
        IkBuf b = {0};
        for (size_t i = 0; i < ik_content_language_count(content); i++)
            ik_buf_printf(&b, " %s", ik_content_language(content, i)->code);
        fprintf(stderr, "incontro-kiosk: unknown language '%s' (the pack has:%s)\n",
                config.default_lang, b.data ? b.data : " none");
        ik_buf_free(&b);
        goto done;
    }
    bool headless = o.script || o.tour || o.monkey >= 0 || o.dump;
    if (!headless && !o.windowed)
        lock_kiosk();
    if (headless && !getenv("SDL_VIDEODRIVER"))
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
    /* Headless runs render in software: same pixels on every machine, and
     * no GPU driver loaded just to be thrown away. */
    if (headless) {
        /* SDL would turn SIGTERM/SIGINT into a quit event nobody reads here:
         * keep the default action so timeout(1) or Ctrl+C stops a run. */
        SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    }
    if (!headless)
        compose = light_compose_table();
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        fprintf(stderr, "incontro-kiosk: cannot start SDL video: %s\n", SDL_GetError());
        goto done;
    }
    sdl = true;
    if (locked)
        SDL_DetachThread(SDL_CreateThread(wait_stop_signal, "stop-signals", NULL));
    img = (IMG_Init(IMG_INIT_PNG) & IMG_INIT_PNG) != 0;
    fonts = ik_fonts_create(NULL);
    if (!fonts) {
        fprintf(stderr, "incontro-kiosk: %s\n", ik_error());
        goto done;
    }
    layouts = ik_layout_cache_create(fonts, IK_LAYOUT_CACHE_BYTES);
    IkGfxOptions go = {o.width, o.height, o.windowed || headless, headless};
    if (o.monkey >= 0 && !o.width) {
        go.width = 960;     /* the monkey looks at widgets, not pixels */
        go.height = 540;
    }
    gfx = ik_gfx_create(&go, fonts);
    if (!gfx) {
        fprintf(stderr, "incontro-kiosk: %s\n", ik_error());
        goto done;
    }
    k = ik_xcalloc(1, sizeof *k);
    ik_kiosk_init(k, content, layouts, gfx, &config, headless ? 0 : SDL_GetTicks64());
    k->pack_path = pack;
    /* Reading aloud is optional: without espeak-ng data the listen buttons
     * simply do not show. */
    voice = ik_voice_create();
    if (voice)
        k->voice = voice;
    else
        ik_log(IK_LOG_WARN, "read aloud off: %s", ik_error());
    if (config.stats_db[0]) {
        /* Statistics are optional: a kiosk that cannot count still helps. */
        k->stats = ik_stats_open(config.stats_db);
        if (k->stats)
            k->on_scene = ik_stats_scene;
        else
            fprintf(stderr, "incontro-kiosk: statistics off: %s\n", ik_error());
    }
    if (o.script) {
        if (!ik_script_run(k, &script, o.shots)) {
            fprintf(stderr, "%s\n", ik_error());
            goto done;
        }
        if (o.dump && !ik_kiosk_dump(k, o.dump)) {
            fprintf(stderr, "incontro-kiosk: %s\n", ik_error());
            goto done;
        }
    } else if (o.dump) {
        k->frozen = true;
        if (!ik_kiosk_dump(k, o.dump)) {
            fprintf(stderr, "incontro-kiosk: %s\n", ik_error());
            goto done;
        }
    } else if (o.tour && o.size_count > 0) {
        /* One window per size: the canvas is the window's own pixels. */
        for (int i = 0; i < o.size_count; i++) {
            IkGfxOptions so = {o.sizes[i][0], o.sizes[i][1], true, true};
            IkGfx *g = ik_gfx_create(&so, fonts);
            if (!g) {
                fprintf(stderr, "incontro-kiosk: %s\n", ik_error());
                goto done;
            }
            k->gfx = g;
            char *sub = ik_xasprintf("%s/%dx%d", o.tour, o.sizes[i][0], o.sizes[i][1]);
            bool ok = ik_tour(k, sub);
            free(sub);
            k->gfx = gfx;
            ik_gfx_destroy(g);
            if (!ok) {
                fprintf(stderr, "incontro-kiosk: %s\n", ik_error());
                goto done;
            }
        }
    } else if (o.tour) {
        if (!ik_tour(k, o.tour)) {
            fprintf(stderr, "incontro-kiosk: %s\n", ik_error());
            goto done;
        }
    } else if (o.monkey >= 0) {
        if (k->config.operator_pin_hash[0] == '\0' &&
            !ik_pack_pin_hash("0000", k->config.operator_pin_hash)) {
            fprintf(stderr, "incontro-kiosk: %s\n", ik_error());
            goto done;
        }
        if (!ik_monkey(k, o.monkey, o.seed)) {
            fprintf(stderr, "incontro-kiosk: %s\n", ik_error());
            goto done;
        }
    } else {
        /* bench/peer compares one screen with a web page of the same
         * content: IK_START_SCENE=NAME opens on it instead of the attract
         * loop (a session in the default language, as after a tap). */
        const char *start = getenv("IK_START_SCENE");
        IkSceneId scene;
        if (start && *start) {
            if (!ik_scene_from_name(start, &scene)) {
                fprintf(stderr, "incontro-kiosk: IK_START_SCENE: unknown scene '%s'\n", start);
                goto done;
            }
            ik_stack_reset(&k->s.stack, IK_SCENE_LANGUAGE);
            if (scene != IK_SCENE_LANGUAGE)
                ik_kiosk_go(k, scene);
        }
        open_frame_log();
        SDL_ShowCursor(o.windowed ? SDL_ENABLE : SDL_DISABLE);
        run_loop(k);
    }
    status = 0;
done:
    if (k) {
        content = k->content;   /* a reload may have replaced it */
        ik_stats_close(k->stats);
        ik_kiosk_release(k);
        free(k);
    }
    ik_voice_destroy(voice);
    ik_script_free(&script);
    if (frame_log)
        fclose(frame_log);
    ik_gfx_destroy(gfx);
    ik_layout_cache_destroy(layouts);
    ik_fonts_destroy(fonts);
    ik_content_close(content);
    free(pack);
    if (img)
        IMG_Quit();
    if (sdl)
        SDL_Quit();
    if (compose)
        fclose(compose);
    return status;
}
