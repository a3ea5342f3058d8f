/* voice: espeak-ng synthesis into a buffer (audible, in the reader's
 * language), which languages have a voice (from espeak-ng's list, never a
 * neighbour's voice), and speaking through SDL audio that stops when asked.
 * Runs with SDL_AUDIODRIVER=dummy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <cmocka.h>
#include <math.h>

#include "incontro/core.h"
#include "incontro/voice.h"

static IkVoice *voice;

static int setup(void **state)
{
    (void)state;
    voice = ik_voice_create();
    if (!voice)
        fprintf(stderr, "%s\n", ik_error());
    return voice ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ik_voice_destroy(voice);
    return 0;
}

/* Root mean square of the samples, in full-scale units. */
static double rms(const int16_t *s, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += (double)s[i] * s[i];
    return n ? sqrt(sum / (double)n) / 32768.0 : 0;
}

static void synthesizes_audible_speech(void **state)
{
    (void)state;
    static const struct {
        const char *lang, *text;
    } cases[] = {
        {"it", "Buongiorno. Chiama il centododici."},
        {"ar", "مرحبا. اتصل بالرقم ١١٢."},
        {"zh-Hans", "你好。请打电话。"},
        {"bn", "নমস্কার। আমি সাহায্য চাই।"},
        {"fa-AF", "سلام. کمک لازم دارم."},
        {"uk", "Добрий день."},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int16_t *s = NULL;
        size_t n = 0;
        if (!ik_voice_synthesize(voice, cases[i].lang, cases[i].text, &s, &n))
            fail_msg("%s: %s", cases[i].lang, ik_error());
        double seconds = (double)n / ik_voice_rate(voice);
        /* A short sentence is read in a fraction of a second to a few seconds,
         * and it is not silence. */
        if (seconds < 0.3 || seconds > 15 || rms(s, n) < 0.01)
            fail_msg("%s: %.2f s, rms %.4f", cases[i].lang, seconds, rms(s, n));
        free(s);
    }
    int16_t *s = NULL;
    size_t n = 0;
    assert_false(ik_voice_synthesize(voice, "ti", "ሰላም", &s, &n));
    assert_non_null(strstr(ik_error(), "no espeak-ng voice for 'ti'"));
}

/* Decided from espeak-ng's own voice list, matched as BCP 47 lookup: no
 * Amharic voice for Tigrinya, no Persian voice for Pashto. */
static void voices_follow_espeak_list(void **state)
{
    (void)state;
    static const char *const have[] = {"it", "en", "fr", "es", "sq", "ro", "uk", "ar",
                                       "fa-AF", "ur", "bn", "zh-Hans", "ZH-hans", "fa", "en-GB",
                                       "zh-Hans-CN-x-a-private-use-tag-longer-than-sixty-four-"
                                       "characters-in-all"};
    static const char *const lack[] = {"ps", "ti", "so", "xx", "", "ti-ER", "so-SO", "ps-AF"};
    for (size_t i = 0; i < sizeof have / sizeof *have; i++)
        if (!ik_voice_has(voice, have[i]))
            fail_msg("no voice for %s", have[i]);
    for (size_t i = 0; i < sizeof lack / sizeof *lack; i++)
        if (ik_voice_has(voice, lack[i]))
            fail_msg("a voice for %s", lack[i]);
    assert_false(ik_voice_has(voice, NULL));
    assert_false(ik_voice_has(NULL, "it"));
    /* a second espeak-ng in the same process is refused */
    assert_null(ik_voice_create());
}

static void speaks_and_stops_when_asked(void **state)
{
    (void)state;
    IkUtterance items[] = {
        {"it", "Questa è la prima frase, abbastanza lunga da durare qualche secondo intero."},
        {"ti", "ሰላም።"},     /* no voice: skipped, never heard */
        {"it", "Questa è la seconda frase."},
        {"it", "E questa la terza, l'ultima della pagina."},
    };
    assert_int_equal(ik_voice_current(voice), -1);
    assert_true(ik_voice_speak(voice, items, 4));
    int first = ik_voice_current(voice);
    assert_int_equal(first, 0);      /* the first is being synthesized or heard */
    for (int i = 0; i < 50 && ik_voice_current(voice) == 0; i++)
        SDL_Delay(20);
    assert_true(ik_voice_current(voice) == 0 || ik_voice_current(voice) >= 2);
    ik_voice_stop(voice);
    assert_int_equal(ik_voice_current(voice), -1);
    /* after a stop espeak-ng is free again: synthesis works at once */
    int16_t *s = NULL;
    size_t n = 0;
    assert_true(ik_voice_synthesize(voice, "it", "Ciao.", &s, &n));
    assert_true(n > 0);
    free(s);
    /* stopping twice, or with nothing spoken, is harmless */
    ik_voice_stop(voice);
    ik_voice_stop(NULL);
    /* speaking again replaces what was being read */
    assert_true(ik_voice_speak(voice, items + 2, 2));
    assert_true(ik_voice_speak(voice, items, 1));
    assert_int_equal(ik_voice_current(voice), 0);
    ik_voice_stop(voice);
}

/* Read to the end: the items are heard in order, the skipped one never,
 * and then nothing is being read. */
static void speaks_to_the_end(void **state)
{
    (void)state;
    /* the last one long enough that a poll on a busy machine still sees it */
    IkUtterance items[] = {{"it", "Uno."}, {"so", "Haa."},
                           {"it", "Due, e poi tre, quattro, cinque, sei, sette, otto e nove."}};
    assert_true(ik_voice_speak(voice, items, 3));
    bool heard[3] = {false, false, false};
    int last = 0;
    for (int i = 0; i < 3000; i++) {
        int c = ik_voice_current(voice);
        if (c < 0)
            break;
        assert_true(c >= last);
        heard[c] = true;
        last = c;
        SDL_Delay(10);
    }
    assert_int_equal(ik_voice_current(voice), -1);
    assert_true(heard[0]);
    assert_false(heard[1]);
    assert_true(heard[2]);
    ik_voice_stop(voice);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(synthesizes_audible_speech),
        cmocka_unit_test(voices_follow_espeak_list),
        cmocka_unit_test(speaks_and_stops_when_asked),
        cmocka_unit_test(speaks_to_the_end),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
