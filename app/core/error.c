/* Error messages (thread-local), logging and assertions. */
#include "incontro/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ERROR_MAX 1024

static _Thread_local char last_error[ERROR_MAX];
static IkLogLevel log_level = IK_LOG_WARN;

bool ik_failv(const char *fmt, va_list ap)
{
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    return false;
}

bool ik_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ik_failv(fmt, ap);
    va_end(ap);
    return false;
}

bool ik_fail_prefix(const char *fmt, ...)
{
    char prefix[ERROR_MAX];
    char old[ERROR_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, last_error, sizeof old);
    /* Truncation is acceptable: messages are for people, not parsers. */
    size_t n = strlen(prefix);
    if (n > ERROR_MAX - 3)
        n = ERROR_MAX - 3;
    memcpy(last_error, prefix, n);
    memcpy(last_error + n, ": ", 2);
    size_t rest = ERROR_MAX - n - 3;
    size_t lo = strnlen(old, rest);
    memcpy(last_error + n + 2, old, lo);
    last_error[n + 2 + lo] = '\0';
    return false;
}

const char *ik_error(void)
{
    return last_error;
}

void ik_error_clear(void)
{
    last_error[0] = '\0';
}

_Noreturn void ik_assert_failed(const char *what, const char *file, int line)
{
    fprintf(stderr, "%s:%d: assertion failed: %s\n", file, line, what);
    abort();
}

void ik_log_set_level(IkLogLevel level)
{
    log_level = level;
}

void ik_log(IkLogLevel level, const char *fmt, ...)
{
    static const char *const names[] = {"debug", "info", "warning", "error"};
    va_list ap;

    if (level < log_level)
        return;
    fprintf(stderr, "incontro: %s: ", names[level]);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}
