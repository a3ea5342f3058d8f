/* Diagnostics: FILE:LINE messages collected up to a cap. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct IkDiag {
    FILE *stream;       /* echo target, may be NULL */
    size_t cap;         /* messages kept and printed */
    size_t errors;
    size_t warnings;
    size_t kept;
    IkBuf text;         /* kept messages */
    size_t last;        /* where the last kept message starts in text */
};

IkDiag *ik_diag_create(FILE *stream, size_t cap)
{
    IkDiag *d = ik_xcalloc(1, sizeof *d);
    d->stream = stream;
    d->cap = cap ? cap : 100;
    return d;
}

void ik_diag_destroy(IkDiag *diag)
{
    if (!diag)
        return;
    ik_buf_free(&diag->text);
    free(diag);
}

/* false when the message repeats the one just before it (not counted) */
static bool report(IkDiag *d, const char *kind, const char *file, long line,
                   const char *fmt, va_list ap)
{
    if (d->kept >= d->cap) {
        if (d->kept == d->cap && d->stream)
            fprintf(d->stream, "(more problems not shown)\n");
        d->kept = d->cap + 1;
        return true;
    }
    size_t start = d->text.len;
    if (file && line > 0)
        ik_buf_printf(&d->text, "%s:%ld: ", file, line);
    else if (file)
        ik_buf_printf(&d->text, "%s: ", file);
    ik_buf_puts(&d->text, kind);
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    ik_buf_puts(&d->text, msg);
    ik_buf_puts(&d->text, "\n");
    /* the same message at the same place twice in a row says nothing new */
    if (d->kept && d->text.len - start == start - d->last &&
        memcmp(d->text.data + d->last, d->text.data + start, start - d->last) == 0) {
        d->text.len = start;
        d->text.data[start] = '\0';
        return false;
    }
    d->kept++;
    d->last = start;
    if (d->stream)
        fputs(d->text.data + start, d->stream);
    return true;
}

void ik_diag_error(IkDiag *diag, const char *file, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag->errors += report(diag, "", file, line, fmt, ap);
    va_end(ap);
}

void ik_diag_warning(IkDiag *diag, const char *file, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag->warnings += report(diag, "warning: ", file, line, fmt, ap);
    va_end(ap);
}

void ik_diag_failure(IkDiag *diag, const char *file)
{
    const char *msg = ik_error();
    size_t n = strlen(file);
    /* core's messages start with the file name: say it once */
    if (strncmp(msg, file, n) == 0 && msg[n] == ':' && msg[n + 1] == ' ')
        msg += n + 2;
    ik_diag_error(diag, file, 0, "%s", msg);
}

size_t ik_diag_errors(const IkDiag *diag) { return diag->errors; }
size_t ik_diag_warnings(const IkDiag *diag) { return diag->warnings; }
const char *ik_diag_text(const IkDiag *diag) { return diag->text.data ? diag->text.data : ""; }
