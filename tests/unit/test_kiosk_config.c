/* kiosk: the configuration file and the script parser, good input and every
 * kind of bad input, each message naming file and line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "incontro/core.h"
#include "incontro/kiosk.h"

/* `echo 2468 | incontro-pack pin-hash` */
#define PIN_2468 "$argon2id$v=19$m=65536,t=2,p=1$OuowCxAd4NNZRLWM6/OtPA$WV4ZwlS75ahOieKXTXbxvj+JVXAUraRRjeeits57eJA"

static void config_reads_every_key(void **state)
{
    (void)state;
    IkConfig c;
    ik_config_defaults(&c);
    assert_int_equal(c.idle_seconds, 90);
    assert_true(ik_config_parse(&c, "k.conf",
                                "# kiosk in Prato\n\n"
                                "idle_seconds = 120\n"
                                "idle_countdown = 20\n"
                                "  operator_pin_hash=" PIN_2468 "  \n"
                                "home_area = piana-fi-po\r\n"
                                "default_lang = ar\n"
                                "stats_db = /var/lib/incontro/stats.db\n"));
    assert_int_equal(c.idle_seconds, 120);
    assert_int_equal(c.idle_countdown, 20);
    assert_string_equal(c.operator_pin_hash, PIN_2468);
    assert_string_equal(c.home_area, "piana-fi-po");
    assert_string_equal(c.default_lang, "ar");
    assert_string_equal(c.stats_db, "/var/lib/incontro/stats.db");
}

static void config_errors_name_file_and_line(void **state)
{
    (void)state;
    static const struct { const char *text, *message; } cases[] = {
        {"idle_seconds = 60\ncolour = blue\n", "k.conf:2: unknown key 'colour'"},
        {"\n\nidle_seconds = soon\n", "k.conf:3: idle_seconds must be"},
        {"idle_seconds = 3\n", "k.conf:1: idle_seconds must be"},
        {"idle_countdown = 200\n", "k.conf:1: idle_countdown must be a whole number of seconds"},
        {"idle_countdown = -1\n", "k.conf:1: idle_countdown must be"},
        {"operator_pin = 2468\n", "k.conf:1: operator_pin (a PIN in plain text) is not accepted: "
                                   "put its hash in operator_pin_hash"},
        {"operator_pin_hash = 2468\n", "k.conf:1: operator_pin_hash must be a hash made by"},
        {"operator_pin_hash = $argon2id$v=19$m=65536\n", "k.conf:1: operator_pin_hash must be"},
        {"home_area = firenze\n", "k.conf:1: home_area must be"},
        {"# ok\njust words\n", "k.conf:2: expected 'key = value'"},
        {" = 4\n", "k.conf:1: missing key"},
        {"default_lang =\n", "k.conf:1: default_lang must be"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        IkConfig c;
        ik_config_defaults(&c);
        assert_false(ik_config_parse(&c, "k.conf", cases[i].text));
        if (strncmp(ik_error(), cases[i].message, strlen(cases[i].message)) != 0)
            fail_msg("case %zu: got '%s'", i, ik_error());
        assert_int_equal(c.idle_seconds, 90);   /* a failed parse changes nothing */
    }
    IkConfig c;
    assert_false(ik_config_load(&c, "/nonexistent/kiosk.conf"));
    assert_non_null(strstr(ik_error(), "/nonexistent/kiosk.conf"));
}

static void script_parses_every_command(void **state)
{
    (void)state;
    IkScript s;
    assert_true(ik_script_parse(&s, "walk.txt",
                                "# a walk\n"
                                "tap 10 20\n"
                                "swipe 900 800 900 200 300\n"
                                "press lang:ar\n"
                                "type  psicologo  \n"
                                "wait 500\n"
                                "idle 91\n"
                                "\n"
                                "shot home-ar\n"
                                "expect-scene directory\n"));
    assert_int_equal(s.count, 8);
    assert_int_equal(s.commands[0].kind, IK_CMD_TAP);
    assert_int_equal(s.commands[0].line, 2);
    assert_int_equal(s.commands[0].args[1], 20);
    assert_int_equal(s.commands[1].args[4], 300);
    assert_string_equal(s.commands[2].text, "lang:ar");
    assert_string_equal(s.commands[3].text, "psicologo");
    assert_int_equal(s.commands[5].args[0], 91);
    assert_int_equal(s.commands[7].kind, IK_CMD_EXPECT_SCENE);
    assert_int_equal(s.commands[7].args[0], IK_SCENE_DIRECTORY);
    assert_int_equal(s.commands[7].line, 10);
    ik_script_free(&s);
}

static void script_errors_name_file_and_line(void **state)
{
    (void)state;
    static const struct { const char *text, *message; } cases[] = {
        {"tap 1 2\njump 3\n", "s.txt:2: unknown command 'jump'"},
        {"tap 1\n", "s.txt:1: missing argument"},
        {"tap 1 2 3\n", "s.txt:1: too many arguments"},
        {"tap x 2\n", "s.txt:1: 'x' is not a number"},
        {"tap 20000 2\n", "s.txt:1: '20000' is not a number from 0 to 16383"},
        {"swipe 1 2 3 4\n", "s.txt:1: missing argument"},
        {"# c\n\nexpect-scene lobby\n", "s.txt:3: unknown scene 'lobby'"},
        {"shot ../escape\n", "s.txt:1: shot name"},
        {"press\n", "s.txt:1: missing argument"},
        {"press a b\n", "s.txt:1: too many arguments"},
        {"type   \n", "s.txt:1: missing argument"},
        {"wait -5\n", "s.txt:1: '-5' is not a number"},
        {"idle\n", "s.txt:1: missing argument"},
        {"type \xC3\x28\n", "s.txt:1: text is not valid UTF-8"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        IkScript s;
        assert_false(ik_script_parse(&s, "s.txt", cases[i].text));
        if (strncmp(ik_error(), cases[i].message, strlen(cases[i].message)) != 0)
            fail_msg("case %zu: got '%s'", i, ik_error());
        assert_int_equal(s.count, 0);
        assert_null(s.commands);
    }
}

/* Scripts written on other systems: a byte-order mark, CR-only or CRLF line
 * ends; and a huge bad word is quoted short, not echoed whole. */
static void script_accepts_foreign_line_ends(void **state)
{
    (void)state;
    IkScript s;
    assert_true(ik_script_parse(&s, "s.txt", "\xEF\xBB\xBFtap 1 2\n"));
    assert_int_equal(s.count, 1);
    ik_script_free(&s);
    assert_true(ik_script_parse(&s, "s.txt", "tap 1 2\rtap 3 4\r\rwait 5\r"));
    assert_int_equal(s.count, 3);
    assert_int_equal(s.commands[1].line, 2);
    assert_int_equal(s.commands[2].line, 4);
    ik_script_free(&s);
    assert_true(ik_script_parse(&s, "s.txt", "tap 1 2\r\n\r\nwait 5\r\n"));
    assert_int_equal(s.count, 2);
    assert_int_equal(s.commands[1].line, 3);
    ik_script_free(&s);
    char *big = ik_xmalloc(100010);
    memset(big, 'x', 100000);
    strcpy(big + 100000, " 1\n");
    assert_false(ik_script_parse(&s, "s.txt", big));
    assert_true(strlen(ik_error()) < 300);
    assert_non_null(strstr(ik_error(), "s.txt:1: unknown command 'xxx"));
    memcpy(big, "tap ", 4);
    assert_false(ik_script_parse(&s, "s.txt", big));
    assert_true(strlen(ik_error()) < 300);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(config_reads_every_key),
        cmocka_unit_test(config_errors_name_file_and_line),
        cmocka_unit_test(script_parses_every_command),
        cmocka_unit_test(script_errors_name_file_and_line),
        cmocka_unit_test(script_accepts_foreign_line_ends),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
