/* Pack builder: CSV/Markdown/PO/HSDS readers, every validation error with
 * FILE:LINE, atomic output, extract, coverage, signing, install, export. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../app/pack/internal.h"
#include "incontro/content.h"
#include "incontro/core.h"
#include "incontro/pack.h"
#include "files_fixture.h"
#include "gettextpo_leak.h"

#define DATA IK_SOURCE_DIR "/tests/data/pack"

static int setup(void **state)
{
    (void)state;
    snprintf(tmp, sizeof tmp, "/tmp/ik_test_pack_XXXXXX");
    if (!mkdtemp(tmp))
        return -1;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "cp -r '%s/ok/.' '%s/'", DATA, tmp);
    return system(cmd) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    return system(cmd) == 0 ? 0 : -1;
}


static void put(const char *rel, const char *text)
{
    assert_true(ik_file_write_atomic(at(rel), text, strlen(text)));
}

static IkPackOptions options(void)
{
    /* fonts too, as `check` does: broken fixtures include undrawable characters */
    IkPackOptions o = {.content_dir = at("content"), .translations_dir = at("translations"),
                       .check_fonts = true};
    return o;
}

static bool build(const char *out, IkDiag *diag)
{
    IkPackOptions o = options();
    return ik_pack_build(&o, out ? at(out) : NULL, diag);
}


/* the text of every problem a check of the tree finds (caller frees) */
static char *problems(size_t *errors)
{
    IkDiag *d = ik_diag_create(NULL, 100);
    bool ok = build(NULL, d);
    if (errors)
        *errors = ik_diag_errors(d);
    char *text = ik_xstrdup(ik_diag_text(d));
    ik_diag_destroy(d);
    if (ok)
        fail_msg("the check passed");
    return text;
}

/* tmp as the ok fixture again, for the next case of a table */
static void fresh_tree(void)
{
    teardown(NULL);
    assert_int_equal(setup(NULL), 0);
}

/* the check finds exactly one problem, this one */
static void expect_one_problem(const char *message)
{
    size_t errors;
    char *text = problems(&errors);
    if (!strstr(text, message) || errors != 1)
        fail_msg("%zu errors, expected only \"%s\":\n%s", errors, message, text);
    free(text);
}

static void put_bytes(const char *rel, const char *bytes, size_t n)
{
    assert_true(ik_file_write_atomic(at(rel), bytes, n));
}

/* What spreadsheets and editors write instead of UTF-8 is named, with how
 * to save the file again; never read as something else. */
static void test_encodings_named(void **state)
{
    (void)state;
    static const struct { const char *bytes; size_t n; const char *expect; } cases[] = {
        {"\xFF\xFEi\0d\0,\0n\0", 10, "helplines.csv:1: the file is UTF-16, not UTF-8: save it again as UTF-8"},
        {"i\0d\0,\0n\0a\0m\0e\0\n\0", 16, "helplines.csv:1: the file is UTF-16, not UTF-8"},
        {"id,number\n1,1\0\n", 15, "helplines.csv:2: NUL byte (byte 13): this is not a text file"},
        {"id,name\n1,Citt\xE0\n", 16, "helplines.csv:2: invalid UTF-8 (byte 14, 0xE0), as Latin-1 or "
                                     "Windows-1252 write accented letters: save it again as UTF-8 "
                                     "with commas: in LibreOffice Calc"},
        {"id;number;position;name;description\n112;112;1;Emergenza;x\n", 57,
         "helplines.csv:1: fields are separated by ';', not ','"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        put_bytes("content/helplines.csv", cases[i].bytes, cases[i].n);
        char *text = problems(NULL);
        if (!strstr(text, cases[i].expect))
            fail_msg("case %zu: missing \"%s\" in:\n%s", i, cases[i].expect, text);
        free(text);
    }
    /* a Markdown page gets the text editor's advice, not the spreadsheet's */
    put_bytes("content/topics/it/rights.md", "# Diritti\n\nCitt\xE0\n", 17);
    char *text = problems(NULL);
    assert_non_null(strstr(text, "rights.md:3: invalid UTF-8 (byte 15, 0xE0)"));
    assert_non_null(strstr(text, "in your text editor, choose the UTF-8 encoding"));
    free(text);
}

/* a header of 100,000 columns is refused at once, once (it took 29 s) */
static void test_huge_header(void **state)
{
    (void)state;
    IkBuf b = {0};
    for (int i = 0; i < 100000; i++)
        ik_buf_printf(&b, "%sc%d", i ? "," : "", i);
    ik_buf_puts(&b, "\nx\n");
    put_bytes("content/directory/organization.csv", b.data, b.len);
    ik_buf_free(&b);
    expect_one_problem("organization.csv:1: the header has more than 1000 columns");
}

/* One mistake, one message: no follow-on errors from what it broke. */
static void test_no_cascade(void **state)
{
    (void)state;
    static const struct { const char *file, *text, *expect; } cases[] = {
        /* a topic with a bad audience still owns its pages */
        {"content/topics.csv", "id,position,audience,pictogram\nrights,1,all,scales\n"
                               "bullying,2,students,school\n",
         "topics.csv:3: audience \"students\" is not children, teens, parents, professionals or all"},
        /* a row with a missing field still exists for what refers to it */
        {"content/directory/location.csv", "id,location_type,organization_id,name,description,"
                                           "latitude,longitude\nloc-a,physical,org-a,Sede A,,43.8\n"
                                           "loc-b,physical,org-a,Sede B,,43.87,11.10\n",
         "location.csv:2: row has 6 fields, the header has 7"},
        /* a table that cannot be read is one problem, not one per reference */
        {"content/directory/location.csv", "id,name\nloc-a,Sede \x01" "A\nloc-b,Sede B\n",
         "location.csv:2: control character U+0001"},
        /* an over-long value: once, with its limit */
        {"content/directory/organization.csv", NULL,
         "organization.csv:2: \"name\" is too long (5000 bytes, limit 300)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fresh_tree();
        if (cases[i].text) {
            put(cases[i].file, cases[i].text);
        } else {
            IkBuf b = {0};
            ik_buf_puts(&b, "id,name,alternate_name,description,email,website\norg-a,");
            for (int k = 0; k < 5000; k++)
                ik_buf_puts(&b, "X");
            ik_buf_puts(&b, ",,,,\n");
            put(cases[i].file, b.data);
            ik_buf_free(&b);
        }
        size_t errors;
        char *text = problems(&errors);
        if (!strstr(text, cases[i].expect) || errors != 1)
            fail_msg("case %zu: %zu errors, expected 1 with \"%s\":\n%s", i, errors,
                     cases[i].expect, text);
        free(text);
    }
}


/* What the pack tool used to accept, or answered badly, and now refuses
 * with one message at its place. */
static void test_bad_input_refused(void **state)
{
    (void)state;
    static const struct { const char *file, *text, *expect, *absent; } cases[] = {
        {"content/directory/service.csv", "id,organization_id,name\n",
         "service.csv: no service: the table has only its header", NULL},
        {"translations/en.po", NULL, "en.po:16: an escape for a NUL character", NULL},
        {"translations/en.po", NULL, "en.po:44: duplicate message definition: the first is on line 14", NULL},
        {"content/topics/it/rights.md", "# Diritti\n\nTesto.\n\n[qui]: javascript:alert(1)\n",
         "rights.md:5: Markdown outside the subset: link (a definition \"[qui]: ...\"", NULL},
        {"content/interface.csv", "key,text,comment,plural\nhome.title,Ciao,,\n"
                                  "results.count,%d servizio,,molti servizi\n",
         "interface.csv:3: \"plural\" \"molti servizi\" has no %d", NULL},
        {"content/topics/it/rights.md", "# Diritti\n\nTesto.\n\nAltro\n===\n",
         "rights.md:5: Markdown outside the subset: underlined heading", "second # title"},
        /* a backslash as the file's last byte, inside a string: the NUL
         * escape scan read past the end of the text (found by fuzz_po) */
        {"translations/en.po", "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\",
         "en.po:2:", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fresh_tree();
        if (cases[i].text) {
            put(cases[i].file, cases[i].text);
        } else {
            /* the fixture's PO with a NUL escape in a msgstr, or a second
             * definition of its first entry */
            char *po = ik_file_read(at("translations/en.po"), NULL);
            char *at_how = strstr(po, "How can");
            IkBuf b = {0};
            if (i == 1) {
                ik_buf_append(&b, po, (size_t)(at_how - po) + 3);
                ik_buf_puts(&b, "\\000");
                ik_buf_puts(&b, at_how + 3);
            } else {
                ik_buf_printf(&b, "%s\nmsgctxt \"ui:home.title\"\nmsgid \"Come possiamo "
                              "aiutarti?\"\nmsgstr \"Again\"\n", po);
            }
            put(cases[i].file, b.data);
            ik_buf_free(&b);
            free(po);
        }
        char *text = problems(NULL);
        if (!strstr(text, cases[i].expect) || (cases[i].absent && strstr(text, cases[i].absent)))
            fail_msg("case %zu: expected \"%s\"%s%s in:\n%s", i, cases[i].expect,
                     cases[i].absent ? " and not " : "", cases[i].absent ? cases[i].absent : "",
                     text);
        free(text);
    }
}

/* 100,000 quotes in quotes: one message, in linear time (took 20 s) */
static void test_nested_quotes(void **state)
{
    (void)state;
    IkBuf b = {0};
    ik_buf_puts(&b, "# Diritti\n\n");
    for (int i = 0; i < 100000; i++)
        ik_buf_puts(&b, ">");
    ik_buf_puts(&b, " testo\n");
    put("content/topics/it/rights.md", b.data);
    ik_buf_free(&b);
    expect_one_problem("rights.md:3: Markdown outside the subset: nested quote");
}

/* what is not a regular file is refused at once, never read (a FIFO used
 * to block for ever, /dev/urandom to grow to gigabytes) */
static void test_special_files_refused(void **state)
{
    (void)state;
    sh("rm '%s' && mkfifo '%s'", at("content/directory/service.csv"),
       at("content/directory/service.csv"));
    char *text = problems(NULL);
    assert_non_null(strstr(text, "service.csv: not a regular file (a pipe)"));
    free(text);
    sh("rm '%s' && ln -s /dev/urandom '%s'", at("content/directory/service.csv"),
       at("content/directory/service.csv"));
    text = problems(NULL);
    assert_non_null(strstr(text, "service.csv: not a regular file (a device)"));
    free(text);
    sh("mkfifo '%s'", at("fifo"));
    IkPackOptions o = options();
    o.services_dir = at("fifo");
    IkDiag *d = ik_diag_create(NULL, 50);
    assert_false(ik_pack_build(&o, NULL, d));
    assert_non_null(strstr(ik_diag_text(d), "fifo: not a folder"));
    ik_diag_destroy(d);
}

/* ---- tests ------------------------------------------------------------------- */
static void test_build_fixture(void **state)
{
    (void)state;
    IkDiag *d = ik_diag_create(NULL, 50);
    assert_true(build("a.pack", d));
    assert_int_equal(ik_diag_errors(d), 0);
    IkContent *c = ik_content_open(at("a.pack"));
    assert_non_null(c);
    assert_int_equal(ik_content_language_count(c), 3);
    assert_string_equal(ik_content_language(c, 2)->code, "ar");
    assert_true(ik_content_language(c, 2)->rtl);
    assert_int_equal(ik_content_service_count(c), 2);
    assert_true(ik_content_has_demo(c));
    assert_string_equal(ik_content_meta(c, "format"), "4");
    assert_string_equal(ik_content_meta(c, "source_lang"), "it");
    assert_int_equal(strlen(ik_content_meta(c, "version")), 14);
    ik_content_close(c);
    ik_diag_destroy(d);
}

/* a 17 MiB table is refused at once, not parsed */
static void test_csv_too_large(void **state)
{
    (void)state;
    FILE *f = fopen(at("big.csv"), "w");
    assert_non_null(f);
    fputs("id,text\n", f);
    for (int i = 0; i < 17 * 16384; i++)
        fprintf(f, "r%d,%058d\n", i, 0);
    fclose(f);
    IkDiag *d = ik_diag_create(NULL, 10);
    assert_null(ik_csv_read(at("big.csv"), d, true));
    assert_non_null(strstr(ik_diag_text(d), "is too large"));
    ik_diag_destroy(d);
}

static void test_csv_lines(void **state)
{
    (void)state;
    put("t.csv", "\xEF\xBB\xBFid,text\r\na,\"one\nline two\"\n\nb,\"say \"\"hi\"\"\"\nc,last");
    IkDiag *d = ik_diag_create(NULL, 10);
    IkCsv *csv = ik_csv_read(at("t.csv"), d, true);
    assert_non_null(csv);
    assert_int_equal(ik_diag_errors(d), 0);
    assert_int_equal(csv->row_count, 3);
    assert_string_equal(csv->columns[0], "id");
    assert_int_equal(csv->rows[0].line, 2);
    assert_string_equal(ik_csv_get(csv, 0, 1), "one\nline two");
    assert_int_equal(csv->rows[1].line, 5);
    assert_string_equal(ik_csv_get(csv, 1, 1), "say \"hi\"");
    assert_int_equal(csv->rows[2].line, 6);
    assert_int_equal(ik_csv_column(csv, "text"), 1);
    assert_int_equal(ik_csv_column(csv, "nope"), -1);
    assert_string_equal(ik_csv_get(csv, 0, -1), "");
    ik_csv_free(csv);
    ik_diag_destroy(d);
}

/* every broken fixture: exit false, each expected FILE:LINE message */
static void test_broken_fixtures(void **state)
{
    (void)state;
    DIR *dir = opendir(DATA "/broken");
    assert_non_null(dir);
    int cases = 0;
    for (struct dirent *e; (e = readdir(dir));) {
        if (e->d_name[0] == '.')
            continue;
        teardown(NULL);
        assert_int_equal(setup(NULL), 0);
        sh("cp -r '%s/broken/%s/overlay/.' '%s/'", DATA, e->d_name, tmp);
        IkDiag *d = ik_diag_create(NULL, 100);
        bool ok = build(NULL, d);
        if (ok)
            fail_msg("%s: built", e->d_name);
        char path[512];
        snprintf(path, sizeof path, "%s/broken/%s/expect", DATA, e->d_name);
        char *expect = ik_file_read(path, NULL);
        assert_non_null(expect);
        for (char *save = NULL, *l = strtok_r(expect, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
            if (!strstr(ik_diag_text(d), l))
                fail_msg("%s: missing \"%s\" in:\n%s", e->d_name, l, ik_diag_text(d));
        free(expect);
        ik_diag_destroy(d);
        cases++;
    }
    closedir(dir);
    assert_true(cases >= 25);
}

static void test_errors_collected(void **state)
{
    (void)state;
    sh("cp -r '%s/broken/many-errors/overlay/.' '%s/'", DATA, tmp);
    put("content/topics/it/rights.md", "# T\n\n### deep\n");
    IkDiag *d = ik_diag_create(NULL, 100);
    assert_false(build(NULL, d));
    assert_true(ik_diag_errors(d) >= 4);
    assert_non_null(strstr(ik_diag_text(d), "it/rights.md:3:"));
    assert_non_null(strstr(ik_diag_text(d), "topics.csv:3:"));
    ik_diag_destroy(d);
}

static void test_diag_cap(void **state)
{
    (void)state;
    IkDiag *d = ik_diag_create(NULL, 3);
    for (int i = 0; i < 10; i++)
        ik_diag_error(d, "f.csv", i + 1, "bad %d", i);
    assert_int_equal(ik_diag_errors(d), 10);
    assert_non_null(strstr(ik_diag_text(d), "f.csv:3: bad 2"));
    assert_null(strstr(ik_diag_text(d), "f.csv:4:"));
    ik_diag_destroy(d);
}

static void test_markdown_blocks(void **state)
{
    (void)state;
    const char *md = "# Titolo\n\nUn **forte** e *lieve*\ntesto.\n\n## Sezione\n\n- uno\n- due\n\n"
                     "3. tre\n4. quattro\n";
    IkDiag *d = ik_diag_create(NULL, 10);
    IkMdPage *p = ik_md_parse("p.md", md, strlen(md), d);
    assert_non_null(p);
    assert_string_equal(p->title, "Titolo");
    assert_int_equal(p->count, 7);
    assert_int_equal(p->blocks[1].kind, IK_BLOCK_PARAGRAPH);
    assert_string_equal(p->blocks[1].text, "Un forte e lieve testo.");
    assert_int_equal(p->blocks[1].line, 3);
    assert_int_equal(p->blocks[2].kind, IK_BLOCK_HEADING);
    assert_int_equal(p->blocks[3].kind, IK_BLOCK_BULLET);
    assert_string_equal(p->blocks[4].text, "due");
    assert_int_equal(p->blocks[5].kind, IK_BLOCK_NUMBER);
    assert_int_equal(p->blocks[5].number, 3);
    assert_int_equal(p->blocks[6].number, 4);
    ik_md_free(p);
    ik_diag_destroy(d);
}

static void test_markdown_box_comments_front_matter(void **state)
{
    (void)state;
    const char *md = "---\nsource-hash: 0123456789abcdef\n---\n# Titolo\n\n> - Uno.\n> - Due.\n\n"
                     "Testo.\n<!-- source: legge 47/2017,\n     art. 16, read 2026-01-31 -->\n\n"
                     "  <!-- a note, not a source -->\n- punto\n<!-- source: senza data -->\n";
    IkDiag *d = ik_diag_create(NULL, 10);
    IkMdPage *p = ik_md_parse("p.md", md, strlen(md), d);
    assert_non_null(p);
    assert_string_equal(p->title, "Titolo");
    assert_string_equal(p->source_hash, "0123456789abcdef");
    assert_int_equal(p->source_hash_line, 2);
    assert_int_equal(p->count, 5);
    assert_int_equal(p->blocks[1].kind, IK_BLOCK_ACTION);
    assert_string_equal(p->blocks[2].text, "Due.");
    assert_int_equal(p->blocks[2].line, 7);
    assert_int_equal(p->blocks[3].kind, IK_BLOCK_PARAGRAPH);
    assert_int_equal(p->blocks[4].kind, IK_BLOCK_BULLET);
    assert_int_equal(p->blocks[4].line, 14);
    assert_int_equal(p->source_count, 2);
    assert_int_equal(p->sources[0].line, 10);
    assert_string_equal(p->sources[0].text, "legge 47/2017, art. 16, read 2026-01-31");
    assert_string_equal(p->sources[0].read, "2026-01-31");
    assert_string_equal(p->sources[1].read, "");
    /* the hash is what the page shows: comments, front matter and line breaks
     * do not change it, a word does */
    char h1[IK_MD_HASH_SIZE], h2[IK_MD_HASH_SIZE], h3[IK_MD_HASH_SIZE];
    ik_md_hash(p, h1);
    ik_md_free(p);
    const char *same = "# Titolo\n\n> - Uno.\n> - Due.\n\nTesto.\n\n- punto\n";
    p = ik_md_parse("q.md", same, strlen(same), d);
    ik_md_hash(p, h2);
    ik_md_free(p);
    const char *other = "# Titolo\n\n> - Uno.\n> - Tre.\n\nTesto.\n\n- punto\n";
    p = ik_md_parse("r.md", other, strlen(other), d);
    ik_md_hash(p, h3);
    ik_md_free(p);
    assert_int_equal(strlen(h1), 16);
    assert_string_equal(h1, h2);
    assert_string_not_equal(h1, h3);
    assert_int_equal(ik_diag_errors(d), 0);
    ik_diag_destroy(d);
}

/* A translation names the Italian page it translates; once the Italian page
 * changes it is stale: a warning, counted by coverage, left out of the pack,
 * and the kiosk shows the Italian page (with its fallback flag). */
static void test_stale_translation(void **state)
{
    (void)state;
    IkDiag *d = ik_diag_create(NULL, 50);
    assert_true(build("fresh.pack", d));
    assert_int_equal(ik_diag_warnings(d), 0);
    ik_diag_destroy(d);
    sh("sed -i 's/a essere protetto/a essere protetta e protetto/' '%s'",
       at("content/topics/it/rights.md"));
    d = ik_diag_create(NULL, 50);
    assert_true(build("stale.pack", d));
    assert_non_null(strstr(ik_diag_text(d), "topics/en/rights.md:2: warning: stale: translates "
                                            "the Italian page as it was (source-hash "
                                            "265e60a79bc2ddd6)"));
    ik_diag_destroy(d);
    char *out = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&out, &size);
    d = ik_diag_create(NULL, 50);
    IkPackOptions o = options();
    assert_true(ik_pack_coverage(&o, f, d));
    fclose(f);
    assert_non_null(strstr(out, "en\t5/29\t17.2%\t1 reviewed\t1 stale\n"));
    free(out);
    ik_diag_destroy(d);
    for (int k = 0; k < 2; k++) {
        IkContent *c = ik_content_open(at(k ? "stale.pack" : "fresh.pack"));
        assert_non_null(c);
        size_t n;
        bool fallback;
        IkBlock *b = ik_content_topic_blocks(c, "en", "rights", &n, &fallback);
        assert_non_null(b);
        assert_int_equal(fallback, k == 1);
        assert_string_equal(b[0].text, k ? "I tuoi diritti" : "Your rights");
        ik_blocks_free(b, n);
        ik_content_close(c);
    }
}

/* Sources are read again after a while: an old "read" date is a warning
 * (the age is an option), an Italian page with no source too. */
static void test_source_age(void **state)
{
    (void)state;
    put("content/topics/it/bullying.md", "# Il bullismo\n\nNon è colpa tua.\n"
                                         "<!-- source: legge 71/2017, read 2001-01-01 -->\n");
    put("content/topics/it/rights.md", "# I tuoi diritti\n\nChiama il 114.\n");
    IkDiag *d = ik_diag_create(NULL, 50);
    assert_true(build(NULL, d));
    const char *text = ik_diag_text(d);
    assert_non_null(strstr(text, "topics/it/bullying.md:4: warning: source read 2001-01-01, "));
    assert_non_null(strstr(text, "topics/it/rights.md:1: warning: no \"<!-- source: ... -->\" "
                                 "comment"));
    ik_diag_destroy(d);
    d = ik_diag_create(NULL, 50);
    IkPackOptions o = options();
    o.max_source_age = -1;
    assert_true(ik_pack_build(&o, NULL, d));
    assert_null(strstr(ik_diag_text(d), "bullying.md:4:"));
    ik_diag_destroy(d);
}

static void test_contacts(void **state)
{
    (void)state;
    char *c = ik_contacts("Chiama il 800 290 290 o il 112, scrivi a Info@Example.org.");
    assert_string_equal(c, "112\n800290290\ninfo@example.org\n");
    free(c);
    /* Arabic-Indic digits are the same number; years and ages are not phones */
    c = ik_contacts("اتصل بـ ١١٢ أو 800 290 290 (Legge 47/2017, 14 anni)");
    assert_string_equal(c, "112\n800290290\n");
    free(c);
    c = ik_contacts("See https://example.org/a. Or www.example.org!");
    assert_string_equal(c, "https://example.org/a\nwww.example.org\n");
    free(c);
    c = ik_contacts("Call +39 000 000 0001 or 1522");
    assert_string_equal(c, "+390000000001\n1522\n");
    free(c);
}

static void test_translations_fuzzy_and_reviewed(void **state)
{
    (void)state;
    IkDiag *d = ik_diag_create(NULL, 50);
    assert_true(build("a.pack", d));
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(at("a.pack"), &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "SELECT key, reviewed FROM string WHERE lang='en' ORDER BY key", -1, &st, NULL);
    IkBuf all = {0};
    while (sqlite3_step(st) == SQLITE_ROW)
        ik_buf_printf(&all, "%s=%d;", sqlite3_column_text(st, 0), sqlite3_column_int(st, 1));
    sqlite3_finalize(st);
    sqlite3_close(db);
    /* fuzzy home.door.help is not there; the reviewed-by comment counts */
    assert_string_equal(all.data, "service:svc-open:name=0;ui:contact.line=0;ui:home.title=1;"
                                  "ui:hours.range=0;ui:results.count=0;ui:results.count#1=0;");
    ik_buf_free(&all);
    ik_diag_destroy(d);
}

static void test_atomic_build(void **state)
{
    (void)state;
    put("out.pack", "previous pack");
    put("content/directory/schedule.csv",
        "id,service_id,location_id,service_at_location_id,freq,byday,opens_at,closes_at\n"
        "s1,svc-open,,,WEEKLY,MO,09:00,25:00\n");
    IkDiag *d = ik_diag_create(NULL, 50);
    assert_false(build("out.pack", d));
    assert_non_null(strstr(ik_diag_text(d), "schedule.csv:2: closes_at \"25:00\""));
    char *after = ik_file_read(at("out.pack"), NULL);
    assert_string_equal(after, "previous pack");
    free(after);
    sh("test -z \"$(ls '%s' | grep tmp-)\"", tmp);
    /* a good build replaces it */
    sh("cp '%s/ok/content/directory/schedule.csv' '%s'", DATA, at("content/directory/"));
    assert_true(build("out.pack", d));
    IkContent *c = ik_content_open(at("out.pack"));
    assert_non_null(c);
    ik_content_close(c);
    ik_diag_destroy(d);
}

static void test_extract_and_coverage(void **state)
{
    (void)state;
    IkDiag *d = ik_diag_create(NULL, 50);
    IkPackOptions o = options();
    assert_true(ik_pack_extract(&o, at("t.pot"), d));
    char *pot = ik_file_read(at("t.pot"), NULL);
    assert_non_null(strstr(pot, "msgctxt \"ui:results.count\"\nmsgid \"%d servizio trovato\"\n"
                                "msgid_plural \"%d servizi trovati\"\n"));
    assert_non_null(strstr(pot, "msgctxt \"service:svc-safe:description\""));
    assert_non_null(strstr(pot, "msgctxt \"term:piana-fi-po:name\""));
    assert_non_null(strstr(pot, "msgctxt \"helpline:1522:description\""));
    free(pot);
    sh("sed 's/nplurals=INTEGER; plural=EXPRESSION/nplurals=2; plural=(n != 1)/' '%s' > '%s' && msgfmt --check -o /dev/null '%s'",
       at("t.pot"), at("t2.po"), at("t2.po"));
    char *out = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&out, &size);
    assert_true(ik_pack_coverage(&o, f, d));
    fclose(f);
    /* 5 ui + 5 helplines x2 + 1 org + 6 terms + svc-open 3 + svc-safe 2 + 2 topics = 29 */
    assert_non_null(strstr(out, "it\t29/29\t100.0%\t29 reviewed\t0 stale\n"));
    assert_non_null(strstr(out, "en\t6/29\t20.6%\t2 reviewed\t0 stale\n"));
    assert_non_null(strstr(out, "ar\t0/29\t0.0%\t0 reviewed\t0 stale\n"));
    free(out);
    ik_diag_destroy(d);
}

static void test_export_hsds(void **state)
{
    (void)state;
    IkDiag *d = ik_diag_create(NULL, 50);
    assert_true(build("a.pack", d));
    assert_true(ik_pack_export_hsds(at("a.pack"), at("export")));
    sh("cd '%s' && for t in organization service phone schedule language attribute taxonomy_term "
       "service_area service_at_location; do cmp content/directory/$t.csv export/$t.csv || exit 1; done",
       tmp);
    /* the confidential location's street never left the builder */
    char *addr = ik_file_read(at("export/address.csv"), NULL);
    assert_non_null(strstr(addr, "Via dell'Esempio 3"));
    assert_null(strstr(addr, "Via Segreta"));
    free(addr);
    size_t size = 0;
    char *pack = ik_file_read(at("a.pack"), &size);
    assert_non_null(pack);
    for (size_t i = 0; i + 11 <= size; i++)
        assert_false(memcmp(pack + i, "Via Segreta", 11) == 0);
    free(pack);
    /* and the export builds again */
    sh("rm -rf '%s' && cp -r '%s' '%s'", at("content/directory"), at("export"), at("content/directory"));
    assert_true(build("b.pack", d));
    ik_diag_destroy(d);
}

static void test_stats_export(void **state)
{
    (void)state;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(at("stats.db"), &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE daily(day TEXT, event TEXT, count INTEGER);"
                                      "INSERT INTO daily VALUES('2026-11-29','topic',3),"
                                      "('2026-11-28','lang:ar',2),('2026-11-29','help',1);",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_true(ik_pack_stats_export(at("stats.db"), at("stats.csv")));
    char *csv = ik_file_read(at("stats.csv"), NULL);
    assert_string_equal(csv, "day,event,count\n2026-11-28,lang:ar,2\n2026-11-29,help,1\n"
                             "2026-11-29,topic,3\n");
    free(csv);
    put("empty.db", "");
    assert_false(ik_pack_stats_export(at("empty.db"), NULL));
}


/* builds killed with SIGKILL leave their temporaries; the next build of the
 * same output removes them */
static void test_killed_builds_leave_nothing(void **state)
{
    (void)state;
    int left = 0;
    char *ls = ik_xasprintf("ls -a '%s' | grep -q 'out.pack.tmp-'", tmp);
    for (int i = 0; i < 60 && left < 3; i++) {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            IkDiag *d = ik_diag_create(NULL, 50);
            _exit(build("out.pack", d) ? 0 : 1);
        }
        usleep((useconds_t)(500 * (i % 30)));
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        left += system(ls) == 0;
    }
    print_message("%d killed builds left a temporary file\n", left);
    assert_true(left > 0);
    IkDiag *d = ik_diag_create(NULL, 50);
    assert_true(build("out.pack", d));
    assert_true(system(ls) != 0);
    free(ls);
    ik_diag_destroy(d);
}

/* mutated inputs never crash a reader (run under the sanitizer build too) */
static void test_fuzz_inputs(void **state)
{
    (void)state;
    static const char *const files[] = {
        "content/interface.csv", "content/topics/it/rights.md", "translations/en.po",
        "content/directory/service.csv", "content/directory/schedule.csv", "content/languages.csv"};
    srand(12345);
    IkDiag *d = ik_diag_create(NULL, 5);
    for (int round = 0; round < 150; round++) {
        const char *rel = files[round % 6];
        char src[512];
        snprintf(src, sizeof src, "%s/ok/%s", DATA, rel);
        size_t size;
        char *text = ik_file_read(src, &size);
        assert_non_null(text);
        int edits = 1 + rand() % 8;
        for (int k = 0; k < edits && size; k++) {
            static const char bytes[] = "\",\n\r#*[]()<>`|-_:%\\\0\xff\xc3";
            size_t pos = (size_t)rand() % size;
            text[pos] = rand() % 3 ? bytes[rand() % (sizeof bytes - 1)] : (char)rand();
        }
        if (rand() % 5 == 0)
            size = (size_t)rand() % (size + 1);
        assert_true(ik_file_write_atomic(at(rel), text, size));
        free(text);
        build(NULL, d);
        if (round % 6 == 5)
            sh("cp -r '%s/ok/.' '%s/'", DATA, tmp);
    }
    ik_diag_destroy(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_build_fixture, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_too_large, setup, teardown),
        cmocka_unit_test_setup_teardown(test_broken_fixtures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors_collected, setup, teardown),
        cmocka_unit_test(test_diag_cap),
        cmocka_unit_test(test_markdown_blocks),
        cmocka_unit_test(test_markdown_box_comments_front_matter),
        cmocka_unit_test(test_contacts),
        cmocka_unit_test_setup_teardown(test_stale_translation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_source_age, setup, teardown),
        cmocka_unit_test_setup_teardown(test_translations_fuzzy_and_reviewed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_atomic_build, setup, teardown),
        cmocka_unit_test_setup_teardown(test_extract_and_coverage, setup, teardown),
        cmocka_unit_test_setup_teardown(test_killed_builds_leave_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_export_hsds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stats_export, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fuzz_inputs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_encodings_named, setup, teardown),
        cmocka_unit_test_setup_teardown(test_huge_header, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_cascade, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_input_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nested_quotes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_special_files_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
