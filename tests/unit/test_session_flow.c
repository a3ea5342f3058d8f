/* scenes: the scene stack, session reset on quick exit and idle, the hidden
 * operator gesture, and the safety of strings that come from data. Runs
 * without a window; with the repository's pack (IK_PACK) it also walks every
 * scene in every language. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "incontro/core.h"
#include "incontro/pack.h"
#include "incontro/scenes.h"
#include "incontro/kiosk.h"
#include "text_fixture.h"
#include "data_fixture.h"

void ik_scene_format(char *out, size_t size, const char *fmt, int a, int b);
bool ik_scene_language_current(const IkKiosk *kiosk, const char *code);
const char *ik_scene_list_sep(const char *lang);

static void stack_push_pop_unwind(void **state)
{
    (void)state;
    IkSceneStack s;
    ik_stack_reset(&s, IK_SCENE_ATTRACT);
    assert_false(ik_stack_pop(&s));                 /* the root stays */
    assert_int_equal(ik_stack_top(&s), IK_SCENE_ATTRACT);
    ik_stack_push(&s, IK_SCENE_HOME);
    ik_stack_push(&s, IK_SCENE_DIRECTORY);
    ik_stack_push(&s, IK_SCENE_DIRECTORY);          /* no duplicate on top */
    assert_int_equal(s.count, 3);
    ik_stack_push(&s, IK_SCENE_SERVICE);
    ik_stack_push(&s, IK_SCENE_HELP);
    ik_stack_unwind(&s, IK_SCENE_HOME);
    assert_int_equal(s.count, 2);
    assert_int_equal(ik_stack_top(&s), IK_SCENE_HOME);
    ik_stack_unwind(&s, IK_SCENE_TOPICS);           /* absent: pushed */
    assert_int_equal(ik_stack_top(&s), IK_SCENE_TOPICS);
    for (int i = 0; i < 100; i++)                   /* overflow keeps the root */
        ik_stack_push(&s, i % 2 ? IK_SCENE_HELP : IK_SCENE_HOME);
    assert_int_equal(s.count, IK_STACK_MAX);
    assert_int_equal(s.items[0], IK_SCENE_ATTRACT);
    IkSceneId id;
    for (int i = 0; i < IK_SCENE_COUNT; i++) {
        assert_true(ik_scene_from_name(ik_scene_name((IkSceneId)i), &id));
        assert_int_equal(id, i);
    }
    assert_false(ik_scene_from_name("lobby", &id));
}

static void fill(IkKiosk *k)
{
    ik_kiosk_set_lang(k, "ar");
    snprintf(k->s.query, sizeof k->s.query, "psicologo");
    snprintf(k->s.area, sizeof k->s.area, "area-aretina");
    snprintf(k->s.service_id, sizeof k->s.service_id, "svc-1");
    k->s.large_text = k->s.contrast = k->s.open_now = k->s.keyboard_open = true;
    k->s.scroll[IK_SCENE_TOPIC] = 420;
    ik_kiosk_go(k, IK_SCENE_HOME);
    ik_kiosk_go(k, IK_SCENE_DIRECTORY);
}

static void assert_forgotten(const IkKiosk *k)
{
    assert_string_equal(k->s.lang, "it");
    assert_string_equal(k->s.query, "");
    assert_string_equal(k->s.area, "");
    assert_string_equal(k->s.service_id, "");
    assert_false(k->s.large_text || k->s.contrast || k->s.open_now || k->s.keyboard_open);
    assert_true(k->s.scroll[IK_SCENE_TOPIC] == 0);
    assert_int_equal(k->s.stack.count, 1);
}

static void quick_exit_forgets_the_session(void **state)
{
    (void)state;
    IkKiosk k;
    ik_kiosk_init(&k, NULL, layouts, NULL, NULL, 0);
    fill(&k);
    assert_true(ik_kiosk_press(&k, "quick-exit"));
    assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_NEUTRAL);
    assert_forgotten(&k);
    /* Touching the neutral screen starts afresh, not where the reader was. */
    assert_true(ik_kiosk_press(&k, "start"));
    assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_ATTRACT);
    ik_kiosk_release(&k);
}

static void idle_reset_returns_to_attract(void **state)
{
    (void)state;
    IkConfig c;
    ik_config_defaults(&c);
    c.idle_seconds = 90;
    IkKiosk k;
    ik_kiosk_init(&k, NULL, layouts, NULL, &c, 1000);
    ik_kiosk_tick(&k, 500000);                      /* attract: nothing to reset */
    assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_ATTRACT);
    ik_kiosk_draw(&k);
    ik_kiosk_pointer_down(&k, 960, 540);            /* a real tap on attract */
    ik_kiosk_tick(&k, 500050);
    ik_kiosk_pointer_up(&k, 960, 540);
    assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_LANGUAGE);
    fill(&k);
    int wait = ik_kiosk_tick(&k, 500050 + 60000);
    assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_DIRECTORY);
    assert_true(wait > 0 && wait <= 30000);         /* wakes for the warning */
    ik_kiosk_tick(&k, 500050 + 89000);
    assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_DIRECTORY);
    ik_kiosk_tick(&k, 500050 + 90000);
    assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_ATTRACT);
    assert_forgotten(&k);
    ik_kiosk_release(&k);
}

/* Esc, or Shift three times within five seconds, is a quick exit on every
 * scene; Shift presses too far apart or broken by another key are not. */
static void keys_quick_exit(void **state)
{
    (void)state;
    IkKiosk k;
    ik_kiosk_init(&k, NULL, layouts, NULL, NULL, 1000);
    fill(&k);
    ik_kiosk_key(&k, IK_KEY_ESCAPE);
    assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_NEUTRAL);
    assert_forgotten(&k);

    fill(&k);
    ik_kiosk_key(&k, IK_KEY_SHIFT);
    k.now += 2000;
    ik_kiosk_key(&k, IK_KEY_SHIFT);
    k.now += 4000;                          /* 6 s after the first */
    ik_kiosk_key(&k, IK_KEY_SHIFT);
    assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_DIRECTORY);
    ik_kiosk_key(&k, IK_KEY_OTHER);         /* breaks the run */
    ik_kiosk_key(&k, IK_KEY_SHIFT);
    ik_kiosk_key(&k, IK_KEY_SHIFT);
    assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_DIRECTORY);
    k.now += 1000;
    ik_kiosk_key(&k, IK_KEY_SHIFT);         /* three within 5 s */
    assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_NEUTRAL);
    assert_forgotten(&k);

    /* Also from the help screen and the topic reader. */
    static const IkSceneId scenes[] = {IK_SCENE_HELP, IK_SCENE_TOPIC, IK_SCENE_SERVICE,
                                       IK_SCENE_LANGUAGE, IK_SCENE_OPERATOR};
    for (size_t i = 0; i < sizeof scenes / sizeof *scenes; i++) {
        fill(&k);
        ik_kiosk_go(&k, scenes[i]);
        for (int j = 0; j < 3; j++)
            ik_kiosk_key(&k, IK_KEY_SHIFT);
        assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_NEUTRAL);
    }
    ik_kiosk_release(&k);
}

/* Once on the neutral screen nothing leads back: no key, no back, home or
 * help (Escape there used to open Home, with its help doors); a plain touch
 * starts a new session. */
static void neutral_screen_holds(void **state)
{
    (void)state;
    IkKiosk k;
    ik_kiosk_init(&k, NULL, layouts, NULL, NULL, 1000);
    fill(&k);
    ik_kiosk_quick_exit(&k);
    static const IkKey keys[] = {IK_KEY_ESCAPE, IK_KEY_BACKSPACE, IK_KEY_OTHER, IK_KEY_SHIFT,
                                 IK_KEY_SHIFT, IK_KEY_SHIFT};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        ik_kiosk_key(&k, keys[i]);
    static const char *const ids[] = {"back", "home", "help", "text-size", "contrast",
                                      "quick-exit", "door:help", "key:a", "idle-continue"};
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++)
        assert_false(ik_kiosk_press(&k, ids[i]));
    assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_NEUTRAL);
    assert_int_equal(k.s.stack.count, 1);
    assert_false(k.s.large_text || k.s.contrast);
    ik_kiosk_draw(&k);
    assert_null(ik_ui_find(&k.ui, "back"));
    assert_null(ik_ui_find(&k.ui, "help"));
    assert_true(ik_kiosk_press(&k, "start"));
    assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_ATTRACT);
    ik_kiosk_release(&k);
}

/* Before an idle reset a countdown offers to continue: a touch anywhere
 * keeps the session (and presses nothing under the countdown); quick exit
 * stays reachable; untouched, the session is forgotten. */
static void idle_countdown_offers_continue(void **state)
{
    (void)state;
    IkConfig c;
    ik_config_defaults(&c);
    c.idle_seconds = 90;
    c.idle_countdown = 15;
    IkKiosk k;
    ik_kiosk_init(&k, NULL, layouts, NULL, &c, 1000);
    fill(&k);
    k.s.keyboard_open = false;
    ik_kiosk_draw(&k);
    const IkHit *clear = ik_ui_find(&k.ui, "search-clear");
    assert_non_null(clear);
    IkRect under = clear->rect;
    int wait = ik_kiosk_tick(&k, 1000 + 60000);
    assert_true(wait > 0 && wait <= 15000);      /* sleeps until the countdown */
    assert_null(ik_ui_find(&k.ui, "idle-continue"));
    ik_kiosk_tick(&k, 1000 + 76000);
    assert_true(k.dirty);
    ik_kiosk_draw(&k);
    assert_non_null(ik_ui_find(&k.ui, "idle-continue"));
    assert_int_equal(k.countdown_shown, 14);
    wait = ik_kiosk_tick(&k, 1000 + 76000);
    assert_true(wait > 0 && wait <= 1000);       /* wakes for each second shown */
    ik_kiosk_tick(&k, 1000 + 77000);
    assert_true(k.dirty);
    /* the clear button lies under the countdown: a touch there continues */
    ik_kiosk_draw(&k);
    const IkHit *top = ik_ui_hit_at(&k.ui, under.x + under.w / 2, under.y + under.h / 2);
    assert_non_null(top);
    assert_string_equal(top->id, "idle-continue");
    const IkHit *exit = ik_ui_find(&k.ui, "quick-exit");
    assert_non_null(exit);
    top = ik_ui_hit_at(&k.ui, exit->rect.x + exit->rect.w / 2, exit->rect.y + exit->rect.h / 2);
    assert_string_equal(top->id, "quick-exit");
    ik_kiosk_pointer_down(&k, under.x + under.w / 2, under.y + under.h / 2);
    ik_kiosk_tick(&k, k.now + 40);
    ik_kiosk_pointer_up(&k, under.x + under.w / 2, under.y + under.h / 2);
    assert_string_equal(k.s.query, "psicologo");     /* not cleared */
    ik_kiosk_draw(&k);
    assert_null(ik_ui_find(&k.ui, "idle-continue"));
    /* untouched to the end: forgotten */
    ik_kiosk_tick(&k, k.now + 89000);
    assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_DIRECTORY);
    ik_kiosk_tick(&k, k.now + 1001);
    assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_ATTRACT);
    assert_forgotten(&k);
    ik_kiosk_release(&k);
}

/* No two pressable widgets overlap (a finger would not know which it
 * presses), apart from the full-screen "start" of attract and neutral. */
static void assert_no_overlap(const IkKiosk *k)
{
    const IkUi *ui = &k->ui;
    for (size_t i = 0; i < ui->hit_count; i++)
        for (size_t j = i + 1; j < ui->hit_count; j++) {
            IkRect a = ui->hits[i].rect, b = ui->hits[j].rect;
            bool apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y ||
                         b.y + b.h <= a.y;
            if (!apart)
                fail_msg("%s: '%s' overlaps '%s' (lang %s)", ik_scene_name(ik_kiosk_scene(k)),
                         ui->hits[i].id, ui->hits[j].id, k->s.lang);
        }
}

static void tap_through(IkKiosk *k, const char *id)
{
    const IkHit *h = ik_harness_reveal(k, id);
    if (!h)
        fail_msg("no widget %s on %s", id, ik_scene_name(ik_kiosk_scene(k)));
    if (ik_kiosk_scene(k) != IK_SCENE_ATTRACT && ik_kiosk_scene(k) != IK_SCENE_NEUTRAL)
        assert_no_overlap(k);
    int x = h->rect.x + h->rect.w / 2, y = h->rect.y + h->rect.h / 2;
    ik_kiosk_pointer_down(k, x, y);
    ik_kiosk_tick(k, k->now + 40);
    ik_kiosk_pointer_up(k, x, y);
}

/* After an idle reset no language is the reader's yet: the picker highlights
 * none (it used to highlight Italian, the fallback). */
static void picker_highlights_only_a_chosen_language(void **state)
{
    (void)state;
    IkKiosk k;
    ik_kiosk_init(&k, NULL, layouts, NULL, NULL, 1000);
    assert_false(ik_scene_language_current(&k, "it"));
    ik_kiosk_set_lang(&k, "en");
    assert_true(ik_scene_language_current(&k, "en"));
    assert_false(ik_scene_language_current(&k, "it"));
    ik_kiosk_reset(&k);
    assert_false(ik_scene_language_current(&k, "it"));
    assert_false(ik_scene_language_current(&k, "en"));
    ik_kiosk_set_lang(&k, "uk");
    ik_kiosk_quick_exit(&k);
    assert_false(ik_scene_language_current(&k, "uk"));
    ik_kiosk_release(&k);
}

/* Lists joined in code (hours, languages) use the Arabic comma in languages
 * written in the Arabic script. */
static void lists_use_the_arabic_comma_in_arabic_script(void **state)
{
    (void)state;
    const char *arabic[] = {"ar", "fa-AF", "fa", "ps", "ur"};
    for (size_t i = 0; i < sizeof arabic / sizeof *arabic; i++)
        assert_string_equal(ik_scene_list_sep(arabic[i]), "\xD8\x8C ");
    const char *others[] = {"it", "en", "uk", "bn", "ti", "zh-Hans", "so", "he", "pt"};
    for (size_t i = 0; i < sizeof others / sizeof *others; i++)
        assert_string_equal(ik_scene_list_sep(others[i]), ", ");
}

static void operator_needs_corner_long_press_and_pin(void **state)
{
    (void)state;
    IkConfig c;
    ik_config_defaults(&c);
    IkKiosk k;
    ik_kiosk_init(&k, NULL, layouts, NULL, &c, 0);
    ik_kiosk_draw(&k);
    ik_kiosk_pointer_down(&k, 20, 20);
    ik_kiosk_tick(&k, 2000);
    ik_kiosk_pointer_up(&k, 20, 20);
    assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_ATTRACT);   /* no PIN: no menu */

    assert_true(ik_pack_pin_hash("2468", k.config.operator_pin_hash));
    ik_kiosk_pointer_down(&k, 900, 500);                       /* not the corner */
    ik_kiosk_tick(&k, 4000);
    ik_kiosk_pointer_up(&k, 900, 500);
    assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_ATTRACT);
    ik_kiosk_pointer_down(&k, 20, 20);
    ik_kiosk_tick(&k, 6000);
    ik_kiosk_pointer_up(&k, 20, 20);
    assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_OPERATOR);
    const char *wrong[] = {"pin:1", "pin:2", "pin:3", "pin:4", "pin:ok"};
    for (int i = 0; i < 5; i++)
        tap_through(&k, wrong[i]);
    assert_true(k.s.pin_wrong);
    assert_false(k.s.operator_open);
    assert_false(ik_kiosk_press(&k, "operator:exit"));        /* locked */
    const char *right[] = {"pin:2", "pin:4", "pin:6", "pin:9", "pin:clear", "pin:8", "pin:ok"};
    for (int i = 0; i < 7; i++)
        tap_through(&k, right[i]);
    assert_true(k.s.operator_open);
    tap_through(&k, "operator:exit");
    assert_true(k.quit);
    ik_kiosk_release(&k);
}

static void type_pin(IkKiosk *k, const char *pin)
{
    char id[16];
    for (const char *p = pin; *p; p++) {
        snprintf(id, sizeof id, "pin:%c", *p);
        tap_through(k, id);
    }
    tap_through(k, "pin:ok");
}

/* Five wrong PINs lock the pad, even for the right PIN, across a quick
 * exit (a new session), until the lock runs out. */
static void operator_locks_after_five_wrong_pins(void **state)
{
    (void)state;
    IkKiosk k;
    ik_kiosk_init(&k, NULL, layouts, NULL, NULL, 0);
    assert_true(ik_pack_pin_hash("2468", k.config.operator_pin_hash));
    ik_kiosk_go(&k, IK_SCENE_OPERATOR);
    for (int i = 0; i < IK_PIN_TRIES - 1; i++)
        type_pin(&k, "1357");
    assert_false(ik_kiosk_pin_locked(&k));
    type_pin(&k, "2468");                       /* right before the fifth: counts anew */
    assert_true(k.s.operator_open);
    ik_kiosk_quick_exit(&k);
    ik_kiosk_go(&k, IK_SCENE_OPERATOR);
    for (int i = 0; i < IK_PIN_TRIES; i++)
        type_pin(&k, "0000");
    assert_true(ik_kiosk_pin_locked(&k));
    ik_kiosk_quick_exit(&k);
    ik_kiosk_go(&k, IK_SCENE_OPERATOR);
    ik_kiosk_draw(&k);
    assert_null(ik_ui_find(&k.ui, "pin:2"));   /* no pad while locked */
    assert_false(ik_kiosk_pin_check(&k, "2468"));
    assert_false(k.s.operator_open);
    ik_kiosk_tick(&k, k.now + IK_PIN_LOCK_MS + 1);
    assert_false(ik_kiosk_pin_locked(&k));
    ik_kiosk_go(&k, IK_SCENE_OPERATOR);
    type_pin(&k, "2468");
    assert_true(k.s.operator_open);
    ik_kiosk_release(&k);
}

static void swipe(IkKiosk *k, int x1, int x2)
{
    ik_kiosk_draw(k);
    ik_kiosk_pointer_down(k, x1, 600);
    for (int i = 1; i <= 5; i++) {
        ik_kiosk_tick(k, k->now + 16);
        ik_kiosk_pointer_move(k, x1 + (x2 - x1) * i / 5, 600);
    }
    ik_kiosk_pointer_up(k, x2, 600);
}

static void swipe_back_follows_reading_direction(void **state)
{
    (void)state;
    IkKiosk k;
    ik_kiosk_init(&k, NULL, layouts, NULL, NULL, 0);
    ik_stack_reset(&k.s.stack, IK_SCENE_LANGUAGE);
    ik_kiosk_go(&k, IK_SCENE_HOME);
    ik_kiosk_go(&k, IK_SCENE_HELP);
    swipe(&k, 1400, 600);                           /* right to left: not back in Italian */
    assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_HELP);
    swipe(&k, 600, 1400);                           /* left to right: back */
    assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_HOME);
    ik_kiosk_set_lang(&k, "ar");
    ik_kiosk_go(&k, IK_SCENE_HELP);
    swipe(&k, 600, 1400);                           /* mirrored in Arabic */
    assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_HELP);
    swipe(&k, 1400, 600);
    assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_HOME);
    ik_kiosk_release(&k);
}

static void data_strings_cannot_inject_formats(void **state)
{
    (void)state;
    char out[64];
    ik_scene_format(out, sizeof out, "%d servizi trovati", 7, 0);
    assert_string_equal(out, "7 servizi trovati");
    ik_scene_format(out, sizeof out, "Dai %d ai %d anni, 100%%", 6, 17);
    assert_string_equal(out, "Dai 6 ai 17 anni, 100%");
    ik_scene_format(out, sizeof out, "%s %n %x %d", 1, 2);   /* a broken translation */
    assert_string_equal(out, "%s %n %x 1");
    ik_scene_format(out, 5, "%d%d%d", 1234, 5678);
    assert_string_equal(out, "1234");
}

/* The take-away names a neutral contact and its numbers, nothing else: not
 * the service, the organisation, the address, the e-mail or the web page. */
static void qr_contact_reveals_nothing(void **state)
{
    (void)state;
    IkPhone phones[2] = {{"055 000 0000", NULL}, {"+39 333 000 0000", "cellulare"}};
    IkService sv;
    memset(&sv, 0, sizeof sv);
    sv.name = "Spazio di ascolto protetto";
    sv.organization = "Centro antiviolenza";
    sv.description = "Per chi subisce violenza";
    sv.address = "Via Finta 1";
    sv.city = "Prato";
    sv.email = "ascolto@example.org";
    sv.url = "https://example.org/antiviolenza";
    sv.phones = phones;
    sv.phone_count = 2;
    char *m = ik_service_takeaway(&sv, "Appuntamento");
    assert_string_equal(m, "MECARD:N:Appuntamento;TEL:055 000 0000;TEL:+39 333 000 0000;;");
    free(m);
    sv.contact = "Studio; Rossi: 2";
    m = ik_service_takeaway(&sv, "Appuntamento");
    assert_string_equal(m, "MECARD:N:Studio\\; Rossi\\: 2;TEL:055 000 0000;TEL:+39 333 000 0000;;");
    free(m);
    sv.phone_count = 0;         /* nothing worth taking away */
    assert_null(ik_service_takeaway(&sv, "Appuntamento"));
}

/* With the real pack: every scene in every language builds its widgets, and
 * the persistent buttons are where the design wants them. */
static void every_scene_in_every_language(void **state)
{
    (void)state;
    IkContent *c = ik_content_open(test_pack_path());
    assert_non_null(c);
    IkKiosk k;
    ik_kiosk_init(&k, c, layouts, NULL, NULL, 0);
    for (size_t i = 0; i < ik_content_language_count(c); i++) {
        const char *lang = ik_content_language(c, i)->code;
        ik_kiosk_reset(&k);
        tap_through(&k, "start");
        tap_through(&k, "quick-exit");
        assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_NEUTRAL);
        ik_kiosk_reset(&k);
        tap_through(&k, "start");
        char id[64];
        snprintf(id, sizeof id, "lang:%s", lang);
        tap_through(&k, id);
        assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_HOME);
        assert_string_equal(k.s.lang, lang);
        ik_kiosk_draw(&k);
        /* The doors sit mirrored in right-to-left languages. */
        const IkHit *learn = ik_ui_find(&k.ui, "door:learn");
        const IkHit *help = ik_ui_find(&k.ui, "door:help");
        assert_non_null(learn);
        assert_non_null(help);
        if (ik_content_language(c, i)->rtl)
            assert_true(learn->rect.x > help->rect.x);
        else
            assert_true(learn->rect.x < help->rect.x);
        tap_through(&k, "door:learn");
        tap_through(&k, "topic:0");
        assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_TOPIC);
        ik_kiosk_draw(&k);  /* scenes load what they show when drawn */
        assert_true(k.block_count > 0);
        tap_through(&k, "home");
        tap_through(&k, "door:directory");
        tap_through(&k, "search");
        tap_through(&k, "key:done");
        tap_through(&k, "category:psychological-support");
        tap_through(&k, "area:area-aretina");
        ik_kiosk_draw(&k);
        assert_true(k.result_count > 0);
        tap_through(&k, "result:0");
        assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_SERVICE);
        ik_kiosk_draw(&k);
        assert_non_null(k.service);
        tap_through(&k, "help");
        assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_HELP);
        ik_kiosk_draw(&k);
        assert_non_null(ik_ui_find(&k.ui, "helpline:112"));
        tap_through(&k, "back");
        assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_SERVICE);
        tap_through(&k, "quick-exit");
        assert_int_equal(ik_kiosk_scene(&k), IK_SCENE_NEUTRAL);
        assert_forgotten(&k);
    }
    ik_kiosk_release(&k);
    ik_content_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stack_push_pop_unwind),
        cmocka_unit_test(quick_exit_forgets_the_session),
        cmocka_unit_test(idle_reset_returns_to_attract),
        cmocka_unit_test(keys_quick_exit),
        cmocka_unit_test(neutral_screen_holds),
        cmocka_unit_test(idle_countdown_offers_continue),
        cmocka_unit_test(picker_highlights_only_a_chosen_language),
        cmocka_unit_test(lists_use_the_arabic_comma_in_arabic_script),
        cmocka_unit_test(operator_needs_corner_long_press_and_pin),
        cmocka_unit_test(operator_locks_after_five_wrong_pins),
        cmocka_unit_test(swipe_back_follows_reading_direction),
        cmocka_unit_test(data_strings_cannot_inject_formats),
        cmocka_unit_test(qr_contact_reveals_nothing),
        cmocka_unit_test(every_scene_in_every_language),
    };
    return cmocka_run_group_tests(tests, text_setup, text_teardown);
}
