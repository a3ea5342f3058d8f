/* Aborting allocators for bookkeeping, and the growable buffer. */
#include "incontro/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Noreturn void out_of_memory(size_t size)
{
    fprintf(stderr, "incontro: out of memory (%zu bytes)\n", size);
    abort();
}

void *ik_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        out_of_memory(size);
    return p;
}

void *ik_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        out_of_memory(count * size);
    return p;
}

void *ik_xrealloc(void *ptr, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        out_of_memory(SIZE_MAX);
    size_t total = count * size;
    void *p = realloc(ptr, total ? total : 1);
    if (!p)
        out_of_memory(count * size);
    return p;
}

char *ik_xstrdup(const char *s)
{
    return ik_xstrndup(s, strlen(s));
}

char *ik_xstrndup(const char *s, size_t n)
{
    char *p = ik_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *ik_xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    IK_ASSERT(n >= 0);
    char *p = ik_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

static void buf_reserve(IkBuf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2)
            out_of_memory(SIZE_MAX);
        cap *= 2;
    }
    b->data = ik_xrealloc(b->data, cap, 1);
    b->cap = cap;
}

void ik_buf_append(IkBuf *b, const void *data, size_t n)
{
    buf_reserve(b, n);
    if (n)
        memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void ik_buf_puts(IkBuf *b, const char *s)
{
    ik_buf_append(b, s, strlen(s));
}

void ik_buf_printf(IkBuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    IK_ASSERT(n >= 0);
    buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void ik_buf_free(IkBuf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void ik_buf_json_string(IkBuf *b, const char *s)
{
    ik_buf_puts(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            ik_buf_printf(b, "\\%c", *p);
        else if (*p < 0x20)
            ik_buf_printf(b, "\\u%04x", *p);
        else
            ik_buf_append(b, p, 1);
    }
    ik_buf_puts(b, "\"");
}

long ik_mem_status_kb(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    size_t n = strlen(field);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, field, n) == 0)
            v = atol(line + n);
    if (f)
        fclose(f);
    return v;
}
