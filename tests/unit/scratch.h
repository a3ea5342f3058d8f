/* Helpers of the tests that work in a scratch folder (include after
 * cmocka.h): the folder, paths in it and shell commands that must succeed
 * (files_fixture.h), and the fixture pack's sources with a signing time
 * helper. */
#ifndef IK_TEST_SCRATCH_H
#define IK_TEST_SCRATCH_H

#include <time.h>

#include "incontro/pack.h"
#include "files_fixture.h"

#define DATA IK_SOURCE_DIR "/tests/data/pack/ok"
/* an expiry n days from now */
#define DAYS(n) ((long long)time(NULL) + (n) * 86400LL)

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
