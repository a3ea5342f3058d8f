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
#define IK_MAX_COLUMNS 1000 /* columns of one CSV table */
#define IK_MAX_PAGE ((size_t)1000000)     /* bytes of one Markdown page */

/* Reports ik_error() (a failed core call about file) as an error of file. */
void ik_diag_failure(IkDiag *diag, const char *file);

/* ---- CSV ---------------------------------------------------------------- */
typedef struct {
    long line;          /* line where the row starts */
    size_t count;       /* fields (always the header's count) */
    char **fields;      /* NUL-terminated, owned */
    bool broken;        /* reported by the reader (its field count was wrong,
                         * the fields are padded): checked no further */
} IkCsvRow;

typedef struct {
    char *path;         /* as reported in messages */
    char *name;         /* table name: file name without .csv */
    size_t column_count;
    char **columns;     /* header names */
    IkMap *column_index;    /* name -> column */
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
/* The first row whose column value equals row's (row itself when none
 * earlier): n log n over the table once, so duplicate checks stay fast on
 * huge files. */
size_t ik_csv_first_equal(IkCsv *csv, int column, size_t row);
/* Reports each missing column; false if any is missing. */
bool ik_csv_require(const IkCsv *csv, IkDiag *diag, const char *const *names);
/* Writes one CSV field/row with RFC 4180 quoting. */
void ik_csv_write_row(FILE *f, size_t count, const char *const *fields);

/* ---- column rules --------------------------------------------------------
 * What one cell may hold. A reader lists its columns' rules in one table;
 * ik_rules_check reports each cell's first problem once, as
 * FILE:LINE: COLUMN "VALUE" is not WHAT (or missing / too long). */
typedef enum {
    IK_RULE_TEXT,       /* anything (up to max) */
    IK_RULE_NAME,       /* a name or title: IK_MAX_NAME by default */
    IK_RULE_ID,         /* ik_valid_id */
    IK_RULE_NUMBER,     /* whole number 0..100000, plain digits */
    IK_RULE_AGE,        /* 0..120, plain digits */
    IK_RULE_FLAG,       /* 1/0, true/false, yes/no */
    IK_RULE_ONE_OF,     /* one of values ("a|b|c") */
    IK_RULE_URL,        /* http(s) with a host */
    IK_RULE_EMAIL,
    IK_RULE_LATITUDE,   /* decimal degrees */
    IK_RULE_LONGITUDE,
    IK_RULE_TIME,       /* HH:MM or HH:MM:00, 00:00-24:00 */
    IK_RULE_DATE,       /* YYYY-MM-DD, a real date */
    IK_RULE_PHONE,      /* digits and + - / ( ) . spaces, 3 digits at least */
    IK_RULE_LANGUAGE,   /* a language code (it, fa-AF) */
    IK_RULE_LANGUAGES,  /* such codes separated by spaces or commas */
} IkRuleKind;

typedef struct {
    const char *column;
    IkRuleKind kind;
    bool required;      /* an empty cell is an error */
    size_t max;         /* bytes; 0 = the kind's default */
    const char *values; /* IK_RULE_ONE_OF: "a|b|c" */
    const char *what;   /* NULL, or what the value is not, for the message */
} IkRule;

/* Checks row against n rules (cell_ok, if not NULL, receives each rule's
 * verdict) and every other column against IK_MAX_FIELD; false when the row
 * has any problem. */
bool ik_rules_check(const IkCsv *csv, size_t row, const IkRule *rules, size_t n, bool *cell_ok,
                    IkDiag *diag);
/* False, with "duplicate COLUMN "V" (first on line N)", when an earlier row
 * has row's (non-empty) value in column. */
bool ik_rules_unique(IkCsv *csv, size_t row, const char *column, IkDiag *diag);
/* A FLAG cell: 1, 0, -1 when empty, -2 when not a flag. */
int ik_rule_flag(const char *value);
/* The cell of row in the named column ("" when the column is absent). */
const char *ik_rules_get(const IkCsv *csv, size_t row, const char *column);
/* YYYY-MM-DD of a real calendar date; outputs may be NULL. */
bool ik_parse_date(const char *s, int *year, int *month, int *day);

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
/* Refuses text that is not UTF-8 with LF/CRLF line ends (UTF-16, Latin-1,
 * NUL, control characters, CR alone), at path:line, saying what was found
 * and how to save the file again (encoding.c). */
bool ik_check_utf8(const char *path, const char *text, size_t size, IkDiag *diag);
/* How to save path again as UTF-8 (a spreadsheet's steps for a .csv). */
const char *ik_save_as_utf8(const char *path);
/* Sorted, de-duplicated, '\n'-joined list of the phone numbers, URLs and
 * e-mail addresses in s (digits of every script folded to ASCII). malloc'd. */
char *ik_contacts(const char *s);
/* A plain, safe id: [A-Za-z0-9._-]+, at most IK_MAX_ID bytes. */
bool ik_valid_id(const char *s);
/* "HH:MM" (24:00 allowed) to minutes; -1 on anything else. */
int ik_parse_time(const char *s);

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
/* content/NAME read as a table with these columns (a NULL-ended list);
 * NULL when it is absent (reported if required) or unusable (reported). */
IkCsv *ik_build_table(IkBuild *b, const char *name, bool required, const char *const *columns);
/* Remembers where a (lang, key) string came from, for the font check. */
void ik_build_origin(IkBuild *b, const char *lang, const char *key, const char *file, long line);

/* A build in memory, for check, coverage and extract. */
bool ik_build_open_memory(IkBuild *b, IkDiag *diag);
/* Reads and validates every input into b->db (open), reporting to diag;
 * false when anything was reported. */
bool ik_build_load(IkBuild *b, const IkPackOptions *options, IkDiag *diag);
/* Frees b (and closes its database) and zeroes it. */
void ik_build_free(IkBuild *b);

/* The readers, in the order load runs them; each reports to b->diag. */
void ik_build_languages(IkBuild *b);      /* strings.c */
void ik_build_interface(IkBuild *b);      /* strings.c */
void ik_build_topics(IkBuild *b);         /* topics.c */
void ik_build_helplines(IkBuild *b);      /* helplines.c */
void ik_build_synonyms(IkBuild *b);       /* strings.c */
void ik_build_directory(IkBuild *b);      /* hsds.c */
void ik_build_translations(IkBuild *b);   /* po.c */
void ik_build_check_fonts(IkBuild *b);    /* fonts.c */

/* Writes DIR/datapackage.json describing the HSDS tables of pack as
 * export-hsds writes them (DIR/TABLE.csv); false with ik_error(). */
bool ik_hsds_write_datapackage(sqlite3 *pack, const char *dir);

/* (Re)creates the directory's search index in db, which must be writable,
 * from the pack's tables and strings (search_index.c; its layout is
 * app/content/search_format.h). False with ik_error(); db is left as it was. */
bool ik_search_index_build(sqlite3 *db);

/* Latin readings of texts for the search index (search_latin.c): the marked
 * pinyin of their Chinese words and skeletons of their Arabic-script words,
 * each distinct word transliterated once. NULL with ik_error() when ICU
 * lacks the transliterators. */
typedef struct IkSearchLatin IkSearchLatin;
IkSearchLatin *ik_search_latin_create(void);
void ik_search_latin_destroy(IkSearchLatin *latin);   /* NULL does nothing */
/* Appends to b, space-separated, the readings of raw text, whose
 * ik_search_normalize form is normalized. */
void ik_search_latin_add(IkSearchLatin *latin, IkBuf *b, const char *raw, const char *normalized);

#endif
