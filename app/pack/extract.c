/* What translators and coordinators ask of the sources: coverage (how much
 * of each language is translated and reviewed) and the POT template. Both
 * load the inputs as a build does, into a pack in memory. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

bool ik_pack_coverage(const IkPackOptions *options, FILE *out, IkDiag *diag)
{
    IkBuild b = {0};
    bool ok = false;
    sqlite3_stmt *st = NULL;
    if (!ik_build_open_memory(&b, diag) || !ik_build_load(&b, options, diag))
        goto fail;
    /* every base string (not extra plural forms) plus every topic page */
    const char *sql =
        "WITH src AS (SELECT key FROM string WHERE lang='it' AND key NOT LIKE '%#%'),"
        " total AS (SELECT (SELECT count(*) FROM src) + (SELECT count(*) FROM topic) AS n)"
        " SELECT l.code,"
        "  (SELECT count(*) FROM string s WHERE s.lang=l.code AND s.key IN src)"
        "   + (SELECT count(*) FROM topic_text t WHERE t.lang=l.code),"
        "  (SELECT n FROM total),"
        "  (SELECT count(*) FROM string s WHERE s.lang=l.code AND s.key IN src AND s.reviewed)"
        "   + (SELECT count(*) FROM topic_text t WHERE t.lang=l.code AND t.reviewed),"
        "  (SELECT count(*) FROM temp.topic_stale s WHERE s.lang=l.code)"
        " FROM language l ORDER BY l.position";
    if (sqlite3_prepare_v2(b.db, sql, -1, &st, NULL) != SQLITE_OK) {
        ik_diag_error(diag, NULL, 0, "coverage: %s", sqlite3_errmsg(b.db));
        goto fail;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        long done = sqlite3_column_int64(st, 1), total = sqlite3_column_int64(st, 2);
        long rev = sqlite3_column_int64(st, 3), stale = sqlite3_column_int64(st, 4);
        /* floor, so 99.6% never shows as a complete 100% */
        long tenths = total ? done * 1000 / total : 1000;
        fprintf(out, "%s\t%ld/%ld\t%ld.%ld%%\t%ld reviewed\t%ld stale\n",
                sqlite3_column_text(st, 0), done, total, tenths / 10, tenths % 10, rev, stale);
    }
    ok = true;
fail:
    sqlite3_finalize(st);
    ik_build_free(&b);
    return ok;
}

static void po_string(FILE *f, const char *keyword, const char *s)
{
    fprintf(f, "%s \"", keyword);
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\t': fputs("\\t", f); break;
        default: fputc(*p, f);
        }
    }
    fputs("\"\n", f);
}

bool ik_pack_extract(const IkPackOptions *options, const char *pot_path, IkDiag *diag)
{
    IkBuild b = {0};
    bool ok = false;
    IkPackOptions o = *options;
    o.translations_dir = NULL;   /* the template does not depend on them */
    o.check_fonts = false;
    char *text = NULL;
    size_t size = 0;
    FILE *f = NULL;
    if (!ik_build_open_memory(&b, diag) || !ik_build_load(&b, &o, diag))
        goto fail;
    f = open_memstream(&text, &size);
    fputs("# INCONTRO kiosk: interface strings, help numbers and directory texts.\n"
          "# msgctxt is the catalog key; phone numbers, URLs and e-mail addresses\n"
          "# must stay exactly as in the source. Awareness pages are translated as\n"
          "# Markdown files in content/topics/LANG/.\n"
          "msgid \"\"\nmsgstr \"\"\n"
          "\"Project-Id-Version: incontro\\n\"\n"
          "\"Language: \\n\"\n"
          "\"MIME-Version: 1.0\\n\"\n"
          "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
          "\"Content-Transfer-Encoding: 8bit\\n\"\n"
          "\"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n\"\n", f);
    for (size_t i = 0; i < b.source_count; i++) {
        const IkSource *s = &b.sources[i];
        fputc('\n', f);
        if (s->comment) {
            char *c = ik_xstrdup(s->comment), *save = NULL;
            for (char *l = strtok_r(c, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
                fprintf(f, "#. %s\n", l);
            free(c);
        }
        fprintf(f, "#: %s:%ld\n", s->file, s->line);
        if (strstr(s->text, "%d") || (s->plural && strstr(s->plural, "%d")))
            fputs("#, c-format\n", f);
        po_string(f, "msgctxt", s->key);
        po_string(f, "msgid", s->text);
        if (s->plural) {
            po_string(f, "msgid_plural", s->plural);
            fputs("msgstr[0] \"\"\nmsgstr[1] \"\"\n", f);
        } else {
            fputs("msgstr \"\"\n", f);
        }
    }
    fclose(f);
    f = NULL;
    if (!ik_file_write_atomic(pot_path, text, size)) {
        ik_diag_error(diag, pot_path, 0, "%s", ik_error());
        goto fail;
    }
    ok = true;
fail:
    if (f)
        fclose(f);
    free(text);
    ik_build_free(&b);
    return ok;
}
