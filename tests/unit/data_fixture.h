/* Data a test needs from outside itself: the pack the build made (IK_PACK,
 * which ctest sets) and files of Debian packages. A test whose data is
 * missing fails, naming what is missing and where it comes from: it never
 * skips, since a skipped test passes. Included by test files (each its own
 * program), so the definitions are static. */
#ifndef INCONTRO_TESTS_DATA_FIXTURE_H
#define INCONTRO_TESTS_DATA_FIXTURE_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incontro/core.h"

/* The path of the repository's pack; fails the test when it is missing. */
static inline const char *test_pack_path(void)
{
    const char *path = getenv("IK_PACK");
    if (!path || !path[0])
        fail_msg("IK_PACK is not set: run the test through ctest, which builds the pack first");
    if (!ik_file_exists(path))
        fail_msg("%s: no such pack (IK_PACK): build the \"pack\" target first", path);
    return path;
}

/* path opened for reading; fails the test, naming the Debian package that
 * provides the file, when it cannot be opened. */
static inline FILE *test_open_data(const char *path, const char *package)
{
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("%s: %s (the Debian package %s provides it; scripts/setup.sh installs it)",
                 path, strerror(errno), package);
    return f;
}

#endif
