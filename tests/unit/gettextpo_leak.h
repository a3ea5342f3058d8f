/* For tests that build packs (reading PO files): libgettextpo's msgfmt
 * checks leak the parsed plural expression; that is the library's, not
 * ours, and must not fail the sanitizer build. LeakSanitizer looks this
 * function up by name, so the header is included once per test program. */
#ifndef INCONTRO_TESTS_GETTEXTPO_LEAK_H
#define INCONTRO_TESTS_GETTEXTPO_LEAK_H

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libgettextpo\n";
}

#endif
