/* content: reading a content pack (one SQLite file, opened read-only), the
 * i18n catalog with Italian fallback, and directory search. No SDL here.
 * Every list returned is owned by the caller and freed with its _free
 * function; strings inside belong to the list. */
#ifndef INCONTRO_CONTENT_H
#define INCONTRO_CONTENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

#include "incontro/core.h"

#define IK_PACK_FORMAT 4
#define IK_SOURCE_LANG "it"

typedef struct IkContent IkContent;

/* SQL that creates the pack's tables (format IK_PACK_FORMAT). */
const char *ik_content_schema_sql(void);

/* ---- signed packs ------------------------------------------------------
 * A signed pack is one file:
 *   [SQLite database][manifest][64-byte Ed25519 signature of the manifest]
 *   [manifest length, 4 bytes little-endian]["IKSIG002"]
 * The manifest is text, one "key value" a line: the pack's version (its
 * meta.version, which only grows), when it was signed, until when it may be
 * shown, and the length and hash of the database bytes: BLAKE2b-256
 * ("blake2b"), five times faster to check at every start-up than the
 * SHA-256 ("sha256") of packs signed before, which are still read. SQLite ignores
 * bytes past its own pages, so a signed pack is still a pack. */
#define IK_KEY_BYTES 32
#define IK_SIGNATURE_BYTES 64
#define IK_SIGN_MAGIC "IKSIG002"
#define IK_MANIFEST_MAX 4096
/* A larger file is refused unread: 8 GiB, or what a size_t can hold with
 * room to spare where it is 32 bits wide. */
#define IK_PACK_MAX_BYTES \
    ((unsigned long long)(SIZE_MAX / 2 < (8ULL << 30) ? SIZE_MAX / 2 : (8ULL << 30)))
/* A pack up to this size is read into memory and checked there; a larger one
 * is read by SQLite from its file, which must then not change. In memory a
 * page SQLite misses is a copy; from the file it is a read and a check that
 * the file is unchanged, a fifth more per search keystroke at 10,000
 * services (196 MB), which stay in memory. */
#define IK_PACK_MEMORY_MAX ((size_t)256 << 20)

typedef enum { IK_HASH_BLAKE2B, IK_HASH_SHA256 } IkHashKind;

typedef struct {
    char version[24];           /* digits, the pack's meta.version */
    long long created, expires; /* seconds since 1970, UTC */
    unsigned long long length;  /* bytes of the database */
    IkHashKind hash_kind;
    unsigned char hash[32];     /* of the database bytes */
} IkManifest;

/* m->hash of the size bytes at data, with m->hash_kind. */
void ik_content_manifest_hash(IkManifest *m, const void *data, size_t size);

typedef enum {
    IK_SIGNED_NONE,             /* no trailer */
    IK_SIGNED_OLD,              /* "IKSIG001": a bare signature, no manifest */
    IK_SIGNED_MANIFEST          /* "IKSIG002": a signed manifest */
} IkSignedKind;

typedef struct {
    IkSignedKind kind;
    size_t db_size;             /* bytes of the database (before any trailer) */
    const char *manifest;       /* inside the data given; NULL unless MANIFEST */
    size_t manifest_size;
    const unsigned char *signature; /* IK_SIGNATURE_BYTES inside the data, or NULL */
} IkSignedParts;

/* Finds the trailer of a pack's bytes (pointers into data). False with
 * ik_error() when a trailer is there but damaged. */
bool ik_content_split(const char *data, size_t size, IkSignedParts *parts);
/* With key (IK_KEY_BYTES): true only for a manifest signed by key whose
 * length and SHA-256 match the database bytes. Without key: unsigned and
 * old-style packs pass, and a manifest's length and hash are still checked.
 * False with "NAME: why" in ik_error(). *manifest is zeroed unless parsed. */
bool ik_content_verify(const char *name, const char *data, size_t size,
                       const unsigned char *key, IkSignedParts *parts, IkManifest *manifest);
/* m->hash of the first size bytes of the file open on fd, read in chunks;
 * false with ik_error() naming `name` when they cannot all be read. */
bool ik_content_manifest_hash_fd(IkManifest *m, int fd, size_t size, const char *name);
/* The same for the file open on fd, of size bytes, read in chunks (a pack
 * too large to read whole); parts->manifest and parts->signature are NULL
 * on return. */
bool ik_content_verify_fd(const char *name, int fd, size_t size, const unsigned char *key,
                          IkSignedParts *parts, IkManifest *manifest);
/* The manifest as signed text (malloc'd, caller frees) and back. */
char *ik_content_manifest_format(const IkManifest *manifest, size_t *size);
bool ik_content_manifest_parse(const char *text, size_t size, IkManifest *manifest);
/* UTC time as the manifest writes it: 2026-01-31T12:00:00Z, and back (false
 * on anything else). */
void ik_content_time_text(long long t, char out[32]);
bool ik_content_time_parse(const char *text, long long *t);
/* A public key from "HEX" or the line "trusted_key = HEX" (what keygen
 * writes to NAME.pub and the kiosk's config takes); false with ik_error(). */
bool ik_content_key_parse(const char *text, size_t size, unsigned char key[IK_KEY_BYTES]);
bool ik_content_key_load(const char *path, unsigned char key[IK_KEY_BYTES]);

/* ---- golden help numbers ------------------------------------------------
 * The national help numbers, compiled in: a pack must hold each, under its
 * id, with exactly this number, or it is refused (at build, install and
 * open); with no trusted pack the kiosk shows these. */
#define IK_GOLDEN_HELPLINES 5

typedef struct {
    const char *id;             /* helplines.csv id */
    const char *number;         /* as dialled */
} IkGoldenHelpline;

const IkGoldenHelpline *ik_content_golden_helplines(size_t *count);

/* ---- opening ------------------------------------------------------------ */
typedef struct {
    const unsigned char *key;   /* trusted public key (IK_KEY_BYTES), or NULL:
                                 * any pack opens (development, tools) */
    bool refuse_expired;        /* an update: expired is refused, not shown */
    time_t now;                 /* the clock for expiry; 0 = time(NULL) */
    size_t memory_max;          /* larger packs are read from their file;
                                 * 0 = IK_PACK_MEMORY_MAX */
} IkOpenOptions;

/* Opens a pack: reads the whole file into memory, verifies it (see
 * ik_content_verify), then opens exactly those bytes read-only with SQLite's
 * defensive settings, and checks that it is a complete pack of this format
 * (every table and column, Italian, topics, strings, the golden help
 * numbers). A file changed on disk later cannot reach the reader. A pack
 * larger than memory_max is verified by reading its file through, then read
 * by SQLite from that file in place; once it changes on disk (it should
 * only ever be replaced by a rename) every read of it is an error, so its
 * new bytes never reach the reader unverified either. NULL with ik_error()
 * naming the file and what is wrong. options may be NULL. */
IkContent *ik_content_open_with(const char *path, const IkOpenOptions *options);
/* The same from bytes in memory (copied; name is for messages). */
IkContent *ik_content_open_bytes(const char *name, const void *data, size_t size,
                                 const IkOpenOptions *options);
/* Bytes of the pack's file (with any signed trailer), and of its database. */
size_t ik_content_file_size(const IkContent *content);
size_t ik_content_db_size(const IkContent *content);
/* Forgets what reading kept for the next look-up (the rows and texts of the
 * searches typed lately, SQLite's pages): a session's end leaves nothing of
 * what its reader looked for, and the memory goes back. */
void ik_content_release(IkContent *content);
/* The file the pack is read from (too large for memory) as it was verified,
 * or NULL for a pack read into memory. Owned by content. */
const struct stat *ik_content_file_stat(const IkContent *content);
/* Writes the first n bytes of the pack's file, exactly as they were verified
 * (n at most its file size), to r: a pack is installed or signed from the
 * bytes that were checked, not from its file read again. False with
 * ik_error() when they cannot be (the file changed, an I/O error). */
bool ik_content_write_bytes(IkContent *content, size_t n, IkFileReplace *r);
/* The manifest hash (m->hash_kind) of its database's verified bytes. */
bool ik_content_hash_db(IkContent *content, IkManifest *m);
/* ik_content_open_with(path, NULL). */
IkContent *ik_content_open(const char *path);
void ik_content_close(IkContent *content);

/* The signed manifest the pack came with (verified when opened with a key),
 * or NULL when it has none. Owned by content. */
const IkManifest *ik_content_manifest(const IkContent *content);
/* True when a signature by the trusted key was checked at open. */
bool ik_content_trusted(const IkContent *content);
/* What trailer the pack came with. */
IkSignedKind ik_content_signed_kind(const IkContent *content);
/* True when the manifest's expiry is before now. */
bool ik_content_expired(const IkContent *content, time_t now);

/* meta table value, or NULL. Owned by content, valid until close. */
const char *ik_content_meta(IkContent *content, const char *key);

/* ---- languages ---------------------------------------------------------- */
typedef struct {
    char *code;         /* "ar", "fa-AF", "zh-Hans" */
    char *endonym;      /* the language's own name, in its own script */
    char *script;       /* ISO 15924: Latn, Arab, Cyrl, Beng, Ethi, Hans */
    bool rtl;
} IkLanguage;

size_t ik_content_language_count(IkContent *content);
/* i-th language in picker order; owned by content. */
const IkLanguage *ik_content_language(IkContent *content, size_t i);
/* NULL when the pack has no such language. */
const IkLanguage *ik_content_language_find(IkContent *content, const char *code);
/* A language's name in itself, for any BCP 47 code (the languages a service
 * speaks): the endonym of the pack language it names, exactly or more or
 * less precisely ("zh" -> the endonym of "zh-Hans"), else CLDR's name of the
 * language in itself through ICU ("de" -> "Deutsch"), else the code. Never
 * NULL; owned by content (or code itself), valid until close. */
const char *ik_content_language_name(IkContent *content, const char *code);

/* ---- catalog ------------------------------------------------------------ */
/* The string for key ("ui:home.title", "service:ID:name", ...) in lang,
 * else in Italian, else the key itself: never NULL, never empty unless the
 * source is. Owned by content; valid until close. Repeated look-ups of the
 * same (lang, key) cost no query. */
const char *ik_content_text(IkContent *content, const char *lang, const char *key);
/* Shorthand for ik_content_text(content, lang, "ui:" key). */
const char *ik_content_ui(IkContent *content, const char *lang, const char *key);
/* The plural form of key for the count n, chosen by the language's PO
 * Plural-Forms rule (forms past the first are stored as KEY#1, KEY#2...);
 * falls back like ik_content_text. The "%d" stays in the text for the caller
 * to format. Owned by content; valid until close. */
const char *ik_content_plural(IkContent *content, const char *lang, const char *key, long n);
/* True when key exists in lang itself (not through the Italian fallback). */
bool ik_content_has_text(IkContent *content, const char *lang, const char *key);
/* Distinct (language, key) strings asked for since open that were shown in
 * Italian or as their key instead (for the operator menu: a missing
 * translation is counted, never hidden). Repeated look-ups count once. */
size_t ik_content_fallback_count(IkContent *content);

/* ---- topics ------------------------------------------------------------- */
typedef struct {
    char *id;
    char *title;        /* in lang, or Italian when not translated */
    char *audience;     /* children|teens|parents|professionals|all */
    char *pictogram;
    bool fallback;      /* shown in Italian */
} IkTopic;

IkTopic *ik_content_topics(IkContent *content, const char *lang, size_t *count);
void ik_topics_free(IkTopic *topics, size_t count);

typedef enum {
    IK_BLOCK_TITLE, IK_BLOCK_HEADING, IK_BLOCK_PARAGRAPH, IK_BLOCK_BULLET,
    IK_BLOCK_NUMBER,
    IK_BLOCK_ACTION     /* a line of the "what to do now" box at the top */
} IkBlockKind;

typedef struct {
    IkBlockKind kind;
    int number;         /* for IK_BLOCK_NUMBER */
    char *text;         /* plain text, inline emphasis removed */
} IkBlock;

/* The page of topic id in lang (Italian fallback, *fallback set); NULL with
 * ik_error() when there is no such topic. */
IkBlock *ik_content_topic_blocks(IkContent *content, const char *lang,
                                 const char *id, size_t *count, bool *fallback);
void ik_blocks_free(IkBlock *blocks, size_t count);

/* ---- help numbers ------------------------------------------------------- */
typedef struct {
    char *id;
    char *number;       /* as dialled, e.g. "800 290 290" */
    char *name;
    char *description;
    char *languages;    /* space-separated codes, may be empty */
    int free;           /* 1, 0, or -1 unknown */
    int always_open;    /* 1, 0, or -1 unknown */
} IkHelpline;

IkHelpline *ik_content_helplines(IkContent *content, const char *lang, size_t *count);
void ik_helplines_free(IkHelpline *lines, size_t count);

/* ---- taxonomy ----------------------------------------------------------- */
typedef struct {
    char *code;         /* "piana-fi-po", "psychological-support" */
    char *name;         /* in lang */
} IkTerm;

/* The codes the kiosk knows, by taxonomy, in display order (taxonomy.c):
 * areas ("piana-fi-po", ...), categories ("civic-orientation", ...) and
 * flags ("demo", "confidential-address", "free-of-charge", "contact-name":
 * the neutral name of the take-away, in the attribute row's value). */
#define IK_AREA_COUNT 3
#define IK_CATEGORY_COUNT 5
#define IK_FLAG_COUNT 4
extern const char *const ik_content_areas[IK_AREA_COUNT];
extern const char *const ik_content_categories[IK_CATEGORY_COUNT];
extern const char *const ik_content_flags[IK_FLAG_COUNT];
/* Display position of a known code among all of them, with its taxonomy
 * ("area", "category" or "flag", static) in *taxonomy; -1 when unknown. */
int ik_content_term_position(const char *code, const char **taxonomy);

/* Terms of one taxonomy ("area", "category", "flag") in display order. */
IkTerm *ik_content_terms(IkContent *content, const char *lang,
                         const char *taxonomy, size_t *count);
void ik_terms_free(IkTerm *terms, size_t count);

/* ---- services ----------------------------------------------------------- */
/* One opening rule (an HSDS schedule row the kiosk computes, one day of its
 * byday or bymonthday each). All fields past closes are 0 for the plain
 * weekly case. Days are counted since 1970-01-01, Europe/Rome dates. */
typedef enum { IK_FREQ_WEEKLY, IK_FREQ_MONTHLY, IK_FREQ_DAILY } IkFreq;

typedef struct {
    int weekday;        /* 0 = Monday; -1 = any day (by day of the month, or daily) */
    int opens;          /* minutes after midnight, Europe/Rome */
    int closes;         /* at or before opens: runs past midnight */
    int freq;           /* IkFreq */
    int ordinal;        /* monthly: the 1st..5th such weekday, -1 the last, -2...; 0 every */
    int monthday;       /* monthly: day 1..31 of the month, -1 the last, ...; 0 none */
    int interval;       /* every interval weeks/months/days from start; 0 or 1 = every */
    long start;         /* dtstart (day), needed for interval > 1 */
    long from, to;      /* valid days, inclusive; 0 = open-ended */
} IkOpening;

/* True when o is the plain weekly case ("every Monday 9-13"), which the
 * hours lines show; other rules are shown by the service's hours notes. */
bool ik_opening_plain(const IkOpening *o);

typedef struct {
    char *number;
    char *description;  /* may be NULL */
} IkPhone;

typedef struct {
    char *id;
    char *name;                 /* in lang, Italian fallback */
    char *description;
    char *organization;
    char *fees;                 /* may be NULL */
    char *contact;              /* neutral name for a reader's phone, or NULL */
    char *address;              /* NULL when the address is confidential */
    char *city;
    char *area;                 /* area term code */
    char *email;                /* may be NULL */
    char *url;                  /* may be NULL */
    char **categories;          /* term codes */
    size_t category_count;
    IkPhone *phones;
    size_t phone_count;
    char **languages;           /* ISO codes of languages spoken */
    size_t language_count;
    IkOpening *openings;
    size_t opening_count;
    char **hours_notes;         /* in lang: hours as the directory words them
                                 * (schedule descriptions, rules beyond weekly) */
    size_t hours_note_count;
    char *checked;              /* YYYY-MM-DD the information was last checked, or NULL */
    int min_age, max_age;       /* -1 when not stated */
    double latitude, longitude; /* 0 when unknown or confidential */
    bool free, demo, confidential;
} IkService;

/* NULL with ik_error() when there is no such service. */
IkService *ik_content_service(IkContent *content, const char *lang, const char *id);
void ik_service_free(IkService *service);
/* The take-away a reader's phone reads from the QR code: a MECARD with
 * only a neutral contact name (the service's own from the data, else
 * default_name) and the phone numbers. Nothing else: no name of the service
 * or organisation, no description, category, address, e-mail or web address,
 * so the saved contact does not tell what kind of help was sought. malloc'd;
 * NULL when the service has no phone number. */
char *ik_service_takeaway(const IkService *service, const char *default_name);
/* True when one of the openings holds at `now` (Europe/Rome wall clock,
 * computed with the EU summer-time rule: independent of the process's TZ);
 * an opening that closes at or before it opens runs past midnight. The one
 * place that decides "open now" (app/content/schedule.c). */
bool ik_schedule_open_at(const IkOpening *openings, size_t count, time_t now);
/* Minutes after midnight of the next opening later today (Europe/Rome), or
 * -1 when none opens again today. */
int ik_schedule_opens_later(const IkOpening *openings, size_t count, time_t now);
/* ik_schedule_open_at on the service's openings; false for NULL. */
bool ik_service_open_at(const IkService *service, time_t now);
/* Europe/Rome wall clock at `now`: weekday (0 = Monday) and minutes after
 * midnight; returns the UTC offset in seconds (3600 or 7200). */
int ik_rome_time(time_t now, int *weekday, int *minutes);
/* The same with the local date, as days since 1970-01-01 (any out NULL). */
int ik_rome_clock(time_t now, long *day, int *weekday, int *minutes);
/* printf-like for catalog strings, which are data: only %d (taking a, then
 * b) and %% are expanded, anything else is copied as it is, so a broken
 * translation can never read a missing argument. out is always terminated. */
void ik_content_format(char *out, size_t size, const char *fmt, int a, int b);
/* A catalog pattern with two texts: %1$s and %2$s (a translation may put
 * them in either order), or %s taken in order, are replaced by a and b, %%
 * by %; anything else is copied. malloc'd, caller frees. */
char *ik_content_format_pair(const char *fmt, const char *a, const char *b);
/* Opening hours as lines "lun – ven  15:00 – 18:00": consecutive days with
 * the same hours share a line, day names from the catalog, ranges of days
 * and of times as the language writes them (common.hours.days and
 * common.hours.times, "%1$s – %2$s" in Italian), each time isolated left to
 * right (LRI ... PDI) so a range reads in the language's direction; then
 * the service's hours notes, one a line.
 * malloc'd, caller frees; "" without hours. */
char *ik_content_hours(IkContent *content, const char *lang, const IkService *service);
/* A date "YYYY-MM-DD" written as readers of lang write it ("30 novembre
 * 2026", "30 November 2026"), in their locale's own calendar and digits
 * (ICU); false when ymd is not a date. out is always terminated. */
bool ik_content_date(const char *lang, const char *ymd, char *out, size_t size);
/* The separator of a list written in lang: ", " or, in languages written in
 * the Arabic script, the Arabic comma "، ". Static. */
const char *ik_content_list_separator(const char *lang);
/* True when any demo entry is loaded (the kiosk shows a ribbon). */
bool ik_content_has_demo(IkContent *content);
size_t ik_content_service_count(IkContent *content);

/* ---- search ------------------------------------------------------------- */
typedef struct {
    const char *area;           /* term code or NULL */
    const char *category;       /* term code or NULL */
    const char *language;       /* ISO code spoken at the service, or NULL */
    bool open_now;
    time_t now;                 /* the clock for open_now */
    bool free_only;
    int age;                    /* -1 = any */
    const char *home_area;      /* the kiosk's own area, ranked first; NULL */
    int limit;                  /* <= 0 = no limit */
} IkSearchFilter;

typedef struct {
    char *id;
    char *name;                 /* in lang */
    char *organization;
    char *city;                 /* NULL when confidential */
    char *area;
    double score;
} IkSearchResult;

/* Ranked services matching query (any text, any length, never an SQL error;
 * empty = browse everything that passes the filter). Returns NULL only on a
 * real failure, with ik_error(); an empty result is a non-NULL array with
 * *count 0. */
IkSearchResult *ik_content_search(IkContent *content, const char *lang,
                                  const char *query, const IkSearchFilter *filter,
                                  size_t *count);
void ik_search_results_free(IkSearchResult *results, size_t count);

/* The normalized form used for indexing and querying (case folded, accents
 * and Arabic-script variants folded); malloc'd, caller frees. */
char *ik_search_normalize(const char *utf8, size_t len);

#endif
