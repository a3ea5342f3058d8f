/* incontro-kiosk: command line, start-up, and the event loop. The loop
 * sleeps in SDL_WaitEventTimeout until input or the next timer the scenes
 * asked for, and draws only when something changed. It also feeds systemd's
 * watchdog, takes a new pack from the updater between sessions, and makes
 * the renderer again when the display goes away and comes back. No pack, or
 * none that can be trusted, is never an empty screen: the out-of-service
 * scene shows the compiled-in help numbers until a good pack arrives. */
#include "incontro/kiosk.h"

#include <SDL.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <systemd/sd-daemon.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

/* The loop's waiter while the loop runs (NULL outside it, or where SDL
 * waits by itself): other threads wake it. */
static _Atomic(IkWaiter *) loop_waiter;

/* From any thread: an event that wakes the sleeping event loop. */
static void wake_loop(void *unused)
{
    SDL_Event e;
    (void)unused;
    memset(&e, 0, sizeof e);
    e.type = SDL_USEREVENT;
    SDL_PushEvent(&e);      /* thread-safe; wakes SDL_WaitEventTimeout */
    ik_waiter_wake(atomic_load(&loop_waiter));
}

/* Only the first stop signal is taken: later ones stay blocked, pending. */
static int wait_stop_signal(void *unused)
{
    int sig = 0;
    if (sigwait(&stop_signals, &sig) == 0) {
        stop_signal = sig;
        wake_loop(unused);
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

/* The kiosk's clock in service: SDL's, plus how far a start script
 * (IK_START_SCRIPT) moved the kiosk's own clock ahead of it, so that time
 * never runs backwards for the scenes. */
static uint64_t clock_ahead;

static uint64_t kiosk_ticks(void)
{
    return SDL_GetTicks64() + clock_ahead;
}

static void handle_event(IkKiosk *k, const SDL_Event *e)
{
    k->now = kiosk_ticks();
    if (!k->gfx && (e->type == SDL_FINGERDOWN || e->type == SDL_FINGERMOTION ||
                    e->type == SDL_FINGERUP))
        return;     /* no window: no canvas to map a touch to */
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
    if (!k->gfx)
        return;     /* the display is gone; drawn again when it is back */
    ik_gfx_present(k->gfx);
    if (frame_log) {
        double end = monotonic_ms();
        fprintf(frame_log, "frame %lu %s %.3f %.3f\n", frame_count++,
                ik_scene_name(ik_kiosk_scene(k)), end, end - start);
        fflush(frame_log);
    }
}

typedef struct {
    IkKiosk *k;
    IkUpdater *updater;         /* NULL: no updates looked for */
    IkDisplay display;
    IkWaiter *waiter;           /* NULL where SDL sleeps by itself */
    uint64_t watchdog_ms;       /* ping systemd this often; 0 = no watchdog */
    uint64_t last_ping;
    time_t checked_expiry;      /* wall-clock minute of the last expiry check */
    bool ready;                 /* systemd was told the kiosk is up */
    void (*shown)(void *);      /* called once the first frame is on screen */
    void *shown_arg;
} Run;

static void tell_systemd_shown(IkContent *c)
{
    if (c)
        sd_notifyf(0, "STATUS=showing pack version %s%s", ik_content_meta(c, "version"),
                   ik_content_expired(c, time(NULL)) ? " (expired)" : "");
    else
        sd_notify(0, "STATUS=out of service: no pack to show");
}

/* systemd's watchdog period for this process (0: none). Under cage the
 * service's main process is cage, our parent, and the unit lets any of its
 * processes notify (NotifyAccess=all): the watchdog is then ours to feed. */
static uint64_t watchdog_usec(void)
{
    uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0)
        return usec;
    const char *pid = getenv("WATCHDOG_PID"), *us = getenv("WATCHDOG_USEC");
    long p;
    if (!pid || !us || !ik_parse_int(pid, 1, 2147483647L, &p) || p != (long)getppid())
        return 0;
    unsigned long long v = strtoull(us, NULL, 10);
    return v;
}

/* Once a minute: an expiry passing while the kiosk runs shows its note. */
static void check_expiry(Run *r)
{
    time_t minute = time(NULL) / 60;
    if (minute == r->checked_expiry || !r->k->content)
        return;
    r->checked_expiry = minute;
    bool expired = ik_content_expired(r->k->content, time(NULL));
    if (expired != r->k->out_of_date) {
        r->k->out_of_date = expired;
        r->k->dirty = true;
        if (expired)
            ik_log(IK_LOG_WARN, "the pack on screen has expired: shown with an out-of-date note");
    }
}

/* cap, or the milliseconds from t to due (+1: due has passed on waking) if
 * sooner. */
static int sooner(int cap, uint64_t due, uint64_t t)
{
    int until = due > t ? (int)(due - t) : 0;
    return until + 1 < cap ? until + 1 : cap;
}

static void run_loop(Run *r)
{
    IkKiosk *k = r->k;
    SDL_StartTextInput();
    while (!k->quit && !stop_signal) {
        uint64_t now = kiosk_ticks();
        if (r->watchdog_ms && now - r->last_ping >= r->watchdog_ms) {
            sd_notify(0, "WATCHDOG=1");     /* a hung loop stops this: systemd restarts it */
            r->last_ping = now;
        }
        ik_kiosk_display_tick(&r->display, k, now);
        if (r->updater && ik_kiosk_take_update(k, r->updater))
            tell_systemd_shown(k->content);
        check_expiry(r);
        int wait = ik_kiosk_tick(k, now);
        if (k->reload && !ik_kiosk_reload(k))
            ik_log(IK_LOG_ERROR, "reload failed, keeping the old content: %s", ik_error());
        if (k->dirty) {
            draw_frame(k);
            if (!r->ready) {
                sd_notify(0, "READY=1");
                r->ready = true;
                if (r->shown)
                    r->shown(r->shown_arg);
            }
            continue;
        }
        SDL_Event e;
        /* Idle, sleep: a new pack wakes the loop with an event; only
         * systemd's watchdog, when there is one, is pinged on time, and a
         * window that could not be made is tried again. */
        int cap = 60000;
        uint64_t t = kiosk_ticks();
        if (r->watchdog_ms)
            cap = sooner(cap, r->last_ping + r->watchdog_ms, t);
        if (r->display.retry_at)
            cap = sooner(cap, r->display.retry_at, t);
        if (ik_waiter_wait(r->waiter, &e, wait < 0 || wait > cap ? cap : wait)) {
            do {
                if (!ik_kiosk_display_event(&r->display, k, &e, kiosk_ticks()))
                    handle_event(k, &e);
            } while (SDL_PollEvent(&e));
        }
    }
    sd_notify(0, "STOPPING=1");
}

/* The pack at start: the one asked for; failing that, the store's previous
 * pack; failing that, none (out of service). Every refusal is logged. */
static IkContent *open_first(const IkConfig *config, const char *path, bool from_store)
{
    IkContent *c = ik_kiosk_open_pack(config, path, false);
    if (c) {
        if (ik_content_expired(c, time(NULL)))
            ik_log(IK_LOG_WARN, "%s has expired: shown with an out-of-date note until a newer "
                   "pack arrives", path);
        return c;
    }
    ik_log(IK_LOG_ERROR, "cannot show %s: %s", path, ik_error());
    if (from_store) {
        char *prev = ik_path_join(config->store, "previous.pack");
        if (ik_file_exists(prev)) {
            c = ik_kiosk_open_pack(config, prev, false);
            if (c)
                ik_log(IK_LOG_WARN, "showing the previous pack, version %s, instead",
                       ik_content_meta(c, "version"));
            else
                ik_log(IK_LOG_ERROR, "cannot show %s either: %s", prev, ik_error());
        }
        free(prev);
    }
    if (!c)
        ik_log(IK_LOG_ERROR, "out of service until a good pack arrives");
    return c;
}

/* Start-up work that needs no SDL runs on threads of its own while SDL
 * starts and the window is made: opening the pack, and (in a headless
 * run) reading aloud (espeak-ng reads a hundred voice files to list its
 * languages). A job
 * that cannot have a thread runs at once. Signals are blocked in them: the
 * stop signals belong to the thread that waits for them. */
typedef struct {
    pthread_t thread;
    bool started;
} Job;

static void job_start(Job *j, void *(*fn)(void *), void *data)
{
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    j->started = pthread_create(&j->thread, NULL, fn, data) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (!j->started)
        fn(data);
}

static void job_join(Job *j)
{
    if (j->started)
        pthread_join(j->thread, NULL);
    j->started = false;
}

/* Everything a run owns, so that the phases below can fail to one place
 * (close_program) that releases whatever was made. */
typedef struct {
    Options o;
    IkConfig config;
    IkContent *content;     /* until the kiosk takes it */
    IkFonts *fonts;
    IkLayoutCache *layouts;
    IkGfx *gfx;
    IkKiosk *k;
    IkVoice *voice;
    bool voice_attached;        /* given to the kiosk (or found missing) */
    Job voice_job, content_job; /* make voice and content while SDL starts */
    char voice_error[256];      /* why there is no voice */
    bool content_ok;            /* open_content's result */
    IkScript script;
    Run run;
    char *pack;             /* the path shown, watched by the updater */
    bool headless;          /* --script, --tour, --monkey or --dump-layout */
    bool sdl;               /* SDL was started */
    FILE *compose;
} Program;

/* Prints the error left by the failed call; false, for `return complain()`. */
static bool complain(void)
{
    fprintf(stderr, "incontro-kiosk: %s\n", ik_error());
    return false;
}

/* Reads and parses script file path into p->script. */
static bool load_script(Program *p, const char *path)
{
    size_t size = 0;
    char *text = ik_file_read(path, &size);
    if (!text)
        return complain();
    /* The parser reads a C string: a NUL would silently end the script. */
    const char *nul = memchr(text, '\0', size);
    if (nul) {
        int line = 1;
        for (const char *c = text; c < nul; c++)
            line += *c == '\n';
        fprintf(stderr, "%s:%d: a NUL byte; scripts are UTF-8 text\n", path, line);
        free(text);
        return false;
    }
    bool ok = ik_script_parse(&p->script, path, text);
    free(text);
    if (!ok)
        fprintf(stderr, "%s\n", ik_error());
    return ok;
}

/* The pack to show (see open_first) and the language to start in, which
 * must be one of the pack's. */
static bool open_content(Program *p)
{
    /* a store configured: its current pack, unless one is named */
    bool from_store = !p->o.pack && p->config.store[0];
    p->pack = p->o.pack ? ik_xstrdup(p->o.pack)
              : from_store ? ik_path_join(p->config.store, "current.pack") : default_pack();
    p->content = open_first(&p->config, p->pack, from_store);
    if (!p->content && p->o.tour) {
        fprintf(stderr, "incontro-kiosk: the tour needs a pack to show: %s\n", ik_error());
        return false;
    }
    if (p->o.lang)
        snprintf(p->config.default_lang, sizeof p->config.default_lang, "%s", p->o.lang);
    const char *lang = p->config.default_lang;
    if (p->content && lang[0] && !ik_content_language_find(p->content, lang)) {
        IkBuf b = {0};
        for (size_t i = 0; i < ik_content_language_count(p->content); i++)
            ik_buf_printf(&b, " %s", ik_content_language(p->content, i)->code);
        fprintf(stderr, "incontro-kiosk: unknown language '%s' (the pack has:%s)\n", lang,
                b.data ? b.data : " none");
        ik_buf_free(&b);
        return false;
    }
    return true;
}

static void *open_content_job(void *data)
{
    Program *p = data;
    p->content_ok = open_content(p);
    return NULL;
}

/* SDL's hints for the mode, then SDL itself (video and timers). */
static bool start_sdl(Program *p)
{
    if (!p->headless && !p->o.windowed) {
        lock_kiosk();
        /* no window decorations, ever: and libdecor without its plugins
         * leaves the window unmapped under cage */
        SDL_SetHint(SDL_HINT_VIDEO_WAYLAND_ALLOW_LIBDECOR, "0");
    }
    if (p->headless && !getenv("SDL_VIDEODRIVER"))
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
    /* Headless runs render in software: same pixels on every machine, and
     * no GPU driver loaded just to be thrown away. */
    if (p->headless) {
        /* SDL would turn SIGTERM/SIGINT into a quit event nobody reads here:
         * keep the default action so timeout(1) or Ctrl+C stops a run. */
        SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    }
    if (!p->headless)
        p->compose = light_compose_table();
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        fprintf(stderr, "incontro-kiosk: cannot start SDL video: %s\n", SDL_GetError());
        return false;
    }
    p->sdl = true;
    if (locked)
        SDL_DetachThread(SDL_CreateThread(wait_stop_signal, "stop-signals", NULL));
    return true;
}

/* Fonts, the layout cache and the window (or offscreen canvas). */
static bool open_display(Program *p)
{
    p->fonts = ik_fonts_create(NULL);
    if (!p->fonts)
        return complain();
    p->layouts = ik_layout_cache_create(p->fonts, IK_LAYOUT_CACHE_BYTES);
    IkGfxOptions go = {p->o.width, p->o.height, p->o.windowed || p->headless, p->headless};
    if (p->o.monkey >= 0 && !p->o.width) {
        go.width = 960;     /* the monkey looks at widgets, not pixels */
        go.height = 540;
    }
    IkDisplay *d = &p->run.display;
    d->options = go;
    d->fonts = p->fonts;
    d->cursor = p->o.windowed;
    d->fit_display = !p->headless && !p->o.windowed && !p->o.width;
    p->gfx = ik_kiosk_display_open(d);
    if (!p->gfx)
        return complain();
    if (!p->headless) {
        int ow = 0, oh = 0;
        SDL_GetRendererOutputSize(ik_gfx_renderer(p->gfx), &ow, &oh);
        ik_log(IK_LOG_INFO, "display: %s video, %s renderer, %dx%d pixels",
               SDL_GetCurrentVideoDriver(), ik_gfx_renderer_name(p->gfx), ow, oh);
    }
    return true;
}

static void *make_voice(void *data)
{
    Program *p = data;
    p->voice = ik_voice_create();
    if (!p->voice)
        snprintf(p->voice_error, sizeof p->voice_error, "%s", ik_error());
    return NULL;
}

/* Reading aloud, given to the kiosk (once): the job's, or made now. It is
 * optional: without espeak-ng data the listen buttons simply do not show. */
static void attach_voice(Program *p)
{
    if (p->voice_attached)
        return;
    p->voice_attached = true;
    if (p->voice_job.started)
        job_join(&p->voice_job);
    else
        make_voice(p);
    if (p->voice) {
        p->k->voice = p->voice;
        p->k->dirty = true;     /* listen buttons may show now */
        ik_log(IK_LOG_INFO, "read aloud on");
    } else {
        ik_log(IK_LOG_WARN, "read aloud off: %s", p->voice_error);
    }
}

static void attach_voice_shown(void *p)
{
    attach_voice(p);
}

/* The kiosk, given the pack (none: out of service), and its optional
 * parts: reading aloud (in service, once the first frame is shown: on a
 * two-core kiosk making it competed with SDL and the pack for the first
 * frame) and statistics. */
static void make_kiosk(Program *p)
{
    IkKiosk *k = p->k = ik_xcalloc(1, sizeof *k);
    ik_kiosk_init(k, p->content, p->layouts, p->gfx, &p->config,
                  p->headless ? 0 : kiosk_ticks());
    k->pack_path = p->pack;
    ik_kiosk_swap(k, p->content);   /* the kiosk's now */
    p->content = NULL;
    if (p->headless)
        attach_voice(p);
    if (p->config.stats_db[0]) {
        /* Statistics are optional: a kiosk that cannot count still helps. */
        k->stats = ik_stats_open(p->config.stats_db);
        if (k->stats)
            k->on_scene = ik_stats_scene;
        else
            fprintf(stderr, "incontro-kiosk: statistics off: %s\n", ik_error());
    }
}

/* --tour with --size: one window per size, the canvas the window's own
 * pixels, each size's screenshots in DIR/WxH. */
static bool tour_sizes(Program *p)
{
    IkKiosk *k = p->k;
    for (int i = 0; i < p->o.size_count; i++) {
        IkGfxOptions so = {p->o.sizes[i][0], p->o.sizes[i][1], true, true};
        IkGfx *g = ik_gfx_create(&so, p->fonts);
        if (!g)
            return complain();
        k->gfx = g;
        char *sub = ik_xasprintf("%s/%dx%d", p->o.tour, p->o.sizes[i][0], p->o.sizes[i][1]);
        bool ok = ik_tour(k, sub);
        free(sub);
        k->gfx = p->gfx;
        ik_gfx_destroy(g);
        if (!ok)
            return complain();
    }
    return true;
}

/* The kiosk in service: the scene IK_START_SCENE names, the updater, then
 * the event loop until a stop. */
static bool serve(Program *p)
{
    IkKiosk *k = p->k;
    /* bench/peer compares one screen with a web page of the same
     * content: IK_START_SCENE=NAME opens on it instead of the attract
     * loop (a session in the default language, as after a tap). */
    const char *start = getenv("IK_START_SCENE");
    IkSceneId scene;
    if (start && *start) {
        if (!ik_scene_from_name(start, &scene)) {
            fprintf(stderr, "incontro-kiosk: IK_START_SCENE: unknown scene '%s'\n", start);
            return false;
        }
        ik_stack_reset(&k->s.stack, IK_SCENE_LANGUAGE);
        if (scene != IK_SCENE_LANGUAGE)
            ik_kiosk_go(k, scene);
    }
    /* IK_START_SCRIPT: a reader's session played first, drawn on the window
     * as it goes, on the kiosk's own clock; served after it as usual. */
    if (p->script.count) {
        attach_voice(p);
        if (!ik_script_run(k, &p->script, NULL)) {
            fprintf(stderr, "%s\n", ik_error());
            return false;
        }
        uint64_t real = SDL_GetTicks64();
        clock_ahead = k->now > real ? k->now - real : 0;
    }
    open_frame_log();
    /* a kiosk: no pointer, and the screen never blanks */
    SDL_ShowCursor(p->o.windowed ? SDL_ENABLE : SDL_DISABLE);
    SDL_DisableScreenSaver();
    Run *run = &p->run;
    run->k = k;
    run->shown = attach_voice_shown;
    run->shown_arg = p;
    uint64_t usec = watchdog_usec();
    if (usec)
        run->watchdog_ms = usec / 2000 > 0 ? usec / 2000 : 1;
    /* always: the shown pack's file is watched even with no update source */
    run->updater = ik_updater_create(&p->config, p->pack);
    ik_updater_shown(run->updater, k->content);
    ik_updater_on_ready(run->updater, wake_loop, NULL);
    if (!ik_updater_start(run->updater)) {
        ik_log(IK_LOG_ERROR, "no updates: %s", ik_error());
        ik_updater_destroy(run->updater);
        run->updater = NULL;
    }
    tell_systemd_shown(k->content);
    run->waiter = ik_waiter_create();
    atomic_store(&loop_waiter, run->waiter);
    run_loop(run);
    atomic_store(&loop_waiter, NULL);
    return true;
}

/* The mode the command line chose: a script (and then maybe a layout
 * dump), a layout dump, a tour, the monkey, or the kiosk in service. */
static bool run_mode(Program *p)
{
    const Options *o = &p->o;
    IkKiosk *k = p->k;
    if (o->script) {
        if (!ik_script_run(k, &p->script, o->shots)) {
            fprintf(stderr, "%s\n", ik_error());
            return false;
        }
        return !o->dump || ik_kiosk_dump(k, o->dump) || complain();
    }
    if (o->dump) {
        k->frozen = true;
        return ik_kiosk_dump(k, o->dump) || complain();
    }
    if (o->tour && o->size_count > 0)
        return tour_sizes(p);
    if (o->tour)
        return ik_tour(k, o->tour) || complain();
    if (o->monkey >= 0) {
        if (k->config.operator_pin_hash[0] == '\0' &&
            !ik_pack_pin_hash("0000", k->config.operator_pin_hash))
            return complain();
        return ik_monkey(k, o->monkey, o->seed) || complain();
    }
    return serve(p);
}

static void close_program(Program *p)
{
    ik_updater_destroy(p->run.updater);
    ik_waiter_destroy(p->run.waiter);
    if (p->k) {
        p->content = p->k->content;     /* an update may have replaced it */
        p->gfx = p->k->gfx;             /* and the display been made again */
        ik_stats_close(p->k->stats);
        ik_kiosk_release(p->k);
        free(p->k);
    }
    job_join(&p->voice_job);
    job_join(&p->content_job);
    ik_voice_destroy(p->voice);
    ik_script_free(&p->script);
    if (frame_log)
        fclose(frame_log);
    ik_gfx_destroy(p->gfx);
    ik_layout_cache_destroy(p->layouts);
    ik_fonts_destroy(p->fonts);
    ik_content_close(p->content);
    free(p->pack);
    if (p->sdl)
        SDL_Quit();
    if (p->compose)
        fclose(p->compose);
}

/* The phases in order: arguments, configuration, script, pack and
 * language, SDL, display, kiosk, then the chosen mode. */
int ik_kiosk_main(int argc, char **argv)
{
    Program p;
    int status = 1;
    memset(&p, 0, sizeof p);
    if (!parse_args(argc, argv, &p.o, &status))
        return status;
    ik_config_defaults(&p.config);
    if (p.o.config && !ik_config_load(&p.config, p.o.config)) {
        complain();
        goto done;
    }
    /* bench/peer measures the kiosk in service after a reader's session:
     * IK_START_SCRIPT=FILE, a script in --script's format, is played first. */
    const char *start_script = p.o.script ? p.o.script : getenv("IK_START_SCRIPT");
    if (start_script && *start_script && !load_script(&p, start_script))
        goto done;
    if (!p.config.has_trusted_key)
        ik_log(IK_LOG_WARN, "no trusted_key in the configuration: packs are shown without "
               "checking who signed them (for development only)");
    p.headless = p.o.script || p.o.tour || p.o.monkey >= 0 || p.o.dump;
    if (!p.headless)
        ik_log_set_level(IK_LOG_INFO);      /* updates are worth a line in the journal */
    if (p.headless)
        job_start(&p.voice_job, make_voice, &p);
    job_start(&p.content_job, open_content_job, &p);
    bool ok = start_sdl(&p) && open_display(&p);
    job_join(&p.content_job);
    if (!ok || !p.content_ok)
        goto done;
    make_kiosk(&p);
    if (run_mode(&p))
        status = 0;
done:
    close_program(&p);
    return status;
}
