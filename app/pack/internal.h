/* Private to the pack module: CSV tables, Markdown pages, PO catalogs and
 * the state of one build. */
#ifndef IK_PACK_INTERNAL_H
#define IK_PACK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "incontro/core.h"
#include "incontro/pack.h"

#define IK_MAX_FIELD 4000   /* bytes: longer is an "absurd" field */
#define IK_MAX_NAME 300     /* bytes for names and titles */
#define IK_MAX_ID 100       /* bytes for ids and codes */
#define IK_MAX_TABLE ((size_t)16 << 20)   /* bytes of one CSV file */

/* Reports ik_error() (a failed core call about file) as an error of file. */
void ik_diag_failure(IkDiag *diag, const char *file);

/* ---- CSV ---------------------------------------------------------------- */
typedef struct {
    long line;          /* line where the row starts */
    size_t count;       /* fields */
    char **fields;      /* NUL-terminated, owned */
} IkCsvRow;

typedef struct {
    char *path;         /* as reported in messages */
    char *name;         /* table name: file name without .csv */
    size_t column_count;
    char **columns;     /* header names */
    size_t row_count;
    IkCsvRow *rows;
    int first_column;   /* the column ik_csv_first_equal indexed */
    size_t *first;      /* its answers, one per row (owned) */
} IkCsv;

/* Reads an RFC 4180 CSV file with a header line. Problems (missing file when
 * required, invalid UTF-8, malformed quoting, wrong field count) go to diag;
 * NULL when the file cannot be used at all. */
IkCsv *ik_csv_read(const char *path, IkDiag *diag, bool required);
void ik_csv_free(IkCsv *csv);
/* Column index by header name, -1 when absent. */
int ik_csv_column(const IkCsv *csv, const char *name);
/* Field of row by column index ("" when the index is -1 or out of range). */
const char *ik_csv_get(const IkCsv *csv, size_t row, int column);
/* Reports each missing column; false if any is missing. */
/* The first row whose column value equals row's (row itself when none
 * earlier): n log n over the table once, so duplicate checks stay fast on
 * huge files. */
size_t ik_csv_first_equal(IkCsv *csv, int column, size_t row);
bool ik_csv_require(const IkCsv *csv, IkDiag *diag, const char *const *names);
/* Writes one CSV field/row with RFC 4180 quoting. */
void ik_csv_write_row(FILE *f, size_t count, const char *const *fields);

/* ---- Markdown ------------------------------------------------------------ */
typedef struct {
    int kind;           /* IkBlockKind */
    int number;
    long line;          /* where the block's text starts */
    char *text;
} IkMdBlock;

/* A "<!-- source: ... -->" comment: where a fact of the page comes from. */
typedef struct {
    long line;          /* where the comment starts */
    char *text;         /* what follows "source:", trimmed (owned) */
    char read[11];      /* the "read YYYY-MM-DD" date as written, "" when none */
} IkMdSource;

typedef struct {
    char *title;
    size_t count;
    IkMdBlock *blocks;  /* blocks[0] is the title */
    char *source_hash;  /* front matter "source-hash:" (a translation names the
                         * Italian page it translates), NULL when absent */
    long source_hash_line;
    size_t source_count;
    IkMdSource *sources;
} IkMdPage;

/* Parses a page of the Markdown subset; each construct outside it is an
 * error at path:line. NULL when the page is unusable. */
IkMdPage *ik_md_parse(const char *path, const char *text, size_t size, IkDiag *diag);
void ik_md_free(IkMdPage *page);

#define IK_MD_HASH_SIZE 17  /* 16 hex digits and NUL */
/* What the page shows (its blocks' kinds, numbers and text; not its
 * comments, front matter or line breaks) as 16 hex digits of SHA-256: the
 * version of an Italian page a translation records in its front matter. */
void ik_md_hash(const IkMdPage *page, char out[IK_MD_HASH_SIZE]);

/* ---- checks -------------------------------------------------------------- */
/* Reports invalid UTF-8 in text (path:line of the first bad byte). */
bool ik_check_utf8(const char *path, const char *text, size_t size, IkDiag *diag);
/* Sorted, de-duplicated, '\n'-joined list of the phone numbers, URLs and
 * e-mail addresses in s (digits of every script folded to ASCII). malloc'd. */
char *ik_contacts(const char *s);
/* A plain, safe id: [A-Za-z0-9._-]+, at most IK_MAX_ID bytes. */
bool ik_valid_id(const char *s);
/* "HH:MM" (24:00 allowed) to minutes; -1 on anything else. */
int ik_parse_time(const char *s);

#endif

/* ---- one build ------------------------------------------------------------- */
typedef struct sqlite3 sqlite3;

typedef struct {
    char *key;          /* catalog key: ui:..., service:ID:name, ... */
    char *text;         /* Italian source */
    char *plural;       /* Italian plural source, or NULL */
    char *comment;      /* for translators, or NULL */
    char *file;         /* where it came from */
    long line;
} IkSource;

typedef struct {
    char *code, *endonym, *script;
    bool rtl;
} IkLang;

typedef struct {
    const IkPackOptions *options;
    IkDiag *diag;
    sqlite3 *db;            /* the pack being written (or an in-memory one) */
    char *content_dir;
    char *services_dir;
    char *translations_dir;
    IkLang *langs;
    size_t lang_count;
    IkSource *sources;      /* in the order they were read */
    size_t source_count, source_cap;
    IkMap *source_index;    /* key -> index in sources */
    char **topics;          /* topic ids */
    size_t topic_count;
} IkBuild;

/* Runs sql with text parameters (NULL binds NULL); false on SQL failure,
 * which is a bug or I/O problem and is reported to diag. */
bool ik_build_sql(IkBuild *b, const char *sql, size_t n, const char *const *values);
/* SQL(b, "INSERT ... VALUES(?,?)", a, b2): ik_build_sql with the arguments
 * counted, so a statement and its values read as one line. */
#define SQL(b, sql, ...)                                                          \
    ik_build_sql((b), (sql), sizeof((const char *[]){__VA_ARGS__}) / sizeof(char *), \
                 (const char *[]){__VA_ARGS__})
/* Adds an Italian source string and stores it in the string table. */
void ik_build_source(IkBuild *b, const char *key, const char *text, const char *plural,
                     const char *comment, const char *file, long line);
const IkSource *ik_build_find_source(const IkBuild *b, const char *key);
const IkLang *ik_build_find_lang(const IkBuild *b, const char *code);
/* Remembers where a (lang, key) string came from, for the font check. */
void ik_build_origin(IkBuild *b, const char *lang, const char *key, const char *file, long line);

void ik_build_directory(IkBuild *b);      /* hsds.c */
void ik_build_translations(IkBuild *b);   /* po.c */
