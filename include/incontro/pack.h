/* pack: building content packs from what NGO staff edit (CSV, Markdown,
 * gettext PO, HSDS tabular CSV), validating every input with FILE:LINE
 * messages, and signing/installing packs. Uses core, content's schema and,
 * for `check`, text's glyph coverage. No SDL here. */
#ifndef INCONTRO_PACK_H
#define INCONTRO_PACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>
#include <time.h>

#include "incontro/content.h"

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
    int stale_days;               /* warn about services not checked for more
                                   * days than this; 0 = IK_PACK_STALE_DAYS,
                                   * < 0 = never */
    time_t now;                   /* the clock for that; 0 = time(NULL) */
    int max_source_age;           /* days after which a page's "read" source is
                                   * warned about; 0 = 365, negative = never */
} IkPackOptions;

#define IK_PACK_STALE_DAYS 365

/* Reads and validates every input, reporting each problem to diag. With out
 * != NULL, writes the pack to a temporary file beside out and renames it over
 * out only when there was no error: a failed build never touches out.
 * Returns false when any error was reported (or on I/O failure, ik_error()). */
bool ik_pack_build(const IkPackOptions *options, const char *out, IkDiag *diag);

/* One line per language, picker order:
 * CODE \t TRANSLATED/TOTAL \t PERCENT% \t REVIEWED reviewed \t STALE stale
 * (stale: pages translating an older version of their Italian page, not
 * counted as translated; each is also a warning in diag). */
bool ik_pack_coverage(const IkPackOptions *options, FILE *out, IkDiag *diag);

/* Writes the translation template (every source string, msgctxt = key). */
bool ik_pack_extract(const IkPackOptions *options, const char *pot_path, IkDiag *diag);

/* Writes the pack's raw HSDS tables back as CSV files into dir (created). */
bool ik_pack_export_hsds(const char *pack_path, const char *dir);

/* Writes the pack's content in lang as a static web site into dir (created):
 * index.html (home), topics, a page per topic, the directory by area and
 * by category, a page per service, help numbers, the neutral page, and
 * style.css with the font files the pages use in dir/fonts. False with
 * ik_error() (an unknown lang names the pack's languages). */
bool ik_pack_export_html(const char *pack_path, const char *lang, const char *dir);

/* Prints version, build time, languages, counts and signature state. */
bool ik_pack_info(const char *pack_path, FILE *out);

/* ---- signing and installing -------------------------------------------
 * Ed25519 (libsodium); the signed pack's layout and manifest are content's
 * (content.h), which every reader checks. */
#define IK_PACK_VALID_DAYS 365          /* default validity of a signature */
#define IK_PACK_MAX_VALID_DAYS 3650

/* Writes NAME.key (secret, mode 0600, hex) and NAME.pub (the config line
 * "trusted_key = HEX"). Refuses to replace an existing NAME.key or NAME.pub
 * unless force. */
bool ik_pack_keygen(const char *name, bool force);
/* Checks that pack is a complete pack of a known format, then signs it in
 * place (atomically) with a manifest: its version, now, an expiry
 * valid_days from now, its length and SHA-256. Any old signature goes. */
bool ik_pack_sign(const char *key_path, const char *pack_path, int valid_days);
/* Opens pack as a kiosk trusting pubkey does (signature, manifest, complete
 * pack); fills *manifest when not NULL. False with ik_error() saying why. */
bool ik_pack_verify(const char *pubkey_path, const char *pack_path, IkManifest *manifest);

typedef enum {
    IK_INSTALL_DONE,            /* store/current.pack is the new pack */
    IK_INSTALL_NOT_NEWER,       /* a good pack, but not newer than the installed */
    IK_INSTALL_REFUSED,         /* unsigned, badly signed, expired, incomplete... */
    IK_INSTALL_FAILED           /* the store could not be written */
} IkInstallResult;

/* The one update path (incontro-pack install and the kiosk's updater):
 * verifies pack with key (signature, manifest, expiry at now, complete pack
 * with the golden help numbers), refuses a version not newer than
 * store/current.pack's, keeps the old one as store/previous.pack and
 * replaces store/current.pack atomically (temporary file, fsync, rename,
 * fsync of the folder): killed at any instant, current.pack verifies.
 * version (24 bytes, may be NULL) receives the pack's version once read.
 * Anything but DONE leaves ik_error() saying why. */
IkInstallResult ik_pack_install_key(const unsigned char key[IK_KEY_BYTES], const char *store_dir,
                                    const char *pack_path, time_t now, char version[24]);
/* The same with the key read from pubkey_path; true when installed. */
bool ik_pack_install(const char *pubkey_path, const char *store_dir, const char *pack_path);

/* The meta version of a pack file, malloc'd; NULL with ik_error(). */
char *ik_pack_version(const char *pack_path);
/* Numeric order of two version strings (digits): <0, 0, >0. */
int ik_pack_version_cmp(const char *a, const char *b);

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
