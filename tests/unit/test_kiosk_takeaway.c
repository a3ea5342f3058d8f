/* Discretion. The take-away reveals nothing: every service card of the repository's
 * pack is drawn as the kiosk draws it (offscreen, software renderer), written
 * as a PNG screenshot, read back and its QR code decoded with zbar. The
 * payload must be exactly the neutral contact and its phone numbers, and hold
 * no word that tells what kind of help was sought: none of a list of
 * revealing words in all 15 languages, and no word of the service's own name,
 * description or categories, in any language (an organisation's neutral
 * short name may be the contact's name; a revealing one is caught by the
 * list). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <SDL_image.h>
#include <cmocka.h>
#include <zbar.h>

#include "incontro/core.h"
#include "incontro/scenes.h"

/* The words that would tell a watcher what the reader looked for, in all
 * 15 languages (tests/readers/revealing_words.txt: LANG, danger|topic,
 * WORD), folded as the payloads are. */
typedef struct {
    char lang[16], kind[8], word[64];
} Word;
static Word *words;
static size_t word_count;

static void fold(char *s);

static bool load_words(void)
{
    char *text = ik_file_read(IK_SOURCE_DIR "/tests/readers/revealing_words.txt", NULL);
    if (!text)
        return false;
    for (char *save = NULL, *line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        Word w;
        if (line[0] == '#' || sscanf(line, "%15[^\t]\t%7[^\t]\t%63[^\n]", w.lang, w.kind, w.word) != 3)
            continue;
        fold(w.word);
        words = ik_xrealloc(words, word_count + 1, sizeof *words);
        words[word_count++] = w;
    }
    free(text);
    return word_count > 200;
}

/* The first listed word of kind (NULL: any) that folded text holds, or NULL. */
static const Word *revealing(const char *folded, const char *kind)
{
    for (size_t i = 0; i < word_count; i++)
        if ((!kind || strcmp(words[i].kind, kind) == 0) && strstr(folded, words[i].word))
            return &words[i];
    /* a web address or an e-mail names the service */
    static const Word address = {"any", "topic", "http/www/@"};
    return strstr(folded, "http") || strstr(folded, "www.") || strchr(folded, '@') ? &address
                                                                                  : NULL;
}

static IkFonts *fonts;
static IkGfx *gfx;
static IkLayoutCache *layouts;
static IkContent *content;
static zbar_image_scanner_t *scanner;
static char dir[64];

static int setup(void **state)
{
    (void)state;
    SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || !(IMG_Init(IMG_INIT_PNG) & IMG_INIT_PNG))
        return -1;
    fonts = ik_fonts_create(NULL);
    IkGfxOptions o = {0, 0, true, true};
    gfx = fonts ? ik_gfx_create(&o, fonts) : NULL;
    layouts = fonts ? ik_layout_cache_create(fonts, IK_LAYOUT_CACHE_BYTES) : NULL;
    content = ik_content_open(getenv("IK_PACK"));
    if (!gfx || !content) {
        fprintf(stderr, "setup: %s\n", ik_error());
        return -1;
    }
    scanner = zbar_image_scanner_create();
    zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    snprintf(dir, sizeof dir, "/tmp/ik_takeaway_XXXXXX");
    if (!load_words()) {
        fprintf(stderr, "setup: the word list: %s\n", ik_error());
        return -1;
    }
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    int rc = system(cmd);
    zbar_image_scanner_destroy(scanner);
    free(words);
    ik_content_close(content);
    ik_gfx_destroy(gfx);
    ik_layout_cache_destroy(layouts);
    ik_fonts_destroy(fonts);
    IMG_Quit();
    SDL_Quit();
    return rc == 0 ? 0 : -1;
}

/* Decodes the one QR code in a PNG; malloc'd payload, or NULL. */
static char *decode_png(const char *path)
{
    SDL_Surface *png = IMG_Load(path);
    if (!png)
        return NULL;
    SDL_Surface *rgb = SDL_ConvertSurfaceFormat(png, SDL_PIXELFORMAT_RGB24, 0);
    SDL_FreeSurface(png);
    if (!rgb)
        return NULL;
    int w = rgb->w, h = rgb->h;
    unsigned char *gray = malloc((size_t)w * (size_t)h);
    for (int y = 0; y < h; y++) {
        const unsigned char *row = (const unsigned char *)rgb->pixels + (size_t)y * (size_t)rgb->pitch;
        for (int x = 0; x < w; x++)
            gray[(size_t)y * (size_t)w + (size_t)x] =
                (unsigned char)((row[3 * x] * 299 + row[3 * x + 1] * 587 + row[3 * x + 2] * 114) / 1000);
    }
    SDL_FreeSurface(rgb);
    zbar_image_t *img = zbar_image_create();
    zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(img, (unsigned)w, (unsigned)h);
    zbar_image_set_data(img, gray, (unsigned long)w * (unsigned long)h, zbar_image_free_data);
    char *out = NULL;
    if (zbar_scan_image(scanner, img) == 1) {
        const zbar_symbol_t *s = zbar_image_first_symbol(img);
        out = ik_xstrdup(zbar_symbol_get_data(s));
    }
    zbar_image_destroy(img);
    return out;
}

/* Lower-cases ASCII and the Latin-1, Latin Extended-A and Cyrillic capitals
 * that the revealing words use, in place. */
static void fold(char *s)
{
    size_t n = strlen(s);
    IkBuf b = {0};
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = ik_utf8_decode(s + i, n - i, &cp);
        if (!len) {
            cp = '?';
            len = 1;
        }
        if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
            (cp >= 0x410 && cp <= 0x42F))
            cp += 32;
        else if (cp >= 0x400 && cp <= 0x40F)
            cp += 80;
        else if (cp >= 0x100 && cp <= 0x17F && cp % 2 == 0 && cp != 0x130)
            cp += 1;
        char u[4];
        ik_buf_append(&b, u, ik_utf8_encode(cp, u));
        i += len;
    }
    memcpy(s, b.data ? b.data : "", b.len + 1);
    ik_buf_free(&b);
}

static const char *const seps = " ,.;:()!?\"'/-";

/* True when the folded payload has word w as one of its own words. */
static bool has_word(const char *payload, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = strstr(payload, w); p; p = strstr(p + 1, w)) {
        bool start = p == payload || strchr(seps, p[-1]) != NULL;
        bool end = p[n] == '\0' || strchr(seps, p[n]) != NULL;
        if (start && end)
            return true;
    }
    return false;
}

/* Fails when the payload (folded) has a word of text of 4 letters or more. */
static void check_words_of(const char *payload, const char *text, const char *what,
                           const char *where)
{
    if (!text)
        return;
    char *copy = ik_xstrdup(text);
    fold(copy);
    for (char *save = NULL, *w = strtok_r(copy, seps, &save); w; w = strtok_r(NULL, seps, &save)) {
        if (ik_utf8_length(w, strlen(w)) < 4 || strspn(w, "0123456789") == strlen(w) ||
            strcmp(w, "demo") == 0)
            continue;
        if (has_word(payload, w))
            fail_msg("%s: the QR payload '%s' holds '%s' from the %s", where, payload, w, what);
    }
    free(copy);
}

static void check_service(IkKiosk *k, const char *lang, const char *id)
{
    char where[160];
    snprintf(where, sizeof where, "%s %s", lang, id);
    assert_true(ik_kiosk_set_lang(k, lang));
    ik_stack_reset(&k->s.stack, IK_SCENE_HOME);
    ik_stack_push(&k->s.stack, IK_SCENE_DIRECTORY);
    snprintf(k->s.service_id, sizeof k->s.service_id, "%s", id);
    ik_stack_push(&k->s.stack, IK_SCENE_SERVICE);
    k->s.scroll[IK_SCENE_SERVICE] = 0;
    char *png = ik_xasprintf("%s/%s-%s.png", dir, lang, id), *payload = NULL;
    /* Where the card does not fit beside the facts the code follows them:
     * scrolled down half a view at a time, as a reader would. */
    for (bool end = false; !payload && !end;) {
        ik_kiosk_draw(k);
        ik_kiosk_draw(k);       /* a scroll offset clamped on the first frame */
        assert_true(ik_gfx_save_png(gfx, png));
        payload = decode_png(png);
        const IkScrollView *v = k->ui.scroll_count ? &k->ui.scrolls[0] : NULL;
        end = !v || *v->offset >= v->max;
        if (v)
            *v->offset += v->rect.h / 2.0f;
    }
    unlink(png);
    free(png);
    IkService *sv = ik_content_service(content, lang, id);
    assert_non_null(sv);
    char *want = ik_service_takeaway(sv, ik_content_ui(content, lang, "service.qr_contact"));
    if (!payload || !want || strcmp(payload, want) != 0)
        fail_msg("%s: decoded '%s', the card means '%s'", where, payload ? payload : "(nothing)",
                 want ? want : "(no take-away)");
    fold(payload);
    const Word *w = revealing(payload, NULL);
    if (w)
        fail_msg("%s: the QR payload '%s' holds the revealing '%s' (%s)", where, payload, w->word,
                 w->lang);
    /* The service's own words, in every language. */
    for (size_t l = 0; l < ik_content_language_count(content); l++) {
        const char *code = ik_content_language(content, l)->code;
        IkService *o = ik_content_service(content, code, id);
        assert_non_null(o);
        check_words_of(payload, o->name, "service's name", where);
        check_words_of(payload, o->description, "description", where);
        for (size_t c = 0; c < o->category_count; c++) {
            char key[128];
            snprintf(key, sizeof key, "term:%s:name", o->categories[c]);
            check_words_of(payload, ik_content_text(content, code, key), "category", where);
        }
        ik_service_free(o);
    }
    ik_service_free(sv);
    free(want);
    free(payload);
}

static bool sensitive(const IkService *sv)
{
    bool yes = false;
    for (size_t i = 0; i < sv->category_count; i++)
        yes |= strcmp(sv->categories[i], "psychological-support") == 0 ||
               strcmp(sv->categories[i], "parenting-support") == 0;
    return yes;
}

/* Every service in Italian; in every other language a psychological or
 * parenting service with a contact name of its own in the data and one
 * with the default name (which each language translates). */
static void qr_payload_reveals_nothing(void **state)
{
    (void)state;
    IkKiosk *k = ik_xcalloc(1, sizeof *k);
    ik_kiosk_init(k, content, layouts, gfx, NULL, 0);
    k->frozen = true;
    size_t n = 0, checked = 0;
    IkSearchFilter f = {.age = -1};
    IkSearchResult *r = ik_content_search(content, IK_SOURCE_LANG, "", &f, &n);
    assert_non_null(r);
    assert_true(n >= 10);
    const char *own = NULL, *fallback = NULL;
    for (size_t i = 0; i < n; i++) {
        check_service(k, IK_SOURCE_LANG, r[i].id);
        checked++;
        IkService *sv = ik_content_service(content, IK_SOURCE_LANG, r[i].id);
        if (sensitive(sv) && sv->contact && !own)
            own = r[i].id;
        if (sensitive(sv) && !sv->contact && !fallback)
            fallback = r[i].id;
        ik_service_free(sv);
    }
    assert_non_null(own);
    assert_non_null(fallback);
    for (size_t l = 1; l < ik_content_language_count(content); l++) {
        check_service(k, ik_content_language(content, l)->code, own);
        check_service(k, ik_content_language(content, l)->code, fallback);
        checked += 2;
    }
    ik_search_results_free(r, n);
    assert_true(checked >= n + 28);
    ik_kiosk_release(k);
    free(k);
}

/* The attract loop (every language, large type) and the neutral screen
 * show no word that would put a watched reader at risk for standing there. */
static void attract_and_neutral_say_nothing(void **state)
{
    (void)state;
    IkKiosk *k = ik_xcalloc(1, sizeof *k);
    ik_kiosk_init(k, content, layouts, gfx, NULL, 0);
    k->frozen = true;
    static const IkSceneId scenes[] = {IK_SCENE_ATTRACT, IK_SCENE_NEUTRAL};
    size_t texts = 0;
    for (size_t l = 0; l < ik_content_language_count(content); l++) {
        const char *lang = ik_content_language(content, l)->code;
        for (size_t s = 0; s < 2; s++) {
            ik_kiosk_reset(k);
            assert_true(ik_kiosk_set_lang(k, lang));
            ik_stack_reset(&k->s.stack, scenes[s]);
            ik_kiosk_draw(k);
            for (size_t i = 0; i < k->ui.item_count; i++) {
                const char *t = ik_ui_item_text(&k->ui, &k->ui.items[i]);
                if (!t)
                    continue;
                char *f = ik_xstrdup(t);
                fold(f);
                const Word *w = revealing(f, "danger");
                if (w)
                    fail_msg("%s %s shows '%s': '%s' (%s)", lang, ik_scene_name(scenes[s]), t,
                             w->word, w->lang);
                free(f);
                texts++;
            }
        }
    }
    assert_true(texts >= 4 * ik_content_language_count(content));
    ik_kiosk_release(k);
    free(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(qr_payload_reveals_nothing),
        cmocka_unit_test(attract_and_neutral_say_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
