/* Helpers of the tests that work in a scratch folder (include after
 * cmocka.h): the folder, paths in it, shell commands that must succeed, and
 * the fixture pack's sources with a signing time helper. */
#ifndef IK_TEST_SCRATCH_H
#define IK_TEST_SCRATCH_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "incontro/pack.h"

#define DATA IK_SOURCE_DIR "/tests/data/pack/ok"
/* an expiry n days from now */
#define DAYS(n) ((long long)time(NULL) + (n) * 86400LL)

static char tmp[256];   /* the scratch folder */

/* tmp/rel; eight results stay valid at once */
static char *at(const char *rel)
{
    static char buf[8][512];
    static int i;
    i = (i + 1) % 8;
    snprintf(buf[i], sizeof buf[i], "%s/%s", tmp, rel);
    return buf[i];
}

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sh(const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    assert_int_equal(system(cmd), 0);
}

/* tmp/name: the fixture pack at this version, signed by tmp/key when key is
 * not NULL (for 30 days) */
static void fixture_pack(const char *name, const char *version, const char *key)
{
    IkPackOptions o = {.content_dir = DATA "/content", .translations_dir = DATA "/translations",
                       .version = version};
    IkDiag *d = ik_diag_create(stderr, 20);
    assert_true(ik_pack_build(&o, at(name), d));
    ik_diag_destroy(d);
    if (key)
        assert_true(ik_pack_sign(at(key), at(name), DAYS(30)));
}

#endif
