/* [SECTION] virtual clock  [SECTION] script runner  [SECTION] tour
 * [SECTION] monkey. Everything here drives the same entry points as a
 * finger does (pointer down/move/up on the kiosk), on a virtual clock. */
#include "incontro/kiosk.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "incontro/core.h"

#define FRAME_MS 16

/* ---- virtual clock ------------------------------------------------------ */
static void refresh(IkKiosk *k)
{
    /* A scene that corrected its scroll offset asks for one more frame. */
    for (int i = 0; i < 3 && k->dirty; i++) {
        ik_kiosk_draw(k);
        if (k->gfx)
            ik_gfx_present(k->gfx);
    }
}

void ik_harness_advance(IkKiosk *k, uint64_t ms)
{
    uint64_t end = k->now + ms;
    while (k->now < end) {
        int wait = ik_kiosk_tick(k, k->now);
        uint64_t step = wait < 0 ? end - k->now : (uint64_t)(wait > 0 ? wait : 1);
        if (ik_kinetic_active(&k->kinetic) && step > FRAME_MS)
            step = FRAME_MS;
        if (k->now + step > end)
            step = end - k->now;
        ik_kiosk_tick(k, k->now + step);
    }
    ik_kiosk_tick(k, k->now);
}

void ik_harness_tap(IkKiosk *k, int x, int y)
{
    refresh(k);     /* the hit list must be what a person would see */
    ik_kiosk_pointer_down(k, x, y);
    ik_harness_advance(k, 60);
    ik_kiosk_pointer_up(k, x, y);
    ik_harness_advance(k, 1);
}

void ik_harness_swipe(IkKiosk *k, int x1, int y1, int x2, int y2, int ms)
{
    refresh(k);
    ik_kiosk_pointer_down(k, x1, y1);
    int steps = ms / FRAME_MS > 1 ? ms / FRAME_MS : 1;
    for (int i = 1; i <= steps; i++) {
        ik_harness_advance(k, (uint64_t)ms / steps);
        ik_kiosk_pointer_move(k, x1 + (x2 - x1) * i / steps, y1 + (y2 - y1) * i / steps);
    }
    ik_kiosk_pointer_up(k, x2, y2);
    /* Let a fling come to rest so the next line sees a still screen. */
    for (int i = 0; i < 400 && ik_kinetic_active(&k->kinetic); i++)
        ik_harness_advance(k, FRAME_MS);
    ik_harness_advance(k, 1);
}

static bool hit_shows(const IkUi *ui, const char *id)
{
    return ik_ui_find(ui, id) != NULL;
}

static bool item_shows(const IkUi *ui, const char *id)
{
    for (size_t i = 0; i < ui->item_count; i++)
        if (!ui->items[i].clipped && strcmp(ui->items[i].id, id) == 0)
            return true;
    return false;
}

/* Out of view: drags each scroll view most of a view at a time, as a
 * reader does, back towards its start when it was scrolled (what was
 * passed is above), then towards its end, until shows(id) or the view
 * stops moving. */
static bool scroll_until(IkKiosk *k, bool (*shows)(const IkUi *, const char *), const char *id)
{
    refresh(k);
    bool found = shows(&k->ui, id);
    for (size_t v = 0; !found && v < k->ui.scroll_count; v++) {
        bool up = *k->ui.scrolls[v].offset > 0;
        for (int pass = 0; pass < 2 && !found; pass++, up = !up) {
            for (int i = 0; i < 200 && !found && v < k->ui.scroll_count; i++) {
                IkScrollView *sv = &k->ui.scrolls[v];
                float before = *sv->offset;
                if (up ? before <= 0 : before >= sv->max)
                    break;
                IkRect r = sv->rect;
                int from = r.y + r.h * 7 / 8, to = r.y + r.h / 8;
                ik_harness_swipe(k, r.x + r.w / 2, up ? to : from, r.x + r.w / 2, up ? from : to, 600);
                refresh(k);
                found = shows(&k->ui, id);
                if (v < k->ui.scroll_count && *k->ui.scrolls[v].offset == before)
                    break;
            }
        }
    }
    return found;
}

const IkHit *ik_harness_reveal(IkKiosk *k, const char *id)
{
    return scroll_until(k, hit_shows, id) ? ik_ui_find(&k->ui, id) : NULL;
}

bool ik_harness_show(IkKiosk *k, const char *id)
{
    if (!scroll_until(k, item_shows, id))
        return ik_fail("nothing recorded as '%.40s' shows whole on scene %s", id,
                       ik_scene_name(ik_kiosk_scene(k)));
    return true;
}

bool ik_harness_press(IkKiosk *k, const char *id)
{
    const IkHit *hit = ik_harness_reveal(k, id);
    if (!hit)
        return ik_fail("no visible widget '%.40s' on scene %s", id,
                       ik_scene_name(ik_kiosk_scene(k)));
    ik_harness_tap(k, hit->rect.x + hit->rect.w / 2, hit->rect.y + hit->rect.h / 2);
    return true;
}

/* The on-screen keyboards have small letters only: a capital is typed as
 * its small letter (Latin-1, Latin Extended-A, Romanian comma letters,
 * Cyrillic). */
static uint32_t small_letter(uint32_t cp)
{
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7))
        return cp + 32;
    if (cp >= 0x100 && cp <= 0x137 && cp % 2 == 0)
        return cp + 1;
    if (cp >= 0x139 && cp <= 0x148 && cp % 2 == 1)
        return cp + 1;
    if (cp >= 0x14A && cp <= 0x177 && cp % 2 == 0)
        return cp + 1;
    if (cp == 0x218 || cp == 0x21A || cp == 0x490)
        return cp + 1;
    if (cp >= 0x410 && cp <= 0x42F)
        return cp + 32;
    if (cp >= 0x400 && cp <= 0x40F)
        return cp + 80;
    return cp;
}

/* Arabic-script letters that neighbouring keyboards draw differently:
 * Arabic kaf/yeh/heh and their Persian and Urdu forms. Tried in order when
 * the keyboard lacks the letter as written. */
static const uint32_t *letter_variants(uint32_t cp)
{
    static const uint32_t kaf[] = {0x643, 0x6A9, 0}, yeh[] = {0x64A, 0x6CC, 0x649, 0},
                          heh[] = {0x647, 0x6C1, 0x6BE, 0}, none[] = {0};
    static const uint32_t *const sets[] = {kaf, yeh, heh};
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++)
        for (const uint32_t *v = sets[i]; *v; v++)
            if (*v == cp)
                return sets[i];
    return none;
}

static void key_id(char *id, size_t size, uint32_t cp)
{
    char u[8];
    size_t n = ik_utf8_encode(cp, u);
    if (cp == ' ')
        snprintf(id, size, "key:space");
    else
        snprintf(id, size, "key:%.*s", (int)n, u);
}

/* Finds the key for cp on either layer of the keyboard (switching layer if
 * needed), trying its small letter and its Arabic-script variants. */
static bool find_key(IkKiosk *k, uint32_t cp, char *id, size_t size)
{
    uint32_t want[8] = {cp, small_letter(cp)};
    size_t n = 2;
    for (const uint32_t *v = letter_variants(cp); *v && n < 8; v++)
        want[n++] = *v;
    /* The letter may be on another layer: Shift, the other script (Latin /
     * the reader's), or Shift there; each step presses one key, the third
     * only undoes the first. */
    static const char *const steps[] = {NULL, "key:shift", "key:shift", "key:switch", "key:shift"};
    for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) {
        refresh(k);
        if (steps[s]) {
            if (!ik_ui_find(&k->ui, steps[s]))
                continue;
            ik_harness_press(k, steps[s]);
            refresh(k);
            if (s == 2)
                continue;
        }
        for (size_t i = 0; i < n; i++) {
            key_id(id, size, want[i]);
            if (ik_ui_find(&k->ui, id))
                return true;
        }
    }
    return false;
}

bool ik_harness_type(IkKiosk *k, const char *text)
{
    refresh(k);
    if (!ik_ui_find(&k->ui, "key:space")) {
        if (!ik_ui_find(&k->ui, "search"))
            return ik_fail("no search field on scene %s to type into",
                           ik_scene_name(ik_kiosk_scene(k)));
        ik_harness_press(k, "search");
    }
    size_t n = strlen(text);
    /* Keys past the field's end are ignored: say so rather than press them. */
    if (strlen(k->s.query) + n >= IK_QUERY_MAX)
        return ik_fail("text is longer than the search field holds (%d bytes)",
                       IK_QUERY_MAX - 1);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = ik_utf8_decode(text + i, n - i, &cp);
        if (len == 0)
            return ik_fail("text is not valid UTF-8");
        char id[IK_UI_ID_MAX];
        bool found = find_key(k, cp, id, sizeof id);
        /* An Ethiopic syllable: its consonant first, then its vowel order. */
        uint32_t before = found ? 0 : ik_ui_keyboard_prefix(cp);
        if (before && find_key(k, before, id, sizeof id)) {
            ik_harness_press(k, id);
            found = find_key(k, cp, id, sizeof id);
        }
        if (!found)
            return ik_fail("no key for '%.*s' on the on-screen keyboard of scene %s", (int)len,
                           text + i, ik_scene_name(ik_kiosk_scene(k)));
        ik_harness_press(k, id);
        i += len;
    }
    return true;
}

/* ---- script runner ------------------------------------------------------ */
static bool mkdirs(const char *path)
{
    if (!*path)
        return ik_fail("the shots folder has an empty name");
    char *p = ik_xstrdup(path);
    bool ok = true;
    for (char *s = p + 1;; s++) {
        if (*s == '/' || !*s) {
            char c = *s;
            *s = '\0';
            if (mkdir(p, 0755) != 0 && errno != EEXIST) {
                ok = ik_fail("cannot create folder %s: %s", p, strerror(errno));
                break;
            }
            *s = c;
            if (!c)
                break;
        }
    }
    free(p);
    return ok;
}

static bool shot(IkKiosk *k, const char *dir, const char *name)
{
    if (!k->gfx)
        return ik_fail("no window to take a screenshot of");
    ik_kiosk_draw(k);
    char *file = ik_xasprintf("%s/%s.png", dir, name);
    bool ok = ik_gfx_save_png(k->gfx, file);
    free(file);
    ik_gfx_present(k->gfx);
    return ok;
}

bool ik_kiosk_dump(IkKiosk *k, const char *path)
{
    ik_kiosk_draw(k);
    return ik_ui_dump_file(&k->ui, ik_scene_name(ik_kiosk_scene(k)), path);
}

static bool dump(IkKiosk *k, const char *dir, const char *name)
{
    char *file = ik_xasprintf("%s/%s.jsonl", dir, name);
    bool ok = ik_kiosk_dump(k, file);
    free(file);
    return ok;
}

bool ik_script_run(IkKiosk *k, const IkScript *script, const char *dir)
{
    if (dir && !mkdirs(dir))
        return false;
    for (size_t i = 0; i < script->count; i++) {
        const IkCommand *c = &script->commands[i];
        bool ok = true;
        switch (c->kind) {
        case IK_CMD_TAP:
            ik_harness_tap(k, c->args[0], c->args[1]);
            break;
        case IK_CMD_SWIPE:
            ik_harness_swipe(k, c->args[0], c->args[1], c->args[2], c->args[3], c->args[4]);
            break;
        case IK_CMD_PRESS:
            ok = ik_harness_press(k, c->text);
            break;
        case IK_CMD_SHOW:
            ok = ik_harness_show(k, c->text);
            break;
        case IK_CMD_TYPE:
            ok = ik_harness_type(k, c->text);
            break;
        case IK_CMD_WAIT:
            ik_harness_advance(k, (uint64_t)c->args[0]);
            break;
        case IK_CMD_IDLE:
            ik_harness_advance(k, (uint64_t)c->args[0] * 1000);
            break;
        case IK_CMD_SHOT:
            ok = dir ? shot(k, dir, c->text) : ik_fail("no --shots folder given");
            break;
        case IK_CMD_DUMP:
            ok = dir ? dump(k, dir, c->text) : ik_fail("no --shots folder given");
            break;
        case IK_CMD_EXPECT_SCENE:
            if (ik_kiosk_scene(k) != (IkSceneId)c->args[0])
                ok = ik_fail("expected scene %s, but %s is showing", c->text,
                             ik_scene_name(ik_kiosk_scene(k)));
            break;
        }
        if (ok && k->reload)
            ok = ik_kiosk_reload(k);
        if (!ok)
            return ik_fail_prefix("%s:%d", script->name, c->line);
        if (k->quit)
            break;
    }
    refresh(k);
    return true;
}

/* ---- tour --------------------------------------------------------------- */
void ik_tour_stage(IkKiosk *k, IkSceneId scene, const char *lang)
{
    static const IkSceneId path[IK_SCENE_COUNT][3] = {
        [IK_SCENE_TOPICS] = {IK_SCENE_HOME, IK_SCENE_TOPICS},
        [IK_SCENE_TOPIC] = {IK_SCENE_HOME, IK_SCENE_TOPICS, IK_SCENE_TOPIC},
        [IK_SCENE_DIRECTORY] = {IK_SCENE_HOME, IK_SCENE_DIRECTORY},
        [IK_SCENE_SERVICE] = {IK_SCENE_HOME, IK_SCENE_DIRECTORY, IK_SCENE_SERVICE},
        [IK_SCENE_HELP] = {IK_SCENE_HOME, IK_SCENE_HELP},
    };
    ik_kiosk_reset(k);
    ik_kiosk_set_lang(k, lang);
    ik_stack_reset(&k->s.stack, scene == IK_SCENE_ATTRACT || scene == IK_SCENE_NEUTRAL ||
                                        scene == IK_SCENE_OUT_OF_SERVICE
                                    ? scene : IK_SCENE_LANGUAGE);
    for (int i = 0; i < 3 && path[scene][i]; i++)
        ik_stack_push(&k->s.stack, path[scene][i]);
    if (scene == IK_SCENE_HOME || scene == IK_SCENE_OPERATOR)
        ik_stack_push(&k->s.stack, scene);
    if (scene == IK_SCENE_TOPIC) {
        size_t n = 0;
        IkTopic *t = ik_content_topics(k->content, lang, &n);
        if (n)
            snprintf(k->s.topic_id, sizeof k->s.topic_id, "%s", t[0].id);
        ik_topics_free(t, n);
    }
    if (scene == IK_SCENE_SERVICE) {
        size_t n = 0;
        IkSearchFilter f = {0};
        f.age = -1;
        f.limit = 1;
        IkSearchResult *r = ik_content_search(k->content, lang, "", &f, &n);
        if (r && n)
            snprintf(k->s.service_id, sizeof k->s.service_id, "%s", r[0].id);
        ik_search_results_free(r, n);
    }
    k->dirty = true;
}

bool ik_tour(IkKiosk *k, const char *dir)
{
    size_t n = ik_content_language_count(k->content);
    k->frozen = true;
    for (size_t i = 0; i < n; i++) {
        const char *lang = ik_content_language(k->content, i)->code;
        char *sub = ik_xasprintf("%s/%s", dir, lang);
        bool ok = mkdirs(sub);
        for (int s = 0; ok && s < IK_SCENE_COUNT; s++) {
            ik_tour_stage(k, (IkSceneId)s, lang);
            ok = shot(k, sub, ik_scene_name((IkSceneId)s)) && dump(k, sub, ik_scene_name((IkSceneId)s));
        }
        free(sub);
        if (!ok)
            return false;
    }
    k->frozen = false;
    ik_kiosk_reset(k);
    return true;
}

/* ---- monkey ------------------------------------------------------------- */
static uint64_t next(uint64_t *s)
{
    /* xorshift64*: fast, seedable, good enough to explore a UI. */
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

static int range(uint64_t *s, int n)
{
    return n > 0 ? (int)(next(s) % (uint64_t)n) : 0;
}

/* IK_MONKEY_RSS=N: a stderr line every N events with the resident memory,
 * so a soak run shows in one process whether it stays flat (bench/soak). */
static long rss_every(void)
{
    const char *v = getenv("IK_MONKEY_RSS");
    long n = 0;
    if (v && *v && !ik_parse_int(v, 1, 1000000000, &n))
        fprintf(stderr, "incontro-kiosk: IK_MONKEY_RSS=%s is not a number of events; ignored\n",
                v);
    return n;
}

bool ik_monkey(IkKiosk *k, long events, unsigned long seed)
{
    uint64_t s = seed * 0x9E3779B97F4A7C15ull + 1;
    long every = rss_every();
    static const char *const letters[] = {"a", "e", "o", "s", " ", "ب", "і", "à"};
    for (long e = 0; e < events; e++) {
        refresh(k);
        const int W = k->ui.width, H = k->ui.height;
        int roll = range(&s, 100);
        if (roll < 50 && k->ui.hit_count > 0) {
            const IkHit *h = &k->ui.hits[range(&s, (int)k->ui.hit_count)];
            /* Leaving through the operator menu would end the run early. */
            if (strcmp(h->id, "operator:exit") != 0)
                ik_harness_tap(k, h->rect.x + range(&s, h->rect.w), h->rect.y + range(&s, h->rect.h));
        } else if (roll < 62) {
            ik_harness_tap(k, range(&s, W), range(&s, H));
        } else if (roll < 80) {
            ik_harness_swipe(k, range(&s, W), range(&s, H), range(&s, W), range(&s, H),
                             30 + range(&s, 600));
        } else if (roll < 88) {
            ik_kiosk_text(k, letters[range(&s, 8)]);
        } else if (roll < 92) {
            int x = range(&s, 3) == 0 ? 10 : range(&s, W), y = x == 10 ? 10 : range(&s, H);
            ik_kiosk_pointer_down(k, x, y);
            ik_harness_advance(k, IK_LONG_PRESS_MS + 100);
            ik_kiosk_pointer_up(k, x, y);
        } else {
            /* Idle gaps, sometimes past the reset: the clock runs fast here. */
            uint64_t gap = (uint64_t)range(&s, k->config.idle_seconds * 1300 + 1);
            bool expect_reset = gap >= (uint64_t)k->config.idle_seconds * 1000 + 100 &&
                                k->config.idle_seconds > 0;
            ik_harness_advance(k, gap);
            if (expect_reset && ik_kiosk_scene(k) != IK_SCENE_ATTRACT)
                return ik_fail("monkey event %ld: idle for %llu ms left scene %s showing", e,
                               (unsigned long long)gap, ik_scene_name(ik_kiosk_scene(k)));
        }
        k->quit = false;
        k->reload = false;
        IK_ASSERT(k->s.stack.count >= 1 && k->s.stack.count <= IK_STACK_MAX);
        IK_ASSERT(ik_kiosk_scene(k) < IK_SCENE_COUNT);
        IK_ASSERT(strlen(k->s.query) < IK_QUERY_MAX);
        if (every && (e + 1) % every == 0)
            fprintf(stderr, "monkey: %ld events, VmRSS %ld kB, VmHWM %ld kB\n", e + 1,
                    ik_mem_status_kb("VmRSS:"), ik_mem_status_kb("VmHWM:"));
    }
    refresh(k);
    return true;
}
