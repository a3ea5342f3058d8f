/* Reading aloud in the kiosk: the listen button where a voice exists (and
 * nowhere else), the sentence heard marked where the scene draws it, and
 * reading that stops on a touch elsewhere, a scene change, quick exit and
 * idle reset. Real pack, real espeak-ng, SDL audio through the dummy driver. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "incontro/core.h"
#include "incontro/scenes.h"

static IkFonts *fonts;
static IkLayoutCache *layouts;
static IkContent *content;
static IkVoice *voice;

static int setup(void **state)
{
    (void)state;
    fonts = ik_fonts_create(NULL);
    layouts = fonts ? ik_layout_cache_create(fonts, IK_LAYOUT_CACHE_BYTES) : NULL;
    content = ik_content_open(getenv("IK_PACK"));
    voice = ik_voice_create();
    if (!layouts || !content || !voice)
        fprintf(stderr, "setup: %s\n", ik_error());
    return layouts && content && voice ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ik_voice_destroy(voice);
    ik_content_close(content);
    ik_layout_cache_destroy(layouts);
    ik_fonts_destroy(fonts);
    return 0;
}

static void open_scene(IkKiosk *k, const char *lang, IkSceneId scene)
{
    assert_true(ik_kiosk_set_lang(k, lang));
    ik_stack_reset(&k->s.stack, IK_SCENE_HOME);
    if (scene == IK_SCENE_TOPIC) {
        size_t n = 0;
        IkTopic *t = ik_content_topics(content, lang, &n);
        assert_true(n > 0);
        snprintf(k->s.topic_id, sizeof k->s.topic_id, "%s", t[0].id);
        ik_topics_free(t, n);
        ik_kiosk_go(k, IK_SCENE_TOPICS);
    } else if (scene == IK_SCENE_SERVICE) {
        snprintf(k->s.service_id, sizeof k->s.service_id, "svc-pfp-psy-1");
        ik_kiosk_go(k, IK_SCENE_DIRECTORY);
    }
    ik_kiosk_go(k, scene);
    ik_kiosk_draw(k);
}

static void tap_at(IkKiosk *k, int x, int y)
{
    ik_kiosk_pointer_down(k, x, y);
    ik_kiosk_tick(k, k->now + 40);
    ik_kiosk_pointer_up(k, x, y);
    ik_kiosk_draw(k);
}

static void tap(IkKiosk *k, const char *id)
{
    ik_kiosk_draw(k);
    const IkHit *h = ik_ui_find(&k->ui, id);
    if (!h)
        fail_msg("no %s on %s in %s", id, ik_scene_name(ik_kiosk_scene(k)), k->s.lang);
    tap_at(k, h->rect.x + h->rect.w / 2, h->rect.y + h->rect.h / 2);
}

/* Waits (real time: the audio plays in real time) for a sentence to be heard. */
static void wait_heard(IkKiosk *k)
{
    for (int i = 0; i < 400 && k->heard < 0; i++) {
        SDL_Delay(10);
        ik_kiosk_tick(k, k->now + 10);
    }
    assert_true(k->heard >= 0);
}

/* The button shows where espeak-ng has a voice for the language, never
 * elsewhere (ps, ti, so have none: no other language's voice reads them). */
static void button_only_where_a_voice_exists(void **state)
{
    (void)state;
    IkKiosk k;
    ik_kiosk_init(&k, content, layouts, NULL, NULL, 1000);
    k.voice = voice;
    static const IkSceneId scenes[] = {IK_SCENE_TOPIC, IK_SCENE_SERVICE, IK_SCENE_HELP};
    for (size_t l = 0; l < ik_content_language_count(content); l++) {
        const char *lang = ik_content_language(content, l)->code;
        bool voiced = strcmp(lang, "ps") && strcmp(lang, "ti") && strcmp(lang, "so");
        for (size_t s = 0; s < sizeof scenes / sizeof *scenes; s++) {
            open_scene(&k, lang, scenes[s]);
            if ((ik_ui_find(&k.ui, "listen") != NULL) != voiced)
                fail_msg("%s %s: listen button %s", lang, ik_scene_name(scenes[s]),
                         voiced ? "missing" : "shown without a voice");
        }
    }
    /* not on the other scenes */
    open_scene(&k, "it", IK_SCENE_HOME);
    assert_null(ik_ui_find(&k.ui, "listen"));
    ik_kiosk_release(&k);
}

static void reads_marks_and_stops(void **state)
{
    (void)state;
    IkKiosk k;
    ik_kiosk_init(&k, content, layouts, NULL, NULL, 1000);
    k.voice = voice;
    open_scene(&k, "it", IK_SCENE_TOPIC);
    tap(&k, "listen");
    assert_true(ik_kiosk_listening(&k));
    wait_heard(&k);
    /* the sentence heard comes from a block of the page and is marked there */
    const IkSpoken *s = &k.spoken[k.heard];
    bool found = false;
    for (size_t i = 0; i < k.block_count; i++)
        found |= strcmp(k.blocks[i].text, s->text) == 0;
    assert_true(found);
    IkTextStyle st = ik_kiosk_heard(&k, s->text, ik_ui_style(&k.ui, IK_TEXT_BODY));
    assert_true(st.mark_to > st.mark_from);
    st = ik_kiosk_heard(&k, "another text", ik_ui_style(&k.ui, IK_TEXT_BODY));
    assert_true(st.mark_to == st.mark_from);
    /* the button now stops it */
    tap(&k, "listen");
    assert_false(ik_kiosk_listening(&k));
    assert_int_equal(ik_voice_current(voice), -1);
    /* a touch elsewhere stops it */
    tap(&k, "listen");
    assert_true(ik_kiosk_listening(&k));
    tap_at(&k, 5, k.ui.height - 5);
    assert_false(ik_kiosk_listening(&k));
    /* leaving the scene stops it */
    tap(&k, "listen");
    k.s.stack.count--;          /* back, as the bar's button would */
    ik_kiosk_draw(&k);
    assert_false(ik_kiosk_listening(&k));
    /* quick exit and idle reset stop it */
    open_scene(&k, "ar", IK_SCENE_HELP);
    tap(&k, "listen");
    assert_true(ik_kiosk_listening(&k));
    ik_kiosk_quick_exit(&k);
    assert_false(ik_kiosk_listening(&k));
    assert_int_equal(ik_voice_current(voice), -1);
    open_scene(&k, "zh-Hans", IK_SCENE_SERVICE);
    tap(&k, "listen");
    wait_heard(&k);
    ik_kiosk_tick(&k, k.now + 200000);
    assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_ATTRACT);
    assert_false(ik_kiosk_listening(&k));
    assert_int_equal(ik_voice_current(voice), -1);
    ik_kiosk_release(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(button_only_where_a_voice_exists),
        cmocka_unit_test(reads_marks_and_stops),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
