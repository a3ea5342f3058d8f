/* scenes: the scene stack, the session (everything a reader did, forgotten
 * on quick exit and idle), and one file per scene. Scenes read data only
 * through content and draw only through ui. IkKiosk is the context every
 * scene works on; the kiosk module owns the program around it. */
#ifndef INCONTRO_SCENES_H
#define INCONTRO_SCENES_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "incontro/content.h"
#include "incontro/input.h"
#include "incontro/ui.h"
#include "incontro/voice.h"

typedef enum {
    IK_SCENE_ATTRACT, IK_SCENE_NEUTRAL, IK_SCENE_LANGUAGE, IK_SCENE_HOME, IK_SCENE_TOPICS,
    IK_SCENE_TOPIC, IK_SCENE_DIRECTORY, IK_SCENE_SERVICE, IK_SCENE_HELP, IK_SCENE_OPERATOR,
    IK_SCENE_OUT_OF_SERVICE,    /* no pack to trust: the compiled-in help numbers */
    IK_SCENE_COUNT
} IkSceneId;

/* "attract", "neutral" ... as in the command-line contract. */
const char *ik_scene_name(IkSceneId scene);
bool ik_scene_from_name(const char *name, IkSceneId *scene);

/* ---- scene stack -------------------------------------------------------- */
#define IK_STACK_MAX 16
typedef struct {
    IkSceneId items[IK_STACK_MAX];
    int count;                  /* >= 1 once reset */
} IkSceneStack;

void ik_stack_reset(IkSceneStack *stack, IkSceneId root);
/* Pushes scene; when full the oldest entry above the root is dropped. */
void ik_stack_push(IkSceneStack *stack, IkSceneId scene);
/* Pops the top; false (and nothing changes) when only the root is left. */
bool ik_stack_pop(IkSceneStack *stack);
IkSceneId ik_stack_top(const IkSceneStack *stack);
/* Pops down to the nearest `scene`; pushes it when it is not in the stack. */
void ik_stack_unwind(IkSceneStack *stack, IkSceneId scene);

/* ---- configuration ------------------------------------------------------ */
typedef struct {
    int idle_seconds;           /* session reset after this long untouched */
    int idle_countdown;         /* seconds of "still there?" countdown before it,
                                   0 = none */
    char operator_pin_hash[128];/* Argon2id hash of the operator PIN (libsodium
                                   string); empty = operator menu disabled */
    char home_area[48];         /* area ranked first in search, or empty */
    char default_lang[16];      /* empty = readers pick on the language screen */
    char stats_db[512];         /* anonymous daily counts, or empty = none */
    /* trust and updates (the kiosk program's; scenes ignore them) */
    unsigned char trusted_key[IK_KEY_BYTES]; /* packs must be signed by it ... */
    bool has_trusted_key;       /* ... when set; without, any pack opens (one warning) */
    char store[512];            /* folder of current.pack and previous.pack, or empty */
    char inbox[512];            /* folder watched for new packs, or empty */
    char update_url[1024];      /* https:// address polled for a new pack, or empty */
    char update_ca[512];        /* CA certificates for update_url, empty = the system's */
    int update_interval;        /* seconds between polls of update_url */
    int pack_memory_mb;         /* packs up to this are read into memory, larger
                                 * ones from their file; -1 = IK_PACK_MEMORY_MAX */
    char status_file[512];      /* status.json for fleet monitoring, or empty */
    float screen_inches;        /* the screen's diagonal, 0 = unknown */
    float viewing_cm;           /* how far readers stand, 0 = 60 cm */
} IkConfig;

void ik_config_defaults(IkConfig *config);

/* ---- session ------------------------------------------------------------ */
#define IK_QUERY_MAX 256
typedef struct {
    char lang[16];              /* interface language */
    bool lang_chosen;           /* the reader (or a script) picked lang this session */
    bool large_text, contrast;  /* accessibility toggles */
    IkSceneStack stack;
    char query[IK_QUERY_MAX];   /* directory search text */
    char area[48], category[48];/* directory filters ("" = all) */
    bool open_now, free_only, my_language;
    int age;                    /* age filter in years, -1 = any */
    bool age_open;              /* the row of age choices is showing */
    bool keyboard_open;
    IkKeyState keys;            /* on-screen keyboard layer (Latin, Shift) */
    char topic_id[64];
    char service_id[64];
    float scroll[IK_SCENE_COUNT];/* scroll offset of each scene's list */
    char pin[16];               /* operator PIN being typed */
    bool pin_wrong, operator_open;
} IkSession;

/* Forgets everything a reader did; the stack holds only `root`. */
void ik_session_reset(IkSession *session, const char *default_lang, IkSceneId root);

/* ---- reading aloud -------------------------------------------------------- */
typedef struct {
    char *text;                 /* the text a sentence comes from (owned copy) */
    uint32_t from, to;          /* the sentence, in code points of text */
} IkSpoken;

/* ---- the kiosk context -------------------------------------------------- */
typedef struct IkKiosk {
    IkContent *content;         /* owned by the kiosk module */
    IkGfx *gfx;                 /* NULL while testing without a window */
    IkUi ui;
    IkConfig config;
    IkSession s;
    IkIdle idle;
    IkGestures gestures;
    IkKinetic kinetic;
    float *kinetic_offset;      /* the scroll view being flung (session-owned) */
    float kinetic_max;
    uint64_t now;               /* ms, real or virtual */
    uint64_t started;           /* ms at start */
    time_t wall_offset;         /* added to time(NULL): the clock shown */
    uint64_t last_draw;         /* ms of the last frame */
    time_t drawn_minute;        /* wall-clock minute of the last frame */
    uint64_t attract_since;     /* ms when the attract text last changed */
    size_t attract_index;       /* language shown by the attract loop */
    bool frozen;                /* tour: no animation, fixed clock */
    bool dirty;                 /* something changed: draw a frame */
    bool quit;                  /* leave the main loop */
    bool reload;                /* operator asked to reopen the pack */
    bool out_of_date;           /* the pack has expired: a discreet note says so */
    bool out_of_service;        /* no pack to show: the out-of-service scene, nothing else */
    const char *pack_path;      /* where the pack came from (borrowed), for reload */
    int long_press_corner;      /* px square in the top-start corner */
    /* caches, keyed by what produced them */
    char results_key[IK_QUERY_MAX + 200];
    bool results_jump;          /* the filters changed: scroll to the results */
    IkSearchResult *results;
    size_t result_count;
    IkService *service;
    char service_key[96];
    IkBlock *blocks;
    size_t block_count;
    bool blocks_fallback;
    char blocks_key[96];
    int content_h[IK_SCENE_COUNT];
    /* statistics hook: called when another scene comes on top (may be NULL) */
    void (*on_scene)(struct IkKiosk *kiosk, IkSceneId scene);
    void *stats;                /* owned by the kiosk module */
    IkSceneId shown;            /* scene of the last frame */
    /* wrong operator PINs: kept across sessions, so a quick exit or an idle
     * reset does not give a guesser five more tries */
    int pin_failures;           /* wrong PINs in a row */
    uint64_t shift_at[3];       /* ms of the last Shift presses, newest last */
    IkVoice *voice;             /* reads aloud; owned by the kiosk module, NULL = none */
    IkSpoken *spoken;           /* the sentences being read aloud, in order */
    size_t spoken_count;
    IkSceneId spoken_scene;     /* the scene whose texts they are */
    int heard;                  /* the sentence heard at the last frame, -1 = none */
    int countdown_shown;        /* seconds the idle countdown showed last frame */
    uint64_t pin_locked_until;  /* ms; the pad refuses every PIN until then */
} IkKiosk;

/* Sets up a kiosk on an opened pack (content, layouts and gfx are
 * borrowed; gfx may be NULL, layouts may not). */
void ik_kiosk_init(IkKiosk *kiosk, IkContent *content, IkLayoutCache *layouts, IkGfx *gfx,
                   const IkConfig *config, uint64_t now);
/* Frees the caches. */
void ik_kiosk_release(IkKiosk *kiosk);

IkSceneId ik_kiosk_scene(const IkKiosk *kiosk);
/* Changes the interface language (for the session); false if the pack has
 * no such language. */
bool ik_kiosk_set_lang(IkKiosk *kiosk, const char *lang);
/* Shows scene on top of the stack (pushes). */
void ik_kiosk_go(IkKiosk *kiosk, IkSceneId scene);
/* Quick exit: forget the session, show the neutral screen. */
void ik_kiosk_quick_exit(IkKiosk *kiosk);
/* Idle reset: forget the session, show the attract loop. */
void ik_kiosk_reset(IkKiosk *kiosk);

/* Draws the current scene (rebuilding the hit list) if gfx is set, or only
 * rebuilds the hit list without it. The caller presents the frame (after a
 * screenshot, if it wants one). */
void ik_kiosk_draw(IkKiosk *kiosk);
/* Presses a widget by id as a tap would; false if the scene ignores it. */
bool ik_kiosk_press(IkKiosk *kiosk, const char *id);

/* Pointer input in canvas coordinates at kiosk->now (mouse and touch alike). */
void ik_kiosk_pointer_down(IkKiosk *kiosk, int x, int y);
void ik_kiosk_pointer_move(IkKiosk *kiosk, int x, int y);
void ik_kiosk_pointer_up(IkKiosk *kiosk, int x, int y);
/* A typed character (physical keyboard) into the search field. */
void ik_kiosk_text(IkKiosk *kiosk, const char *utf8);
/* A key of a physical keyboard. Escape, or Shift pressed three times within
 * IK_SHIFT_EXIT_MS, is a quick exit on every scene; Backspace edits the
 * search. No key leaves the neutral screen: only a plain touch does. */
typedef enum { IK_KEY_ESCAPE, IK_KEY_SHIFT, IK_KEY_BACKSPACE, IK_KEY_OTHER } IkKey;
#define IK_SHIFT_EXIT_MS 5000
void ik_kiosk_key(IkKiosk *kiosk, IkKey key);
/* Advances time to now: gestures, kinetic scroll, attract cycling, idle
 * reset. Returns ms until the next timer needs a tick (-1: none); whether a
 * frame is due is kiosk->dirty. */
int ik_kiosk_tick(IkKiosk *kiosk, uint64_t now);
/* time() as the kiosk shows it. */
time_t ik_kiosk_wall(const IkKiosk *kiosk);

/* ---- reading aloud ------------------------------------------------------ */
/* True when the current language has a voice (and the kiosk a voice at all):
 * where it has none the listen button is not shown. */
bool ik_kiosk_can_listen(const IkKiosk *kiosk);
/* Reads texts[0..n) of the current scene aloud, sentence by sentence, each in
 * its own language (texts are copied); stops anything read before. It stops
 * by itself at the end, on a touch anywhere but the listen button, when the
 * scene changes, on quick exit and on idle reset. */
void ik_kiosk_listen(IkKiosk *kiosk, const IkUtterance *texts, size_t n);
void ik_kiosk_listen_stop(IkKiosk *kiosk);
bool ik_kiosk_listening(const IkKiosk *kiosk);
/* st with the sentence being heard marked, when it comes from a text equal
 * to text (what a scene draws is what it gave ik_kiosk_listen). */
IkTextStyle ik_kiosk_heard(const IkKiosk *kiosk, const char *text, IkTextStyle st);
/* Follows the voice (kiosk->heard, a frame when it moves on); returns ms
 * until it needs to look again, -1 when nothing is read. */
int ik_kiosk_listen_tick(IkKiosk *kiosk);

/* ---- operator PIN -------------------------------------------------------- */
#define IK_PIN_TRIES 5                  /* wrong PINs in a row before the lock */
#define IK_PIN_LOCK_MS (5 * 60 * 1000)  /* how long the operator pad stays locked */
/* True while too many wrong PINs keep the operator pad locked. */
bool ik_kiosk_pin_locked(const IkKiosk *kiosk);
/* Checks a typed PIN against config.operator_pin_hash, counting wrong ones
 * and locking the pad after IK_PIN_TRIES of them; false while locked. */
bool ik_kiosk_pin_check(IkKiosk *kiosk, const char *pin);

/* ---- scene implementations (app/scenes/) -------------------------------- */
typedef struct {
    const char *name;
    void (*draw)(IkKiosk *kiosk);
    bool (*press)(IkKiosk *kiosk, const char *id);  /* NULL: nothing of its own */
    void (*enter)(IkKiosk *kiosk);                  /* NULL: nothing to prepare */
} IkSceneOps;

const IkSceneOps *ik_scene_ops(IkSceneId scene);

#endif
