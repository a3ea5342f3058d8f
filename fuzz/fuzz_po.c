/* Fuzz target: the PO reader (app/pack/po.c: libgettextpo, the msgfmt-like
 * checks, msgctxt keys, plural counts, contacts and printf conversions).
 *
 * libgettextpo reads files only, so each input is written to
 * <scratch>/translations/en.po and read through ik_build_translations(), the
 * builder's own entry point (private header app/pack/internal.h). The build
 * state around it -- a pack database in memory with the schema, the
 * languages and the Italian sources of the test fixture's and the
 * repository's interface.csv -- is set up once, as build.c's load() does. */
#include <sqlite3.h>

#include "fuzz_common.h"

#include "incontro/content.h"
#include "internal.h"

static IkBuild build;
static char *po_file;

static void add_lang(const char *code, const char *endonym, const char *script, bool rtl)
{
    build.langs = ik_xrealloc(build.langs, build.lang_count + 1, sizeof(IkLang));
    IkLang *l = &build.langs[build.lang_count++];
    l->code = ik_xstrdup(code);
    l->endonym = ik_xstrdup(endonym);
    l->script = ik_xstrdup(script);
    l->rtl = rtl;
    const char *v[] = {code, endonym, script, rtl ? "1" : "0"};
    ik_build_sql(&build, "INSERT INTO language(code,endonym,script,rtl,position) "
                         "VALUES(?,?,?,?,0)", 4, v);
}

/* The Italian sources of an interface.csv, as build.c's read_interface(). */
static void add_interface(const char *path)
{
    IkCsv *csv = ik_csv_read(path, build.diag, false);
    if (!csv)
        return;
    int kc = ik_csv_column(csv, "key"), tc = ik_csv_column(csv, "text");
    int cc = ik_csv_column(csv, "comment"), pc = ik_csv_column(csv, "plural");
    for (size_t i = 0; i < csv->row_count; i++) {
        char *key = ik_xasprintf("ui:%s", ik_csv_get(csv, i, kc));
        if (!ik_build_find_source(&build, key))
            ik_build_source(&build, key, ik_csv_get(csv, i, tc), ik_csv_get(csv, i, pc),
                            ik_csv_get(csv, i, cc), path, csv->rows[i].line);
        free(key);
    }
    ik_csv_free(csv);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ik_log_set_level(IK_LOG_ERROR);
    build.diag = ik_diag_create(NULL, 20);
    if (sqlite3_open(":memory:", &build.db) != SQLITE_OK ||
        sqlite3_exec(build.db, ik_content_schema_sql(), NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(build.db, "CREATE TEMP TABLE origin(lang TEXT, key TEXT, file TEXT,"
                               " line INTEGER, PRIMARY KEY(lang, key))",
                     NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "fuzz_po: cannot set up the pack database\n");
        abort();
    }
    add_lang("it", "Italiano", "Latn", false);
    add_lang("en", "English", "Latn", false);
    add_lang("ar", "العربية", "Arab", true);
    char *p = ik_path_join(fuzz_source_dir(), "tests/data/pack/ok/content/interface.csv");
    add_interface(p);
    free(p);
    p = ik_path_join(fuzz_source_dir(), "content/interface.csv");
    add_interface(p);
    free(p);
    ik_diag_destroy(build.diag);
    build.diag = NULL;
    build.translations_dir = ik_path_join(fuzz_tmpdir(), "translations");
    fuzz_mkdirs(build.translations_dir);
    po_file = ik_path_join(build.translations_dir, "en.po");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_write(po_file, data, size);
    build.diag = ik_diag_create(NULL, 20);
    ik_build_translations(&build);
    (void)ik_diag_text(build.diag);
    ik_diag_destroy(build.diag);
    build.diag = NULL;
    return 0;
}
