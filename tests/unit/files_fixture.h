/* A scratch folder for tests that write files: tmp, at(REL) inside it and
 * sh(FORMAT, ...) to run a shell command that must succeed. Included by
 * test files (each its own program), so the definitions are static. */
#ifndef INCONTRO_TESTS_FILES_FIXTURE_H
#define INCONTRO_TESTS_FILES_FIXTURE_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static char tmp[256];

static void sh(const char *fmt, ...) IK_PRINTF(1, 2);
static void sh(const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    if (system(cmd) != 0)
        fail_msg("failed: %s", cmd);
}

/* tmp/rel, in one of eight rotating buffers */
static char *at(const char *rel)
{
    static char buf[8][512];
    static int i;
    i = (i + 1) % 8;
    snprintf(buf[i], sizeof buf[i], "%s/%s", tmp, rel);
    return buf[i];
}

#endif
