/* pack: building content packs from what NGO staff edit (CSV, Markdown,
 * gettext PO, HSDS tabular CSV), validating every input with FILE:LINE
 * messages, and signing/installing packs. Uses core, content's schema and,
 * for `check`, text's glyph coverage. No SDL here. */
#ifndef INCONTRO_PACK_H
#define INCONTRO_PACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* ---- diagnostics ---------------------------------------------------------
 * Every problem found in the inputs, as "FILE:LINE: message" lines (line 0
 * = no line). Errors are collected up to a cap (the rest only counted). */
typedef struct IkDiag IkDiag;

/* stream: where each message is also printed as it comes (may be NULL). */
IkDiag *ik_diag_create(FILE *stream, size_t cap);
void ik_diag_destroy(IkDiag *diag);
void ik_diag_error(IkDiag *diag, const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void ik_diag_warning(IkDiag *diag, const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
size_t ik_diag_errors(const IkDiag *diag);
size_t ik_diag_warnings(const IkDiag *diag);
/* Every message kept so far, one per line. Owned by diag. */
const char *ik_diag_text(const IkDiag *diag);

/* ---- building ------------------------------------------------------------ */
typedef struct {
    const char *content_dir;      /* content/ (topics, csv files, languages.csv) */
    const char *translations_dir; /* translations/ (<lang>.po); NULL = none */
    const char *services_dir;     /* HSDS folder; NULL = content_dir/directory */
    const char *fonts_list;       /* for check: NULL = the text module's default */
    bool check_fonts;             /* every string drawable by the fonts (always on
                                   * when ik_pack_build writes a pack) */
    const char *version;          /* meta version; NULL = UTC YYYYMMDDHHMMSS */
} IkPackOptions;

/* Reads and validates every input, reporting each problem to diag. With out
 * != NULL, writes the pack to a temporary file beside out and renames it over
 * out only when there was no error: a failed build never touches out.
 * Returns false when any error was reported (or on I/O failure, ik_error()). */
bool ik_pack_build(const IkPackOptions *options, const char *out, IkDiag *diag);

/* One line per language, picker order:
 * CODE \t TRANSLATED/TOTAL \t PERCENT% \t REVIEWED reviewed. */
bool ik_pack_coverage(const IkPackOptions *options, FILE *out, IkDiag *diag);

/* Writes the translation template (every source string, msgctxt = key). */
bool ik_pack_extract(const IkPackOptions *options, const char *pot_path, IkDiag *diag);

/* Writes the pack's raw HSDS tables back as CSV files into dir (created). */
bool ik_pack_export_hsds(const char *pack_path, const char *dir);

/* Prints version, build time, languages, counts and signature state. */
bool ik_pack_info(const char *pack_path, FILE *out);

/* ---- signing ---------------------------------------------------------------
 * Ed25519 (libsodium). The signature is a trailer appended to the pack file:
 *   [SQLite bytes][64-byte signature of the SQLite bytes]["IKSIG001"]
 * SQLite ignores bytes past the page count its header records, so a signed
 * pack is still an ordinary pack, and installing it is one atomic rename. */
#define IK_PACK_SIG_MAGIC "IKSIG001"
#define IK_PACK_SIG_TRAILER (64 + 8)

/* Writes NAME.key (secret, mode 0600) and NAME.pub, hex encoded. */
bool ik_pack_keygen(const char *name);
/* Signs pack in place (atomically), replacing any previous signature. */
bool ik_pack_sign(const char *key_path, const char *pack_path);
/* True when pack carries a valid signature by pubkey; ik_error() says why not. */
bool ik_pack_verify(const char *pubkey_path, const char *pack_path);
/* 1 signed, 0 unsigned, -1 unreadable: for info (no key needed). */
int ik_pack_signed(const char *pack_path);
/* Verifies pack, refuses a version not newer than store/current.pack's,
 * keeps the old one as store/previous.pack and atomically replaces
 * store/current.pack. */
bool ik_pack_install(const char *pubkey_path, const char *store_dir, const char *pack_path);

/* The meta version of a pack file, malloc'd; NULL with ik_error(). */
char *ik_pack_version(const char *pack_path);

/* ---- operator PIN ---------------------------------------------------------
 * The kiosk keeps only a hash of its operator PIN (Argon2id, libsodium's
 * crypto_pwhash_str format), so a copied configuration file does not give
 * the PIN away. */
#define IK_PIN_HASH_MAX 128     /* crypto_pwhash_STRBYTES, NUL included */
/* Hashes pin (4 to 12 digits: what the operator pad can type) into out;
 * false with ik_error() for any other PIN or when libsodium cannot start. */
bool ik_pack_pin_hash(const char *pin, char out[IK_PIN_HASH_MAX]);

/* ---- statistics ----------------------------------------------------------- */
/* Exports the kiosk's daily(day, event, count) table as CSV (out NULL =
 * stdout): header "day,event,count", ordered by day then event. */
bool ik_pack_stats_export(const char *db_path, const char *csv_path);

#endif
