/* kiosk: the program around the scenes: command line, configuration file,
 * the SDL event loop (touch and mouse as one input, drawing only when
 * something changed), the script harness, the tour and the monkey. */
#ifndef INCONTRO_KIOSK_H
#define INCONTRO_KIOSK_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "incontro/scenes.h"

/* ---- configuration file -------------------------------------------------
 * `key = value` lines, `#` comments. Keys: idle_seconds, idle_countdown, operator_pin_hash
 * (a plain operator_pin is refused), home_area, default_lang, stats_db,
 * screen_inches, viewing_cm. */
/* Parses text (named `name` in messages) over config (keep its defaults for
 * keys not set). False with "NAME:LINE: message" in ik_error(). */
bool ik_config_parse(IkConfig *config, const char *name, const char *text);
bool ik_config_load(IkConfig *config, const char *path);

/* ---- scripts ------------------------------------------------------------ */
typedef enum {
    IK_CMD_TAP, IK_CMD_SWIPE, IK_CMD_PRESS, IK_CMD_TYPE, IK_CMD_WAIT, IK_CMD_IDLE,
    IK_CMD_SHOT, IK_CMD_EXPECT_SCENE, IK_CMD_DUMP, IK_CMD_SHOW
} IkCommandKind;

typedef struct {
    IkCommandKind kind;
    int line;               /* 1-based line in the script file */
    int args[5];            /* tap x y; swipe x1 y1 x2 y2 ms; wait ms; idle s */
    char *text;             /* press id, type text, shot/dump name, expect-scene name */
} IkCommand;

typedef struct {
    char *name;             /* file name for messages */
    IkCommand *commands;
    size_t count;
} IkScript;

/* Parses a whole script first, so a malformed line fails before anything
 * runs. False with "NAME:LINE: message". */
bool ik_script_parse(IkScript *script, const char *name, const char *text);
void ik_script_free(IkScript *script);

/* Runs a parsed script on a kiosk (virtual clock), writing shots to dir.
 * False with "NAME:LINE: message" at the first failing command. */
bool ik_script_run(IkKiosk *kiosk, const IkScript *script, const char *shots_dir);

/* Helpers the harness is made of, also used by the tour and the monkey. */
/* Lets `ms` pass on the virtual clock in frame-sized steps, drawing as needed. */
void ik_harness_advance(IkKiosk *kiosk, uint64_t ms);
/* A tap at (x, y) on the virtual clock. */
void ik_harness_tap(IkKiosk *kiosk, int x, int y);
void ik_harness_swipe(IkKiosk *kiosk, int x1, int y1, int x2, int y2, int ms);
/* The widget with this id as it shows after scrolling it into view (each
 * scroll view dragged up as a reader does); NULL when the scene has none.
 * The pointer is valid until the next frame. */
const IkHit *ik_harness_reveal(IkKiosk *kiosk, const char *id);
/* Scrolls until an item recorded with this id (a widget, a text's id, an
 * icon such as "qr") shows whole; false, with the error set, if none does. */
bool ik_harness_show(IkKiosk *kiosk, const char *id);
/* Presses the widget with this id (scrolled into view; taps its centre);
 * false, with the error set, when the scene has none. */
bool ik_harness_press(IkKiosk *kiosk, const char *id);
/* Types UTF-8 text through the on-screen keyboard. */
bool ik_harness_type(IkKiosk *kiosk, const char *text);

/* Writes DIR/LANG/SCENE.png and its layout dump DIR/LANG/SCENE.jsonl for
 * every scene and language, on the kiosk's window. */
bool ik_tour(IkKiosk *kiosk, const char *dir);
/* Puts the kiosk on scene in lang as the tour shows it (a first topic, a
 * first service), the session otherwise fresh. */
void ik_tour_stage(IkKiosk *kiosk, IkSceneId scene, const char *lang);
/* Draws the scene on screen and writes its layout dump (ik_ui_dump) to
 * path; false with ik_error(). */
bool ik_kiosk_dump(IkKiosk *kiosk, const char *path);
/* Feeds `events` random inputs from seed; false only on a broken invariant.
 * With IK_MONKEY_RSS=N in the environment, writes "monkey: E events, VmRSS
 * K kB, VmHWM K kB" to stderr every N events (bench/soak reads it). */
bool ik_monkey(IkKiosk *kiosk, long events, unsigned long seed);

/* ---- anonymous statistics -----------------------------------------------
 * Daily counts per event in a separate SQLite file (table daily(day, event,
 * count), exported by `incontro-pack stats`). Events are "scene:NAME:LANG". */
typedef struct IkStats IkStats;
/* Opens or creates the file; NULL with ik_error(). */
IkStats *ik_stats_open(const char *path);
void ik_stats_close(IkStats *stats);
/* Adds one to (day of when, event); false with ik_error(). */
bool ik_stats_count(IkStats *stats, time_t when, const char *event);
/* The kiosk's on_scene hook: counts a scene shown (kiosk->stats is IkStats). */
void ik_stats_scene(IkKiosk *kiosk, IkSceneId scene);

/* Reopens kiosk->pack_path (the operator's "reload"), verified as at start;
 * on failure the old content stays and false is returned with ik_error().
 * Forgets the session. */
bool ik_kiosk_reload(IkKiosk *kiosk);

/* ---- trust and updates ------------------------------------------------------
 * A pack is opened as the configuration says: with trusted_key, only a pack
 * signed by it (and complete); without, any pack (development). */
IkContent *ik_kiosk_open_pack(const IkConfig *config, const char *path, bool refuse_expired);
/* Shows content (taken; NULL = out of service) in place of what is shown,
 * forgetting the session; returns the old content for the caller to close. */
IkContent *ik_kiosk_swap(IkKiosk *kiosk, IkContent *content);

/* The updater: watches the shown pack's file, the inbox folder and the
 * update address, installs through ik_pack_install_key into the store, and
 * keeps a verified pack newer than the one shown ready for the main loop,
 * which takes it between sessions. Writes status.json. All on its thread. */
typedef struct IkUpdater IkUpdater;
/* config is copied; pack_path is the file shown (store/current.pack when
 * the configuration names a store). */
IkUpdater *ik_updater_create(const IkConfig *config, const char *pack_path);
/* fn(data) is called on the updater's thread when a pack becomes ready (to
 * wake a sleeping main loop; it must be thread-safe). Before start. */
void ik_updater_on_ready(IkUpdater *updater, void (*fn)(void *data), void *data);
/* Starts the thread, which sleeps until a watched folder or the mount table
 * changes or the next poll or status heartbeat is due; false with
 * ik_error(). */
bool ik_updater_start(IkUpdater *updater);
/* Stops the thread and frees everything; NULL does nothing. */
void ik_updater_destroy(IkUpdater *updater);
/* One round of looking, in the caller's thread (what the thread does after
 * each change): the shown file, the inbox, the address when due or when
 * poll_now, the status file when due. For tests; not while the thread runs. */
void ik_updater_step(IkUpdater *updater, bool poll_now);
/* The verified pack newer than the one shown, if one is ready (the caller
 * owns it), else NULL. */
IkContent *ik_updater_take(IkUpdater *updater);
/* What is on screen now (NULL: out of service): newer means newer than this,
 * and status.json reports it. */
void ik_updater_shown(IkUpdater *updater, IkContent *content);
/* Writes the status file now (pack version, state, last update check and its
 * result, uptime, free disk); true when none is configured. */
bool ik_updater_write_status(IkUpdater *updater);
/* Between sessions only (attract or out of service, no finger down): shows
 * the pack the updater has ready, if any, in place of the shown one (closed).
 * True when it did. */
bool ik_kiosk_take_update(IkKiosk *kiosk, IkUpdater *updater);

/* ---- display ------------------------------------------------------------- */
typedef struct {
    IkGfxOptions options;       /* how the window is made */
    IkFonts *fonts;             /* borrowed */
    bool cursor;                /* show the mouse cursor (windowed runs) */
    bool fit_display;           /* full screen: the window takes the display's size */
    uint64_t retry_at;          /* ms: next try after a failed rebuild, 0 = none */
    unsigned rebuilds;          /* renderers made again so far */
} IkDisplay;

/* Makes the window and renderer as d says; NULL with ik_error(). */
IkGfx *ik_kiosk_display_open(IkDisplay *display);
/* Renderer reset or a display back after going away: kiosk->gfx is made
 * again (NULL until that succeeds; retried by ik_kiosk_display_tick). True
 * when e was a display or renderer event. */
bool ik_kiosk_display_event(IkDisplay *display, IkKiosk *kiosk, const SDL_Event *e, uint64_t now);
void ik_kiosk_display_tick(IkDisplay *display, IkKiosk *kiosk, uint64_t now);

/* ---- waiting -------------------------------------------------------------- */
/* Sleeping until input, a wake or a timeout on video drivers where SDL's
 * SDL_WaitEventTimeout looks every millisecond (KMSDRM, offscreen). */
typedef struct IkWaiter IkWaiter;
/* After SDL's video is started. NULL where SDL sleeps by itself (X11,
 * Wayland); the functions below then use SDL's wait. */
IkWaiter *ik_waiter_create(void);
/* As SDL_WaitEventTimeout (timeout_ms -1: none); true with an event in e. */
bool ik_waiter_wait(IkWaiter *waiter, SDL_Event *e, int timeout_ms);
/* From any thread, after SDL_PushEvent: the wait returns. NULL does nothing. */
void ik_waiter_wake(IkWaiter *waiter);
void ik_waiter_destroy(IkWaiter *waiter);

/* ---- program ------------------------------------------------------------ */
/* The whole incontro-kiosk program; returns the exit status. */
int ik_kiosk_main(int argc, char **argv);

#endif
