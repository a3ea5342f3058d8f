/* core: UTF-8 decoding edge cases, error messages, buffers, file reads and
 * atomic replacement, the string map, weekdays. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
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

/* a FIFO, a device and a folder are refused at once (a FIFO used to block
 * for ever, /dev/urandom to grow without end); a big file is refused by its
 * size, before it is read */
static void read_refuses_special_files_and_caps(void **state)
{
    (void)state;
    char dir[] = "/tmp/ik-core-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *fifo = ik_path_join(dir, "fifo");
    assert_int_equal(mkfifo(fifo, 0600), 0);
    size_t n = 0;
    assert_null(ik_file_read(fifo, &n));
    assert_non_null(strstr(ik_error(), "not a regular file (a pipe)"));
    assert_null(ik_file_read("/dev/urandom", &n));
    assert_non_null(strstr(ik_error(), "not a regular file (a device)"));
    assert_null(ik_file_read(dir, &n));
    assert_non_null(strstr(ik_error(), "(a folder)"));
    char *big = ik_path_join(dir, "big");
    assert_true(ik_file_write_atomic(big, "0123456789", 10));
    assert_null(ik_file_read_max(big, 9, &n));
    assert_non_null(strstr(ik_error(), "file of 10 bytes is too large (limit 9 bytes)"));
    char *data = ik_file_read_max(big, 10, &n);
    assert_non_null(data);
    assert_int_equal(n, 10);
    free(data);
    unlink(big);
    unlink(fifo);
    rmdir(dir);
    free(big);
    free(fifo);
}

static int count_temporaries(const char *dir)
{
    char *cmd = ik_xasprintf("exit $(ls -a '%s' | grep -c 'f.txt.tmp-')", dir);
    int rc = system(cmd);
    free(cmd);
    return WEXITSTATUS(rc);
}

/* A writer killed mid-way leaves its temporary; the next replace of the same
 * file removes it, but never the temporary of a writer still at work. */
static void replace_removes_stale_temporaries(void **state)
{
    (void)state;
    char dir[] = "/tmp/ik-core-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = ik_path_join(dir, "f.txt");
    for (int i = 0; i < 3; i++) {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            IkFileReplace r;
            if (!ik_file_replace_begin(&r, path) || !ik_file_replace_write(&r, "partial", 7))
                _exit(1);
            raise(SIGKILL);
        }
        int status;
        waitpid(pid, &status, 0);
        assert_true(WIFSIGNALED(status));
    }
    /* each writer removed the one killed before it */
    assert_int_equal(count_temporaries(dir), 1);
    /* a live writer (this process) holds one open */
    IkFileReplace live;
    assert_true(ik_file_replace_begin(&live, path));
    assert_true(ik_file_replace_write(&live, "x", 1));
    assert_int_equal(count_temporaries(dir), 1);
    assert_true(ik_file_write_atomic(path, "whole", 5));
    assert_int_equal(count_temporaries(dir), 1);
    ik_file_replace_abort(&live);
    ik_file_replace_abort(&live);   /* ended: does nothing */
    assert_int_equal(count_temporaries(dir), 0);
    char *data = ik_file_read(path, NULL);
    assert_string_equal(data, "whole");
    free(data);
    IkFileReplace zero = {0};
    ik_file_replace_abort(&zero);   /* zeroed: does nothing, closes no fd 0 */
    assert_true(fcntl(0, F_GETFD) >= 0 || errno == EBADF);
    unlink(path);
    rmdir(dir);
    free(path);
}

/* the map against a plain array, through growth, replacement and removal
 * (removal shifts later keys back: each must stay reachable) */
/* Reads at an offset come whole, or short only where the file ends. */
static void read_at_reads_whole_or_to_the_end(void **state)
{
    (void)state;
    char path[] = "/tmp/ik_test_read_at_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    char data[100000];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (char)(i * 7);
    assert_int_equal(write(fd, data, sizeof data), (ssize_t)sizeof data);
    char buf[sizeof data];
    assert_int_equal(ik_fd_read_at(fd, buf, sizeof data, 0), (long long)sizeof data);
    assert_memory_equal(buf, data, sizeof data);
    assert_int_equal(ik_fd_read_at(fd, buf, 5000, 99000), 1000);
    assert_memory_equal(buf, data + 99000, 1000);
    assert_int_equal(ik_fd_read_at(fd, buf, 10, 200000), 0);
    assert_int_equal(ik_fd_read_at(fd, buf, 0, 0), 0);
    close(fd);
    unlink(path);
    errno = 0;
    assert_int_equal(ik_fd_read_at(fd, buf, 10, 0), -1);
    assert_int_equal(errno, EBADF);
}

static void map_behaves_like_a_table(void **state)
{
    (void)state;
    enum { N = 5000 };
    IkMap *m = ik_map_create();
    char key[32];
    size_t v = 0;
    assert_false(ik_map_get(m, "absent", &v));
    assert_false(ik_map_remove(m, "absent"));
    for (size_t i = 0; i < N; i++) {
        snprintf(key, sizeof key, "k%zu", i);
        assert_false(ik_map_put(m, key, i, NULL));
    }
    assert_int_equal(ik_map_count(m), N);
    snprintf(key, sizeof key, "k%d", 7);
    assert_true(ik_map_put(m, key, 70, &v));
    assert_int_equal(v, 7);
    for (size_t i = 0; i < N; i += 3) {
        snprintf(key, sizeof key, "k%zu", i);
        assert_true(ik_map_remove(m, key));
    }
    for (size_t i = 0; i < N; i++) {
        snprintf(key, sizeof key, "k%zu", i);
        bool there = ik_map_get(m, key, &v);
        assert_int_equal(there, i % 3 != 0);
        if (there)
            assert_int_equal(v, i == 7 ? 70 : i);
    }
    assert_true(ik_map_put(m, "", 1, NULL) == false);
    assert_true(ik_map_get(m, "", &v));
    ik_map_destroy(m);
    ik_map_destroy(NULL);
    /* FNV-1a's published test vectors */
    assert_true(ik_hash("", 0) == 0xcbf29ce484222325ull);
    assert_true(ik_hash("a", 1) == 0xaf63dc4c8601ec8cull);
}

static void weekdays_round_trip(void **state)
{
    (void)state;
    for (int d = 0; d < 7; d++)
        assert_int_equal(ik_weekday_parse(ik_weekday_code(d), 2), d);
    assert_string_equal(ik_weekday_code(0), "MO");
    assert_string_equal(ik_weekday_key(6), "sun");
    assert_int_equal(ik_weekday_parse("MON", 3), -1);
    assert_int_equal(ik_weekday_parse("mo", 2), -1);
    assert_int_equal(ik_weekday_parse("", 0), -1);
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
        cmocka_unit_test(read_refuses_special_files_and_caps),
        cmocka_unit_test(replace_removes_stale_temporaries),
        cmocka_unit_test(read_at_reads_whole_or_to_the_end),
        cmocka_unit_test(map_behaves_like_a_table),
        cmocka_unit_test(weekdays_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
