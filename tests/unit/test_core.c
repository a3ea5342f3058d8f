/* core: UTF-8 decoding edge cases, error messages, buffers, atomic files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "incontro/core.h"

static void utf8_decodes_every_length(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t len;
        uint32_t cp;
    } cases[] = {
        {"A", 1, 0x41},
        {"\xC3\xA0", 2, 0xE0},             /* à */
        {"\xD8\xA7", 2, 0x627},            /* Arabic alef */
        {"\xE0\xA6\x95", 3, 0x995},        /* Bengali ka */
        {"\xE4\xB8\xAD", 3, 0x4E2D},       /* 中 */
        {"\xF0\x9F\x98\x80", 4, 0x1F600},  /* emoji */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t cp = 0;
        assert_int_equal(ik_utf8_decode(cases[i].bytes, cases[i].len, &cp), cases[i].len);
        assert_int_equal(cp, cases[i].cp);
        char out[4];
        assert_int_equal(ik_utf8_encode(cp, out), cases[i].len);
        assert_memory_equal(out, cases[i].bytes, cases[i].len);
    }
}

static void utf8_rejects_invalid_forms(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "\xC0\xAF",             /* overlong '/' */
        "\xE0\x80\xAF",         /* overlong */
        "\xED\xA0\x80",         /* surrogate D800 */
        "\xF4\x90\x80\x80",     /* above U+10FFFF */
        "\x80",                 /* lone continuation */
        "\xE4\xB8",             /* truncated */
        "\xFF",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint32_t cp;
        assert_int_equal(ik_utf8_decode(bad[i], strlen(bad[i]), &cp), 0);
        size_t where = 99;
        assert_false(ik_utf8_valid(bad[i], strlen(bad[i]), &where));
        assert_int_equal(where, 0);
    }
}

static void utf8_to_utf32_replaces_and_maps_offsets(void **state)
{
    (void)state;
    const char s[] = "a\xFF\xC3\xA8z";
    size_t count, *offsets;
    uint32_t *cps = ik_utf8_to_utf32(s, sizeof s - 1, &count, &offsets);
    assert_int_equal(count, 4);
    assert_int_equal(cps[1], IK_REPLACEMENT_CHAR);
    assert_int_equal(cps[2], 0xE8);
    assert_int_equal(offsets[2], 2);
    assert_int_equal(offsets[3], 4);
    assert_int_equal(offsets[4], 5);
    char *back = ik_utf32_to_utf8(cps, count);
    assert_string_equal(back, "a\xEF\xBF\xBD\xC3\xA8z");
    assert_int_equal(ik_utf8_length(s, sizeof s - 1), 4);
    free(back);
    free(cps);
    free(offsets);
}

static void fail_keeps_message_and_prefix(void **state)
{
    (void)state;
    assert_false(ik_fail("line %d is wrong", 7));
    assert_string_equal(ik_error(), "line 7 is wrong");
    assert_false(ik_fail_prefix("%s:%d", "a.csv", 7));
    assert_string_equal(ik_error(), "a.csv:7: line 7 is wrong");
    ik_error_clear();
    assert_string_equal(ik_error(), "");
}

static void buffer_grows(void **state)
{
    (void)state;
    IkBuf b = {0};
    for (int i = 0; i < 1000; i++)
        ik_buf_printf(&b, "%d,", i);
    assert_true(ik_str_starts_with(b.data, "0,1,2,"));
    assert_true(ik_str_ends_with(b.data, "998,999,"));
    assert_int_equal(strlen(b.data), b.len);
    ik_buf_free(&b);
    assert_null(b.data);
}

static void parse_int_is_strict(void **state)
{
    (void)state;
    long v;
    assert_true(ik_parse_int("42", 0, 100, &v));
    assert_int_equal(v, 42);
    assert_false(ik_parse_int("42x", 0, 100, &v));
    assert_false(ik_parse_int("", 0, 100, &v));
    assert_false(ik_parse_int("101", 0, 100, &v));
    assert_false(ik_parse_int("-1", 0, 100, &v));
    assert_false(ik_parse_int("99999999999999999999999", 0, 100, &v));
}

static void atomic_write_replaces_whole_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/ik-core-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = ik_path_join(dir, "f.txt");
    assert_true(ik_file_write_atomic(path, "old", 3));
    assert_true(ik_file_write_atomic(path, "new content", 11));
    size_t n;
    char *data = ik_file_read(path, &n);
    assert_non_null(data);
    assert_int_equal(n, 11);
    assert_string_equal(data, "new content");
    free(data);
    unlink(path);
    assert_null(ik_file_read(path, &n));
    assert_non_null(strstr(ik_error(), "f.txt"));
    /* A folder that does not exist: failure, with a message. */
    char *bad = ik_path_join(dir, "no/such/file");
    assert_false(ik_file_write_atomic(bad, "x", 1));
    assert_true(strlen(ik_error()) > 0);
    rmdir(dir);
    free(bad);
    free(path);
}

static void path_join_handles_slashes(void **state)
{
    (void)state;
    char *a = ik_path_join("dir/", "x");
    char *b = ik_path_join("dir", "x");
    char *c = ik_path_join("dir", "/abs");
    assert_string_equal(a, "dir/x");
    assert_string_equal(b, "dir/x");
    assert_string_equal(c, "/abs");
    free(a);
    free(b);
    free(c);
}

static void lang_tags_match_as_rfc4647_basic_filtering(void **state)
{
    (void)state;
    static const struct {
        const char *range, *tag;
        bool matches;
    } cases[] = {
        {"zh", "zh-Hans", true},  {"fa", "fa-AF", true},   {"FA", "fa-af", true},
        {"fa", "fa_AF", true},    {"it", "it", true},      {"zh-Hans", "zh-Hans-CN", true},
        {"zh-Hans", "zh", false}, {"zh", "zha", false},    {"zh-Hans", "zh-Hant", false},
        {"", "it", false},        {"it", "", false},       {"en", "en-", true},
        {"ti", "am", false},      {"ur", "ur-Arab-PK", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (ik_lang_matches(cases[i].range, cases[i].tag) != cases[i].matches)
            fail_msg("ik_lang_matches(%s, %s) should be %d", cases[i].range, cases[i].tag,
                     cases[i].matches);
    assert_true(ik_lang_related("zh", "zh-Hans"));
    assert_true(ik_lang_related("zh-Hans", "zh"));
    assert_false(ik_lang_related("zh-Hant", "zh-Hans"));
    assert_false(ik_lang_related(NULL, "zh"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf8_decodes_every_length),
        cmocka_unit_test(utf8_rejects_invalid_forms),
        cmocka_unit_test(utf8_to_utf32_replaces_and_maps_offsets),
        cmocka_unit_test(fail_keeps_message_and_prefix),
        cmocka_unit_test(buffer_grows),
        cmocka_unit_test(parse_int_is_strict),
        cmocka_unit_test(atomic_write_replaces_whole_file),
        cmocka_unit_test(path_join_handles_slashes),
        cmocka_unit_test(lang_tags_match_as_rfc4647_basic_filtering),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
