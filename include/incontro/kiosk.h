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
    IK_CMD_SHOT, IK_CMD_EXPECT_SCENE, IK_CMD_DUMP
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
/* Presses the visible widget with this id (taps its centre). */
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
/* Feeds `events` random inputs from seed; false only on a broken invariant. */
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

/* Reopens kiosk->pack_path (the operator's "reload"); on failure the old
 * content stays and false is returned with ik_error(). Forgets the session. */
bool ik_kiosk_reload(IkKiosk *kiosk);

/* ---- program ------------------------------------------------------------ */
/* The whole incontro-kiosk program; returns the exit status. */
int ik_kiosk_main(int argc, char **argv);

#endif
