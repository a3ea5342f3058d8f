/* incontro-pack: builds, checks, signs and installs content packs (the
 * command-line contract is in docs/design.md). Exit 0 on success, 1 on bad
 * input with FILE:LINE messages on stderr. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "incontro/content.h"
#include "incontro/core.h"
#include "incontro/pack.h"

static const char *const usage_text =
          "usage: incontro-pack COMMAND ...\n"
          "  build [--content DIR] [--translations DIR] [--services DIR] [--fonts LIST] [--version N]\n"
          "        [--max-source-age DAYS] [--stale-days N] -o FILE\n"
          "  check [--content DIR] [--translations DIR] [--services DIR] [--fonts LIST]\n"
          "        [--max-source-age DAYS] [--stale-days N]\n"
          "  coverage [--content DIR] [--translations DIR] [--services DIR]\n"
          "  extract [--content DIR] [--services DIR] -o FILE.pot\n"
          "  info PACK\n"
          "  search --pack FILE --lang CODE [--area ID] [--category ID] [--limit N] QUERY\n"
          "  export-hsds --pack FILE -o DIR\n"
          "  export-html --pack FILE --lang CODE -o DIR\n"
          "  keygen [--force] -o NAME\n"
          "  sign --key FILE [--valid-days N] PACK\n"
          "  verify --pubkey FILE PACK\n"
          "  install --pubkey FILE --store DIR PACK\n"
          "  stats --db FILE [-o FILE.csv]\n"
          "  pin-hash  (reads the PIN on standard input)\n"
          "--stale-days N: warn about services whose information was last checked more than N\n"
          "days ago (HSDS assured_date or last_modified; default 365, -1 = never).\n";

static int usage(void)
{
    fputs(usage_text, stderr);
    return 1;
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

typedef struct {
    const char *content, *translations, *services, *out, *version, *fonts;
    const char *pack, *lang, *area, *category, *limit, *key, *pubkey, *store, *db, *valid_days;
    const char *stale, *max_source_age;
    const char *positional[32];
    int npositional;
    bool translations_given, force;
} Args;

static bool parse(int argc, char **argv, Args *a)
{
    struct { const char *flag; const char **dest; } flags[] = {
        {"--content", &a->content}, {"--translations", &a->translations},
        {"--services", &a->services}, {"-o", &a->out}, {"--version", &a->version},
        {"--fonts", &a->fonts}, {"--pack", &a->pack}, {"--lang", &a->lang},
        {"--area", &a->area}, {"--category", &a->category}, {"--limit", &a->limit},
        {"--key", &a->key}, {"--pubkey", &a->pubkey}, {"--store", &a->store}, {"--db", &a->db},
        {"--valid-days", &a->valid_days}, {"--stale-days", &a->stale},
        {"--max-source-age", &a->max_source_age}};
    for (int i = 2; i < argc; i++) {
        size_t k = 0;
        for (; k < sizeof flags / sizeof flags[0]; k++)
            if (strcmp(argv[i], flags[k].flag) == 0)
                break;
        if (strcmp(argv[i], "--force") == 0) {
            a->force = true;
        } else if (k < sizeof flags / sizeof flags[0]) {
            if (i + 1 >= argc) {
                fprintf(stderr, "incontro-pack: %s needs a value\n", argv[i]);
                return false;
            }
            *flags[k].dest = argv[++i];
            if (flags[k].dest == &a->translations)
                a->translations_given = true;
        } else if (argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "--") != 0) {
            fprintf(stderr, "incontro-pack: unknown option %s\n", argv[i]);
            return false;
        } else {
            if (strcmp(argv[i], "--") == 0 && i + 1 < argc)
                i++;
            if (a->npositional == 32) {
                fprintf(stderr, "incontro-pack: too many arguments\n");
                return false;
            }
            a->positional[a->npositional++] = argv[i];
        }
    }
    /* defaults: the current folder's content/ and translations/, else the
     * source tree's */
    if (!a->content)
        a->content = is_dir("content") ? "content" : IK_SOURCE_DIR "/content";
    if (!a->translations) {
        if (is_dir("translations"))
            a->translations = "translations";
        else if (is_dir(IK_SOURCE_DIR "/translations"))
            a->translations = IK_SOURCE_DIR "/translations";
    }
    return true;
}

static int fail(void)
{
    fprintf(stderr, "incontro-pack: %s\n", ik_error());
    return 1;
}

static int cmd_search(const Args *a)
{
    if (!a->pack || !a->lang)
        return usage();
    IkContent *c = ik_content_open(a->pack);
    if (!c)
        return fail();
    int rc = 1;
    if (!ik_content_language_find(c, a->lang)) {
        fprintf(stderr, "incontro-pack: unknown language \"%s\"\n", a->lang);
        goto done;
    }
    /* an unknown area or category is bad input, not an empty result */
    const char *const want[2][2] = {{"area", a->area}, {"category", a->category}};
    for (int i = 0; i < 2; i++) {
        if (!want[i][1])
            continue;
        size_t n = 0;
        IkTerm *t = ik_content_terms(c, IK_SOURCE_LANG, want[i][0], &n);
        bool found = false;
        for (size_t k = 0; t && k < n; k++)
            found |= strcmp(t[k].code, want[i][1]) == 0;
        ik_terms_free(t, n);
        if (!found) {
            fprintf(stderr, "incontro-pack: unknown %s \"%s\"\n", want[i][0], want[i][1]);
            goto done;
        }
    }
    /* the query may come as several words */
    IkBuf q = {0};
    for (int i = 0; i < a->npositional; i++) {
        if (i)
            ik_buf_puts(&q, " ");
        ik_buf_puts(&q, a->positional[i]);
    }
    /* the kiosk's keyboard cannot type invalid UTF-8: from a shell it is bad input */
    size_t bad = 0;
    if (q.data && !ik_utf8_valid(q.data, q.len, &bad)) {
        fprintf(stderr, "incontro-pack: the query is not valid UTF-8 (byte %zu)\n", bad + 1);
        ik_buf_free(&q);
        goto done;
    }
    IkSearchFilter f = {.area = a->area, .category = a->category, .age = -1, .limit = 0};
    if (a->limit) {
        long n;
        if (!ik_parse_int(a->limit, 0, 1000000, &n)) {
            fprintf(stderr, "incontro-pack: --limit must be a whole number\n");
            ik_buf_free(&q);
            goto done;
        }
        f.limit = (int)n;
    }
    size_t count = 0;
    IkSearchResult *r = ik_content_search(c, a->lang, q.data ? q.data : "", &f, &count);
    ik_buf_free(&q);
    if (!r) {
        fprintf(stderr, "incontro-pack: %s\n", ik_error());
        goto done;
    }
    for (size_t i = 0; i < count; i++)
        printf("%s\t%s\n", r[i].id, r[i].name ? r[i].name : "");
    ik_search_results_free(r, count);
    rc = 0;
done:
    ik_content_close(c);
    return rc;
}

static int cmd_sign(const Args *a)
{
    long days = IK_PACK_VALID_DAYS;
    if (!a->key || a->npositional != 1)
        return usage();
    if (a->valid_days && !ik_parse_int(a->valid_days, 1, IK_PACK_MAX_VALID_DAYS, &days)) {
        fprintf(stderr, "incontro-pack: --valid-days must be a whole number from 1 to %d\n",
                IK_PACK_MAX_VALID_DAYS);
        return 1;
    }
    return ik_pack_sign(a->key, a->positional[0], (int)days) ? 0 : fail();
}

/* Reads a PIN from the first line of standard input, prints its hash for
 * the kiosk configuration's operator_pin_hash. */
static int cmd_pin_hash(const Args *a)
{
    if (a->npositional)
        return usage();
    char line[64] = "", hash[IK_PIN_HASH_MAX];
    if (!fgets(line, sizeof line, stdin)) {
        fprintf(stderr, "incontro-pack: pin-hash reads the PIN on standard input\n");
        return 1;
    }
    line[strcspn(line, "\r\n")] = '\0';
    bool ok = ik_pack_pin_hash(ik_str_trim(line), hash);
    sodium_memzero(line, sizeof line);
    if (!ok)
        return fail();
    printf("%s\n", hash);
    return 0;
}

/* libgettextpo's msgfmt checks leak the parsed plural expression; that is
 * the library's, not ours, and must not fail the sanitizer build. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libgettextpo\n";
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage();
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(usage_text, stdout);
        return 0;
    }
    Args a = {0};
    if (!parse(argc, argv, &a))
        return usage();
    IkPackOptions o = {.content_dir = a.content, .translations_dir = a.translations,
                       .services_dir = a.services, .fonts_list = a.fonts, .version = a.version};
    long days;
    if (a.max_source_age) {
        /* 0 would mean the default: say "never" with a negative number */
        if (!ik_parse_int(a.max_source_age, -1, 100000, &days) || days == 0) {
            fprintf(stderr, "incontro-pack: --max-source-age takes a number of days (1 to "
                    "100000, or -1 for no limit), not \"%.40s\"\n", a.max_source_age);
            return 1;
        }
        o.max_source_age = (int)days;
    }
    if (a.stale) {
        if (!ik_parse_int(a.stale, -1, 100000, &days) || days == 0) {
            fprintf(stderr, "incontro-pack: --stale-days takes a number of days (1 to 100000, "
                    "or -1 never to warn), not \"%.40s\"\n", a.stale);
            return 1;
        }
        o.stale_days = (int)days;
    }
    IkDiag *diag = ik_diag_create(stderr, 200);
    int rc = 1;
    if (!strcmp(cmd, "build")) {
        o.check_fonts = true;   /* a pack must never hold what the kiosk cannot draw */
        if (!a.out) {
            rc = usage();
        } else if (ik_pack_build(&o, a.out, diag)) {
            rc = 0;
        }
    } else if (!strcmp(cmd, "check")) {
        o.check_fonts = true;
        rc = ik_pack_build(&o, NULL, diag) ? 0 : 1;
    } else if (!strcmp(cmd, "coverage")) {
        rc = ik_pack_coverage(&o, stdout, diag) ? 0 : 1;
    } else if (!strcmp(cmd, "extract")) {
        rc = a.out ? (ik_pack_extract(&o, a.out, diag) ? 0 : 1) : usage();
    } else if (!strcmp(cmd, "info")) {
        const char *p = a.npositional ? a.positional[0] : a.pack;
        rc = !p ? usage() : ik_pack_info(p, stdout) ? 0 : fail();
    } else if (!strcmp(cmd, "export-hsds")) {
        rc = !a.pack || !a.out ? usage() : ik_pack_export_hsds(a.pack, a.out) ? 0 : fail();
    } else if (!strcmp(cmd, "export-html")) {
        rc = !a.pack || !a.lang || !a.out ? usage()
             : ik_pack_export_html(a.pack, a.lang, a.out) ? 0 : fail();
    } else if (!strcmp(cmd, "search")) {
        rc = cmd_search(&a);
    } else if (!strcmp(cmd, "keygen")) {
        rc = !a.out ? usage() : ik_pack_keygen(a.out, a.force) ? 0 : fail();
    } else if (!strcmp(cmd, "sign")) {
        rc = cmd_sign(&a);
    } else if (!strcmp(cmd, "verify")) {
        IkManifest m;
        rc = !a.pubkey || a.npositional != 1 ? usage()
             : ik_pack_verify(a.pubkey, a.positional[0], &m) ? 0 : fail();
        if (rc == 0) {
            char expires[32];
            ik_content_time_text(m.expires, expires);
            printf("%s: signature OK, version %s, expires %s%s\n", a.positional[0], m.version,
                   expires, m.expires < (long long)time(NULL) ? " (EXPIRED)" : "");
        }
    } else if (!strcmp(cmd, "install")) {
        rc = !a.pubkey || !a.store || a.npositional != 1 ? usage()
             : ik_pack_install(a.pubkey, a.store, a.positional[0]) ? 0 : fail();
    } else if (!strcmp(cmd, "pin-hash")) {
        rc = cmd_pin_hash(&a);
    } else if (!strcmp(cmd, "stats")) {
        rc = !a.db ? usage() : ik_pack_stats_export(a.db, a.out) ? 0 : fail();
    } else {
        rc = usage();
    }
    size_t errors = ik_diag_errors(diag);
    if (errors && rc != 0)
        fprintf(stderr, "incontro-pack %s: %zu error%s\n", cmd, errors, errors == 1 ? "" : "s");
    ik_diag_destroy(diag);
    return rc;
}
