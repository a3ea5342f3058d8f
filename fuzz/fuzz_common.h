/* Shared by the fuzz harnesses: a private scratch folder per process (inputs
 * that the code under test can only read from a file are written there), and
 * quiet logging. Header-only so each harness stays one translation unit. */
#ifndef IK_FUZZ_COMMON_H
#define IK_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <ftw.h>

#include "incontro/core.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char fuzz_dir[256];

static inline int fuzz_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    remove(path);
    return 0;
}

static inline void fuzz_rm_tree(const char *path)
{
    nftw(path, fuzz_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static inline void fuzz_cleanup(void)
{
    if (fuzz_dir[0])
        fuzz_rm_tree(fuzz_dir);
}

/* The scratch folder, created on first use and removed at exit (a crash
 * leaves it behind: ik-fuzz-* under $TMPDIR or /dev/shm). */
static inline const char *fuzz_tmpdir(void)
{
    if (!fuzz_dir[0]) {
        /* tmpfs when there is one: the builder fsyncs, a disk would make
         * every run wait for it */
        const char *base = getenv("TMPDIR");
        if (!base || !*base)
            base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        snprintf(fuzz_dir, sizeof fuzz_dir, "%s/ik-fuzz-XXXXXX", base);
        if (!mkdtemp(fuzz_dir)) {
            perror("mkdtemp");
            abort();
        }
        atexit(fuzz_cleanup);
    }
    return fuzz_dir;
}

/* Writes data to path (truncating); aborts on I/O failure, which is the
 * harness's problem, not the code's. */
static inline void fuzz_write(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        perror(path);
        abort();
    }
}

static inline void fuzz_mkdirs(const char *path)
{
    char *p = ik_xstrdup(path);
    for (char *s = p + 1; *s; s++)
        if (*s == '/') {
            *s = '\0';
            mkdir(p, 0755);
            *s = '/';
        }
    mkdir(p, 0755);
    free(p);
}

/* The repository root: IK_SOURCE_DIR from the environment or the build. */
static inline const char *fuzz_source_dir(void)
{
    const char *env = getenv("IK_SOURCE_DIR");
    return env && *env ? env : IK_SOURCE_DIR;
}

/* A small deterministic reader of the fuzz input, for the options. */
typedef struct {
    const uint8_t *data;
    size_t size;
} FuzzIn;

static inline unsigned fuzz_byte(FuzzIn *in)
{
    if (!in->size)
        return 0;
    unsigned v = in->data[0];
    in->data++;
    in->size--;
    return v;
}

static inline unsigned fuzz_u16(FuzzIn *in)
{
    unsigned a = fuzz_byte(in);
    return a | fuzz_byte(in) << 8;
}

/* NUL-terminated copy of data (the code under test wants C strings). */
static inline char *fuzz_str(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* libgettextpo's msgfmt checks leak the parsed plural expression (the
 * library's, as in tests/unit/test_pack.c), and so does a fatal PO error
 * that po.c leaves by longjmp. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libgettextpo\n";
}

/* Any UBSan report stops the run (the modules are built recoverable only so
 * that a suppression file can silence a known bug while fuzzing goes on). */
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
    return "halt_on_error=1:print_stacktrace=1";
}

#endif
