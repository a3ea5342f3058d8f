/* core: errors, logging, memory, UTF-8, files, hashing, weekdays and small
 * string helpers.
 * Every other module may use this one; it uses only libc. */
#ifndef INCONTRO_CORE_H
#define INCONTRO_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- errors -------------------------------------------------------------
 * A function that can fail returns false (or NULL) and leaves a message that
 * ik_error() returns until the next failure on the same thread. */

#if defined(__GNUC__)
#define IK_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define IK_PRINTF(a, b)
#endif

/* Records a formatted message; always returns false so callers can write
 * `return ik_fail("...")`. */
bool ik_fail(const char *fmt, ...) IK_PRINTF(1, 2);
bool ik_failv(const char *fmt, va_list ap);
/* Prefixes the current message with "prefix: " (for adding context). */
bool ik_fail_prefix(const char *fmt, ...) IK_PRINTF(1, 2);
/* The last message; never NULL (empty when none). Owned by the library. */
const char *ik_error(void);
void ik_error_clear(void);

/* Elements of an array (not a pointer). */
#define IK_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Programmer errors abort with file and line; bad input never reaches here. */
#define IK_ASSERT(cond)                                                        \
    ((cond) ? (void)0 : ik_assert_failed(#cond, __FILE__, __LINE__))
_Noreturn void ik_assert_failed(const char *what, const char *file, int line);

/* ---- logging ------------------------------------------------------------ */
typedef enum { IK_LOG_DEBUG, IK_LOG_INFO, IK_LOG_WARN, IK_LOG_ERROR } IkLogLevel;
void ik_log(IkLogLevel level, const char *fmt, ...) IK_PRINTF(2, 3);
/* Messages below this level are dropped (default IK_LOG_WARN). */
void ik_log_set_level(IkLogLevel level);

/* ---- memory ------------------------------------------------------------- */
/* Allocation that aborts on exhaustion: used for small bookkeeping only,
 * where there is no sensible way to go on. Sizes are checked for overflow. */
void *ik_xmalloc(size_t size);
void *ik_xcalloc(size_t count, size_t size);
void *ik_xrealloc(void *ptr, size_t count, size_t size);
char *ik_xstrdup(const char *s);
char *ik_xstrndup(const char *s, size_t n);
/* malloc'd formatted string; caller frees. */
char *ik_xasprintf(const char *fmt, ...) IK_PRINTF(1, 2);
/* A field of /proc/self/status in kB ("VmRSS:", "VmHWM:"), -1 when the
 * system has none (what benchmarks and the monkey print). */
long ik_mem_status_kb(const char *field);

/* A growable byte buffer (always NUL-terminated when len > 0). */
typedef struct {
    char *data;     /* owned; NULL while empty */
    size_t len;     /* bytes used, excluding the terminating NUL */
    size_t cap;     /* bytes allocated */
} IkBuf;
void ik_buf_append(IkBuf *b, const void *data, size_t n);
void ik_buf_puts(IkBuf *b, const char *s);
void ik_buf_printf(IkBuf *b, const char *fmt, ...) IK_PRINTF(2, 3);
void ik_buf_free(IkBuf *b);
/* Appends s as a JSON string literal (quotes, backslashes and control
 * characters escaped; UTF-8 kept as it is). */
void ik_buf_json_string(IkBuf *b, const char *s);

/* ---- UTF-8 -------------------------------------------------------------- */
#define IK_REPLACEMENT_CHAR 0xFFFDu
/* Decodes one code point from s[0..n). Returns the number of bytes used
 * (1..4) and sets *cp, or returns 0 on an invalid or truncated sequence
 * (overlong forms, surrogates and values above U+10FFFF are invalid). */
size_t ik_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Writes cp as UTF-8 into out (4 bytes room); returns the length, 0 if cp is
 * not a scalar value. */
size_t ik_utf8_encode(uint32_t cp, char out[4]);
/* True when s[0..n) is valid UTF-8; otherwise *bad (if not NULL) is the byte
 * offset of the first invalid sequence. */
bool ik_utf8_valid(const char *s, size_t n, size_t *bad);
/* Decodes to a malloc'd array of code points (caller frees), invalid bytes
 * becoming U+FFFD one byte at a time; *count receives the length. The
 * optional byte_offsets (malloc'd, count+1 entries) map each code point back
 * to its byte offset. */
uint32_t *ik_utf8_to_utf32(const char *s, size_t n, size_t *count,
                           size_t **byte_offsets);
/* Encodes code points into a malloc'd NUL-terminated UTF-8 string. */
char *ik_utf32_to_utf8(const uint32_t *cps, size_t count);
/* Number of code points (invalid bytes count one each). */
size_t ik_utf8_length(const char *s, size_t n);

/* ---- files -------------------------------------------------------------- */
#define IK_FILE_READ_MAX ((size_t)256 << 20)   /* default cap of ik_file_read */
/* Reads a whole regular file into a malloc'd NUL-terminated buffer (caller
 * frees). Refuses at once what is not a regular file (a folder, a FIFO, a
 * device: /dev/urandom never ends) and a file over max bytes, without
 * reading it all. NULL with a message naming the file on failure. */
char *ik_file_read_max(const char *path, size_t max, size_t *size);
/* ik_file_read_max with IK_FILE_READ_MAX. */
char *ik_file_read(const char *path, size_t *size);

/* Atomic replacement: the new file is written beside PATH as
 * PATH.tmp-PID-XXXXXX (locked while in use), synced, renamed over PATH, and the
 * folder synced, so a reader (or a power cut) sees the old file or the new
 * one, never a mix. Begin removes the temporaries of PATH that writers
 * killed earlier left behind. Usage: begin; write (or let a library write to
 * r.tmp); commit or abort. */
typedef struct {
    char *path;     /* the file to replace (owned); NULL once ended */
    char *tmp;      /* the temporary beside it (owned) */
    int fd;         /* open on tmp, holding its lock */
} IkFileReplace;
/* False with ik_error() when the temporary cannot be created. */
bool ik_file_replace_begin(IkFileReplace *r, const char *path);
/* Appends to the temporary; false with ik_error() on an I/O error. */
bool ik_file_replace_write(IkFileReplace *r, const void *data, size_t size);
/* Syncs and renames over path; ends r either way (the temporary is removed
 * on failure). */
bool ik_file_replace_commit(IkFileReplace *r);
/* Removes the temporary and ends r; does nothing on a zeroed or ended r. */
void ik_file_replace_abort(IkFileReplace *r);
/* The whole cycle for data in memory. */
bool ik_file_write_atomic(const char *path, const void *data, size_t size);
bool ik_file_exists(const char *path);
/* Reads and drops whatever a non-blocking descriptor holds (a wake-up pipe,
 * inotify, an input device polled for readiness only). */
void ik_fd_drain(int fd);
/* Reads n bytes at offset, as many reads as it takes: the count read (less
 * than n only where the file ends), or -1 with errno on an error. */
long long ik_fd_read_at(int fd, void *buf, size_t n, unsigned long long offset);
/* Loads the shared library soname and its functions names[i] into
 * *slots[i], i < n; false with ik_error() when either is missing. For
 * libraries needed by a feature, not by every start-up. */
bool ik_dl_load(const char *soname, size_t n, const char *const names[], void **const slots[]);
/* Joins two path parts with one '/'; malloc'd, caller frees. */
char *ik_path_join(const char *a, const char *b);

/* ---- language tags ------------------------------------------------------ */
/* RFC 4647 basic filtering, case-insensitive, '_' read as '-': true when tag
 * is range or begins with range and a subtag separator ("zh" matches
 * "zh-Hans", "fa" matches "fa-AF", "zh" does not match "zha"). */
bool ik_lang_matches(const char *range, const char *tag);
/* True when either tag matches the other: the same language named more or
 * less precisely ("zh" and "zh-Hans"; not "zh-Hans" and "zh-Hant"). */
bool ik_lang_related(const char *a, const char *b);

/* ---- hashing ---------------------------------------------------------------
 * The one string hash (FNV-1a, 64 bits) and the one string -> index map:
 * keys are copied; values are whatever index the caller keeps (a row, a
 * slot of its own array). */
uint64_t ik_hash(const void *data, size_t n);
typedef struct IkMap IkMap;
IkMap *ik_map_create(void);
void ik_map_destroy(IkMap *map);   /* NULL does nothing */
/* Sets key to value; true when key was already there (*old, if not NULL,
 * receives the value it replaced). */
bool ik_map_put(IkMap *map, const char *key, size_t value, size_t *old);
/* True with *value (if not NULL) when key is present. */
bool ik_map_get(const IkMap *map, const char *key, size_t *value);
/* True when key was there and is removed. */
bool ik_map_remove(IkMap *map, const char *key);
size_t ik_map_count(const IkMap *map);

/* ---- calendar ---------------------------------------------------------------
 * Weekdays are 0 = Monday ... 6 = Sunday everywhere (ISO 8601 order). */
/* RFC 5545 BYDAY code: "MO" ... "SU". */
const char *ik_weekday_code(int weekday);
/* Name in catalog keys: "mon" ... "sun" (common.weekday.mon.short). */
const char *ik_weekday_key(int weekday);
/* Weekday of the n-byte RFC 5545 code s, -1 when it is not one. */
int ik_weekday_parse(const char *s, size_t n);
/* Civil dates as days since 1970-01-01 (proleptic Gregorian) and back. */
long ik_days_from_civil(long year, int month, int day);
void ik_civil_from_days(long days, long *year, int *month, int *day);
/* Weekday (0 = Monday) of days since 1970-01-01. */
int ik_weekday_of_days(long days);
int ik_days_in_month(long year, int month);

/* ---- strings ------------------------------------------------------------ */
bool ik_str_starts_with(const char *s, const char *prefix);
bool ik_str_ends_with(const char *s, const char *suffix);
/* Cuts leading spaces/tabs and trailing spaces/tabs/CR in place; returns
 * the first kept character (inside s). */
char *ik_str_trim(char *s);
/* Parses a whole decimal integer in [min, max]; false on anything else. */
bool ik_parse_int(const char *s, long min, long max, long *out);

#endif
