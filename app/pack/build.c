/* Building a pack: reads content/ (languages, interface strings, topics,
 * help numbers, synonyms), the HSDS directory and the PO translations into
 * a fresh SQLite file, reporting every problem as FILE:LINE; the file is
 * renamed over the output only when nothing was wrong.
 *
 * [SECTION] helpers   [SECTION] content readers   [SECTION] fonts
 * [SECTION] build, coverage, extract */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "incontro/content.h"
#include "incontro/text.h"
#include "internal.h"

/* ---- [SECTION] helpers ------------------------------------------------------ */
bool ik_build_sql(IkBuild *b, const char *sql, size_t n, const char *const *values)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(b->db, sql, -1, &st, NULL) != SQLITE_OK)
        goto fail;
    for (size_t i = 0; i < n; i++)
        if (values[i])
            sqlite3_bind_text(st, (int)i + 1, values[i], -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        goto fail;
    sqlite3_finalize(st);
    return true;
fail:
    ik_diag_error(b->diag, NULL, 0, "pack database: %s (%.60s)", sqlite3_errmsg(b->db), sql);
    sqlite3_finalize(st);
    return false;
}

void ik_build_origin(IkBuild *b, const char *lang, const char *key, const char *file, long line)
{
    char l[32];
    snprintf(l, sizeof l, "%ld", line);
    SQL(b, "INSERT OR REPLACE INTO temp.origin VALUES(?,?,?,?)", lang, key, file, l);
}

const IkSource *ik_build_find_source(const IkBuild *b, const char *key)
{
    size_t i;
    return b->source_index && ik_map_get(b->source_index, key, &i) ? &b->sources[i] : NULL;
}

const IkLang *ik_build_find_lang(const IkBuild *b, const char *code)
{
    for (size_t i = 0; i < b->lang_count; i++)
        if (strcmp(b->langs[i].code, code) == 0)
            return &b->langs[i];
    return NULL;
}

void ik_build_source(IkBuild *b, const char *key, const char *text, const char *plural,
                     const char *comment, const char *file, long line)
{
    const IkSource *dup = ik_build_find_source(b, key);
    if (dup) {
        ik_diag_error(b->diag, file, line, "duplicate key \"%s\" (first at %s:%ld)", key,
                      dup->file, dup->line);
        return;
    }
    if (b->source_count == b->source_cap) {
        b->source_cap = b->source_cap ? 2 * b->source_cap : 256;
        b->sources = ik_xrealloc(b->sources, b->source_cap, sizeof(IkSource));
    }
    IkSource *s = &b->sources[b->source_count++];
    s->key = ik_xstrdup(key);
    s->text = ik_xstrdup(text);
    s->plural = plural && plural[0] ? ik_xstrdup(plural) : NULL;
    s->comment = comment && comment[0] ? ik_xstrdup(comment) : NULL;
    s->file = ik_xstrdup(file);
    s->line = line;
    if (!b->source_index)
        b->source_index = ik_map_create();
    ik_map_put(b->source_index, s->key, b->source_count - 1, NULL);
    SQL(b, "INSERT INTO string(lang,key,value,reviewed) VALUES('it',?,?,1)", key, text);
    ik_build_origin(b, "it", key, file, line);
    if (s->plural) {
        char *k1 = ik_xasprintf("%s#1", key);
        SQL(b, "INSERT INTO string(lang,key,value,reviewed) VALUES('it',?,?,1)", k1, s->plural);
        ik_build_origin(b, "it", k1, file, line);
        free(k1);
    }
}

/* a required, non-empty, not absurdly long value */
static bool need(IkBuild *b, const IkCsv *csv, size_t row, const char *column, size_t max)
{
    const char *v = ik_csv_get(csv, row, ik_csv_column(csv, column));
    if (!v[0]) {
        ik_diag_error(b->diag, csv->path, csv->rows[row].line, "missing value for \"%s\"", column);
        return false;
    }
    if (strlen(v) > max) {
        ik_diag_error(b->diag, csv->path, csv->rows[row].line,
                      "\"%s\" is %zu bytes long (limit %zu)", column, strlen(v), max);
        return false;
    }
    return true;
}

static bool need_id(IkBuild *b, const IkCsv *csv, size_t row, const char *column)
{
    if (!need(b, csv, row, column, IK_MAX_ID))
        return false;
    const char *v = ik_csv_get(csv, row, ik_csv_column(csv, column));
    if (!ik_valid_id(v)) {
        ik_diag_error(b->diag, csv->path, csv->rows[row].line,
                      "\"%s\" value \"%s\" may use only letters, digits, '.', '_' and '-'",
                      column, v);
        return false;
    }
    return true;
}

/* reports a duplicate of rows[row] column among the earlier rows */
static bool unique(IkBuild *b, IkCsv *csv, size_t row, int column)
{
    size_t i = ik_csv_first_equal(csv, column, row);
    if (i != row) {
        ik_diag_error(b->diag, csv->path, csv->rows[row].line, "duplicate id \"%s\" (first on line %ld)",
                      ik_csv_get(csv, row, column), csv->rows[i].line);
        return false;
    }
    return true;
}

static int tri_state(IkBuild *b, const IkCsv *csv, size_t row, const char *column)
{
    const char *v = ik_csv_get(csv, row, ik_csv_column(csv, column));
    if (!v[0])
        return -1;
    if (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes"))
        return 1;
    if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no"))
        return 0;
    ik_diag_error(b->diag, csv->path, csv->rows[row].line,
                  "\"%s\" must be 1, 0 or empty, not \"%s\"", column, v);
    return -1;
}

static char *path2(const char *a, const char *c)
{
    return ik_path_join(a, c);
}

/* True when the '\n'-joined sorted list has the entry item. */
static bool list_has(const char *list, const char *item, size_t n)
{
    for (const char *p = list; *p;) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && memcmp(p, item, n) == 0)
            return true;
        p += len + (end != NULL);
    }
    return false;
}

/* A translated page's phone numbers, URLs or e-mails differ from the Italian
 * page's: name the first line that has one the Italian page lacks, or else
 * the one the translation dropped, so a translator finds it at once. */
static void report_contact_change(IkBuild *b, const char *path, const char *text,
                                  const char *italian)
{
    long line = 1;
    for (const char *p = text; *p; line++) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char *one = ik_xstrndup(p, len);
        char *found = ik_contacts(one);
        for (const char *q = found; *q;) {
            const char *qe = strchr(q, '\n');
            size_t qn = qe ? (size_t)(qe - q) : strlen(q);
            if (!list_has(italian, q, qn)) {
                ik_diag_error(b->diag, path, line,
                              "\"%.*s\" is not on the Italian page: phone numbers, URLs and "
                              "e-mail addresses must be the same as the source's", (int)qn, q);
                free(found);
                free(one);
                return;
            }
            q += qn + (qe != NULL);
        }
        free(found);
        free(one);
        if (!end)
            break;
        p = end + 1;
    }
    char *here = ik_contacts(text);
    for (const char *q = italian; *q;) {
        const char *qe = strchr(q, '\n');
        size_t qn = qe ? (size_t)(qe - q) : strlen(q);
        if (!list_has(here, q, qn)) {
            ik_diag_error(b->diag, path, 0,
                          "\"%.*s\" of the Italian page is missing here: phone numbers, URLs "
                          "and e-mail addresses must be the same as the source's", (int)qn, q);
            break;
        }
        q += qn + (qe != NULL);
    }
    free(here);
}

/* ---- [SECTION] content readers --------------------------------------------- */
static void read_languages(IkBuild *b)
{
    char *path = path2(b->content_dir, "languages.csv");
    IkCsv *csv = ik_csv_read(path, b->diag, true);
    static const char *const req[] = {"code", "endonym", "script", "rtl", NULL};
    if (!csv || !ik_csv_require(csv, b->diag, req))
        goto done;
    int cc = ik_csv_column(csv, "code");
    b->langs = ik_xcalloc(csv->row_count + 1, sizeof(IkLang));
    for (size_t i = 0; i < csv->row_count; i++) {
        long line = csv->rows[i].line;
        if (!need(b, csv, i, "code", 20) || !need_id(b, csv, i, "code") ||
            !need(b, csv, i, "endonym", 100) ||
            !need(b, csv, i, "script", 4) || !unique(b, csv, i, cc))
            continue;
        int rtl = tri_state(b, csv, i, "rtl");
        IkLang *l = &b->langs[b->lang_count++];
        l->code = ik_xstrdup(ik_csv_get(csv, i, cc));
        l->endonym = ik_xstrdup(ik_csv_get(csv, i, ik_csv_column(csv, "endonym")));
        l->script = ik_xstrdup(ik_csv_get(csv, i, ik_csv_column(csv, "script")));
        l->rtl = rtl == 1;
        char pos[16];
        snprintf(pos, sizeof pos, "%zu", b->lang_count - 1);
        SQL(b, "INSERT INTO language(code,endonym,script,rtl,position) VALUES(?,?,?,?,?)",
            l->code, l->endonym, l->script, l->rtl ? "1" : "0", pos);
        char *key = ik_xasprintf("language:%s", l->code);
        ik_build_origin(b, l->code, key, path, line);
        free(key);
    }
    if (!ik_build_find_lang(b, IK_SOURCE_LANG))
        ik_diag_error(b->diag, path, 0, "the source language \"%s\" is not listed", IK_SOURCE_LANG);
done:
    ik_csv_free(csv);
    free(path);
}

/* Interface strings are printf formats for the kiosk (%d a number, %s a
 * time or a version): any other conversion (%n, "%5d", "100% free") would
 * read an argument that is not there. */
static void check_ui_format(IkBuild *b, const char *path, long line, const char *column,
                            const char *s)
{
    for (const char *p = strchr(s, '%'); p; p = strchr(p + 1, '%')) {
        if (p[1] == '%') {
            p++;
            continue;
        }
        if (p[1] != 'd' && p[1] != 's') {
            ik_diag_error(b->diag, path, line, "\"%s\": only %%d, %%s and %%%% (a percent "
                          "sign) may follow a %%, not \"%.2s\"", column, p);
            return;
        }
    }
}

static void read_interface(IkBuild *b)
{
    char *path = path2(b->content_dir, "interface.csv");
    IkCsv *csv = ik_csv_read(path, b->diag, true);
    static const char *const req[] = {"key", "text", NULL};
    if (!csv || !ik_csv_require(csv, b->diag, req))
        goto done;
    int kc = ik_csv_column(csv, "key"), tc = ik_csv_column(csv, "text");
    int cc = ik_csv_column(csv, "comment"), pc = ik_csv_column(csv, "plural");
    for (size_t i = 0; i < csv->row_count; i++) {
        if (!need_id(b, csv, i, "key") || !need(b, csv, i, "text", IK_MAX_FIELD))
            continue;
        check_ui_format(b, path, csv->rows[i].line, "text", ik_csv_get(csv, i, tc));
        check_ui_format(b, path, csv->rows[i].line, "plural", ik_csv_get(csv, i, pc));
        char *key = ik_xasprintf("ui:%s", ik_csv_get(csv, i, kc));
        ik_build_source(b, key, ik_csv_get(csv, i, tc), ik_csv_get(csv, i, pc),
                        ik_csv_get(csv, i, cc), path, csv->rows[i].line);
        free(key);
    }
done:
    ik_csv_free(csv);
    free(path);
}

static char *page_text(const IkMdPage *page)
{
    IkBuf all = {0};
    for (size_t i = 0; i < page->count; i++) {
        ik_buf_puts(&all, page->blocks[i].text);
        ik_buf_puts(&all, "\n");
    }
    return all.data ? all.data : ik_xstrdup("");
}

static const char *kind_name(int kind)
{
    switch (kind) {
    case IK_BLOCK_HEADING: return "heading";
    case IK_BLOCK_BULLET: return "bullet";
    case IK_BLOCK_NUMBER: return "number";
    case IK_BLOCK_ACTION: return "action";
    default: return "paragraph";
    }
}

/* Stores one page; returns its contacts (phones, URLs, e-mails), malloc'd. */
static char *store_page(IkBuild *b, const char *id, const char *lang, const char *path,
                        IkMdPage *page, bool reviewed)
{
    SQL(b, "INSERT INTO topic_text(topic_id,lang,title,reviewed) VALUES(?,?,?,?)", id, lang,
        page->title, reviewed ? "1" : "0");
    char *key = ik_xasprintf("topic:%s:title", id);
    ik_build_origin(b, lang, key, path, 1);
    free(key);
    int seq = 0;
    for (size_t i = 0; i < page->count; i++) {
        const IkMdBlock *bl = &page->blocks[i];
        if (bl->kind == IK_BLOCK_TITLE)
            continue;
        char s[16], n[16];
        snprintf(s, sizeof s, "%d", seq);
        snprintf(n, sizeof n, "%d", bl->number);
        SQL(b, "INSERT INTO topic_block(topic_id,lang,seq,kind,number,text) VALUES(?,?,?,?,?,?)",
            id, lang, s, kind_name(bl->kind), n, bl->text);
        key = ik_xasprintf("topic:%s:%d", id, seq);
        ik_build_origin(b, lang, key, path, bl->line);
        free(key);
        seq++;
    }
    char *all = page_text(page);
    char *c = ik_contacts(all);
    free(all);
    return c;
}

static bool topic_known(const IkBuild *b, const char *id)
{
    for (size_t i = 0; i < b->topic_count; i++)
        if (strcmp(b->topics[i], id) == 0)
            return true;
    return false;
}

/* content/topics/<lang>/reviewed.txt: topic ids, one a line, '#' comments */
static char **read_reviewed(IkBuild *b, const char *dir, size_t *count)
{
    char *path = path2(dir, "reviewed.txt");
    char **ids = NULL;
    *count = 0;
    size_t size;
    char *text = ik_file_exists(path) ? ik_file_read(path, &size) : NULL;
    if (text && ik_check_utf8(path, text, size, b->diag)) {
        long line = 0;
        for (char *save = NULL, *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
            line++;
            char *e = l + strlen(l);
            while (e > l && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
                *--e = '\0';
            while (*l == ' ' || *l == '\t')
                l++;
            if (!*l || *l == '#')
                continue;
            if (!topic_known(b, l)) {
                ik_diag_error(b->diag, path, line, "unknown topic \"%s\"", l);
                continue;
            }
            ids = ik_xrealloc(ids, *count + 1, sizeof(char *));
            ids[(*count)++] = ik_xstrdup(l);
        }
    }
    free(text);
    free(path);
    return ids;
}

static void read_topics(IkBuild *b)
{
    char *path = path2(b->content_dir, "topics.csv");
    char *tdir = path2(b->content_dir, "topics");
    IkCsv *csv = ik_csv_read(path, b->diag, true);
    static const char *const req[] = {"id", "position", "audience", "pictogram", NULL};
    char **contacts = NULL;
    if (!csv || !ik_csv_require(csv, b->diag, req))
        goto done;
    int ic = ik_csv_column(csv, "id");
    b->topics = ik_xcalloc(csv->row_count + 1, sizeof(char *));
    contacts = ik_xcalloc(csv->row_count + 1, sizeof(char *));
    for (size_t i = 0; i < csv->row_count; i++) {
        long line = csv->rows[i].line;
        if (!need_id(b, csv, i, "id") || !unique(b, csv, i, ic) ||
            !need(b, csv, i, "position", 10) || !need(b, csv, i, "audience", 20) ||
            !need_id(b, csv, i, "pictogram"))
            continue;
        const char *aud = ik_csv_get(csv, i, ik_csv_column(csv, "audience"));
        long pos;
        if (!ik_parse_int(ik_csv_get(csv, i, ik_csv_column(csv, "position")), 0, 100000, &pos)) {
            ik_diag_error(b->diag, path, line, "position must be a whole number");
            continue;
        }
        if (strcmp(aud, "children") && strcmp(aud, "teens") && strcmp(aud, "parents") &&
            strcmp(aud, "professionals") && strcmp(aud, "all")) {
            ik_diag_error(b->diag, path, line,
                          "audience \"%s\" is not children, teens, parents, professionals or all", aud);
            continue;
        }
        const char *id = ik_csv_get(csv, i, ic);
        SQL(b, "INSERT INTO topic(id,position,audience,pictogram) VALUES(?,?,?,?)", id,
            ik_csv_get(csv, i, ik_csv_column(csv, "position")), aud,
            ik_csv_get(csv, i, ik_csv_column(csv, "pictogram")));
        /* the Italian page is required */
        char *md = ik_xasprintf("%s/%s/%s.md", tdir, IK_SOURCE_LANG, id);
        size_t size;
        char *text = ik_file_exists(md) ? ik_file_read(md, &size) : NULL;
        if (!text) {
            ik_diag_error(b->diag, path, line, "topic \"%s\" has no Italian page %s", id, md);
        } else {
            IkMdPage *page = ik_md_parse(md, text, size, b->diag);
            if (page) {
                contacts[b->topic_count] = store_page(b, id, IK_SOURCE_LANG, md, page, true);
                ik_md_free(page);
            }
        }
        free(text);
        free(md);
        b->topics[b->topic_count++] = ik_xstrdup(id);
    }
    /* translated pages: every folder must be a language, every page a topic */
    DIR *d = opendir(tdir);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        /* Italian pages were read from topics.csv; here only look for orphans */
        bool source = strcmp(e->d_name, IK_SOURCE_LANG) == 0;
        char *ldir = path2(tdir, e->d_name);
        struct stat st;
        if (stat(ldir, &st) != 0 || !S_ISDIR(st.st_mode)) {
            free(ldir);
            continue;
        }
        if (!ik_build_find_lang(b, e->d_name)) {
            ik_diag_error(b->diag, ldir, 0, "not a language of languages.csv");
            free(ldir);
            continue;
        }
        size_t nrev;
        char **rev = read_reviewed(b, ldir, &nrev);
        DIR *ld = opendir(ldir);
        for (struct dirent *f; ld && (f = readdir(ld));) {
            if (f->d_name[0] == '.' || strcmp(f->d_name, "reviewed.txt") == 0)
                continue;
            char *md = path2(ldir, f->d_name);
            if (!ik_str_ends_with(f->d_name, ".md")) {
                ik_diag_error(b->diag, md, 0, "unexpected file (pages end in .md)");
                free(md);
                continue;
            }
            char *id = ik_xstrndup(f->d_name, strlen(f->d_name) - 3);
            size_t k = 0;
            while (k < b->topic_count && strcmp(b->topics[k], id))
                k++;
            if (k == b->topic_count) {
                ik_diag_error(b->diag, md, 0, "no topic \"%s\" in topics.csv", id);
            } else if (!source) {
                size_t size;
                char *text = ik_file_read(md, &size);
                IkMdPage *page = text ? ik_md_parse(md, text, size, b->diag) : NULL;
                if (page) {
                    bool reviewed = false;
                    for (size_t r = 0; r < nrev; r++)
                        reviewed |= strcmp(rev[r], id) == 0;
                    char *c = store_page(b, id, e->d_name, md, page, reviewed);
                    if (contacts[k] && strcmp(c, contacts[k]) != 0)
                        report_contact_change(b, md, text, contacts[k]);
                    free(c);
                    ik_md_free(page);
                }
                free(text);
            }
            free(id);
            free(md);
        }
        if (ld)
            closedir(ld);
        for (size_t r = 0; r < nrev; r++)
            free(rev[r]);
        free(rev);
        free(ldir);
    }
    if (d)
        closedir(d);
done:
    for (size_t i = 0; contacts && i < b->topic_count; i++)
        free(contacts[i]);
    free(contacts);
    ik_csv_free(csv);
    free(tdir);
    free(path);
}

/* The national numbers are compiled into the kiosk: a pack that would show
 * another number under their id, or leave one out, is refused here. */
static void check_golden_helplines(IkBuild *b, IkCsv *csv, const char *path)
{
    size_t n;
    const IkGoldenHelpline *g = ik_content_golden_helplines(&n);
    int ic = ik_csv_column(csv, "id"), nc = ik_csv_column(csv, "number");
    for (size_t k = 0; k < n; k++) {
        size_t i = 0;
        while (i < csv->row_count && strcmp(ik_csv_get(csv, i, ic), g[k].id) != 0)
            i++;
        if (i == csv->row_count)
            ik_diag_error(b->diag, path, 0, "help number %s (%s) is missing: the kiosk shows it "
                          "on every screen", g[k].id, g[k].number);
        else if (strcmp(ik_csv_get(csv, i, nc), g[k].number) != 0)
            ik_diag_error(b->diag, path, csv->rows[i].line,
                          "help number %s is \"%s\", not the published \"%s\"", g[k].id,
                          ik_csv_get(csv, i, nc), g[k].number);
    }
}

static void read_helplines(IkBuild *b)
{
    char *path = path2(b->content_dir, "helplines.csv");
    IkCsv *csv = ik_csv_read(path, b->diag, true);
    static const char *const req[] = {"id", "number", "position", "name", "description", NULL};
    if (!csv || !ik_csv_require(csv, b->diag, req))
        goto done;
    int ic = ik_csv_column(csv, "id");
    for (size_t i = 0; i < csv->row_count; i++) {
        long line = csv->rows[i].line;
        if (!need_id(b, csv, i, "id") || !unique(b, csv, i, ic) ||
            !need(b, csv, i, "number", 40) || !need(b, csv, i, "position", 10) ||
            !need(b, csv, i, "name", IK_MAX_NAME) || !need(b, csv, i, "description", IK_MAX_FIELD))
            continue;
        const char *id = ik_csv_get(csv, i, ic);
        const char *number = ik_csv_get(csv, i, ik_csv_column(csv, "number"));
        for (const char *p = number; *p; p++)
            if (!strchr("0123456789 +", *p)) {
                ik_diag_error(b->diag, path, line, "number \"%s\" may hold only digits, spaces and '+'", number);
                break;
            }
        long pos;
        if (!ik_parse_int(ik_csv_get(csv, i, ik_csv_column(csv, "position")), 0, 100000, &pos))
            ik_diag_error(b->diag, path, line, "position must be a whole number");
        int fr = tri_state(b, csv, i, "free"), ao = tri_state(b, csv, i, "always_open");
        const char *langs = ik_csv_get(csv, i, ik_csv_column(csv, "languages"));
        char *copy = ik_xstrdup(langs), *save = NULL;
        for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save))
            if (strlen(t) > 12 || !ik_valid_id(t))
                ik_diag_error(b->diag, path, line, "\"%s\" is not a language code", t);
        free(copy);
        char posb[24];
        snprintf(posb, sizeof posb, "%ld", pos);
        SQL(b, "INSERT INTO helpline(id,number,position,free,always_open,languages) VALUES(?,?,?,?,?,?)",
            id, number, posb, fr < 0 ? NULL : fr ? "1" : "0", ao < 0 ? NULL : ao ? "1" : "0", langs);
        char *k = ik_xasprintf("helpline:%s:name", id);
        ik_build_source(b, k, ik_csv_get(csv, i, ik_csv_column(csv, "name")), NULL,
                        "Help number: its name", path, line);
        free(k);
        k = ik_xasprintf("helpline:%s:description", id);
        ik_build_source(b, k, ik_csv_get(csv, i, ik_csv_column(csv, "description")), NULL,
                        "Help number: what it is for", path, line);
        free(k);
    }
    check_golden_helplines(b, csv, path);
done:
    ik_csv_free(csv);
    free(path);
}

static void read_synonyms(IkBuild *b)
{
    char *path = path2(b->content_dir, "synonyms.csv");
    IkCsv *csv = ik_csv_read(path, b->diag, false);
    static const char *const req[] = {"lang", "term", "synonyms", NULL};
    if (!csv || !ik_csv_require(csv, b->diag, req))
        goto done;
    for (size_t i = 0; i < csv->row_count; i++) {
        if (!need(b, csv, i, "lang", 20) || !need(b, csv, i, "term", IK_MAX_NAME) ||
            !need(b, csv, i, "synonyms", IK_MAX_FIELD))
            continue;
        const char *lang = ik_csv_get(csv, i, ik_csv_column(csv, "lang"));
        if (!ik_build_find_lang(b, lang)) {
            ik_diag_error(b->diag, path, csv->rows[i].line, "unknown language \"%s\"", lang);
            continue;
        }
        SQL(b, "INSERT INTO synonym(lang,term,synonyms) VALUES(?,?,?)", lang,
            ik_csv_get(csv, i, ik_csv_column(csv, "term")),
            ik_csv_get(csv, i, ik_csv_column(csv, "synonyms")));
    }
done:
    ik_csv_free(csv);
    free(path);
}

/* ---- [SECTION] fonts ---------------------------------------------------------- */
static void check_fonts(IkBuild *b)
{
    IkFonts *fonts = ik_fonts_create(b->options->fonts_list);
    if (!fonts) {
        ik_diag_error(b->diag, b->options->fonts_list, 0, "cannot load the fonts: %s", ik_error());
        return;
    }
    sqlite3_stmt *st = NULL;
    const char *sql =
        "SELECT s.lang, s.key, s.value, o.file, o.line FROM string s"
        " LEFT JOIN temp.origin o ON o.lang = s.lang AND o.key = s.key"
        " UNION ALL SELECT t.lang, 'topic:' || t.topic_id || ':title', t.title, o.file, o.line"
        " FROM topic_text t LEFT JOIN temp.origin o ON o.lang = t.lang"
        "  AND o.key = 'topic:' || t.topic_id || ':title'"
        " UNION ALL SELECT t.lang, 'topic:' || t.topic_id || ':' || t.seq, t.text, o.file, o.line"
        " FROM topic_block t LEFT JOIN temp.origin o ON o.lang = t.lang"
        "  AND o.key = 'topic:' || t.topic_id || ':' || t.seq"
        " UNION ALL SELECT l.code, 'language:' || l.code, l.endonym, o.file, o.line"
        " FROM language l LEFT JOIN temp.origin o ON o.lang = l.code"
        "  AND o.key = 'language:' || l.code"
        " UNION ALL SELECT DISTINCT 'it', 'location:' || l.location_id, l.name, o.file, o.line"
        " FROM service_location l LEFT JOIN temp.origin o ON o.lang = 'it'"
        "  AND o.key = 'location:' || l.location_id"
        " UNION ALL SELECT DISTINCT 'it', 'address:' || l.location_id,"
        "  coalesce(l.address,'') || ' ' || coalesce(l.city,''), o.file, o.line"
        " FROM service_location l LEFT JOIN temp.origin o ON o.lang = 'it'"
        "  AND o.key = 'address:' || l.location_id"
        " UNION ALL SELECT 'it', 'phone:' || p.service_id || ':' || p.seq, p.description, o.file, o.line"
        " FROM service_phone p LEFT JOIN temp.origin o ON o.lang = 'it'"
        "  AND o.key = 'phone:' || p.service_id || ':' || p.seq";
    if (sqlite3_prepare_v2(b->db, sql, -1, &st, NULL) != SQLITE_OK) {
        ik_diag_error(b->diag, NULL, 0, "font check: %s", sqlite3_errmsg(b->db));
        goto done;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *lang = (const char *)sqlite3_column_text(st, 0);
        const char *key = (const char *)sqlite3_column_text(st, 1);
        const char *value = (const char *)sqlite3_column_text(st, 2);
        const char *file = (const char *)sqlite3_column_text(st, 3);
        uint32_t missing = 0;
        if (value && !ik_fonts_covers(fonts, lang, value, &missing))
            ik_diag_error(b->diag, file ? file : "(directory)", sqlite3_column_int(st, 4),
                          "%s [%s]: the fonts cannot draw U+%04X", key, lang, (unsigned)missing);
    }
done:
    sqlite3_finalize(st);
    ik_fonts_destroy(fonts);
}

/* ---- [SECTION] build, coverage, extract ----------------------------------- */
static void build_free(IkBuild *b)
{
    for (size_t i = 0; i < b->lang_count; i++) {
        free(b->langs[i].code);
        free(b->langs[i].endonym);
        free(b->langs[i].script);
    }
    free(b->langs);
    for (size_t i = 0; i < b->source_count; i++) {
        IkSource *s = &b->sources[i];
        free(s->key);
        free(s->text);
        free(s->plural);
        free(s->comment);
        free(s->file);
    }
    free(b->sources);
    ik_map_destroy(b->source_index);
    for (size_t i = 0; i < b->topic_count; i++)
        free(b->topics[i]);
    free(b->topics);
    free(b->content_dir);
    free(b->services_dir);
    free(b->translations_dir);
    if (b->db)
        sqlite3_close(b->db);
    memset(b, 0, sizeof *b);
}

static bool valid_version(const char *v)
{
    size_t n = strlen(v);
    if (n == 0 || n > 20)
        return false;
    for (size_t i = 0; i < n; i++)
        if (v[i] < '0' || v[i] > '9')
            return false;
    return true;
}

/* Loads everything into b->db (already open). */
static bool load(IkBuild *b, const IkPackOptions *o, IkDiag *diag)
{
    size_t before = ik_diag_errors(diag);
    b->options = o;
    b->diag = diag;
    b->content_dir = ik_xstrdup(o->content_dir ? o->content_dir : "content");
    b->services_dir = o->services_dir ? ik_xstrdup(o->services_dir)
                                      : ik_path_join(b->content_dir, "directory");
    b->translations_dir = o->translations_dir ? ik_xstrdup(o->translations_dir) : NULL;
    sqlite3_exec(b->db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;", NULL, NULL, NULL);
    char *err = NULL;
    if (sqlite3_exec(b->db, "BEGIN", NULL, NULL, &err) != SQLITE_OK ||
        sqlite3_exec(b->db, ik_content_schema_sql(), NULL, NULL, &err) != SQLITE_OK ||
        sqlite3_exec(b->db, "CREATE TEMP TABLE origin(lang TEXT, key TEXT, file TEXT, line INTEGER,"
                            " PRIMARY KEY(lang, key))", NULL, NULL, &err) != SQLITE_OK) {
        ik_diag_error(diag, NULL, 0, "pack database: %s", err ? err : "?");
        sqlite3_free(err);
        return false;
    }
    struct stat st;
    if (stat(b->content_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        ik_diag_error(diag, b->content_dir, 0, "not a folder");
        return false;
    }
    read_languages(b);
    read_interface(b);
    read_topics(b);
    read_helplines(b);
    read_synonyms(b);
    ik_build_directory(b);
    if (b->translations_dir)
        ik_build_translations(b);
    if (o->check_fonts)
        check_fonts(b);

    char version[32], built[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(version, sizeof version, "%Y%m%d%H%M%S", &tm);
    strftime(built, sizeof built, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (o->version && !valid_version(o->version))
        ik_diag_error(diag, NULL, 0, "version \"%s\" must be a number (up to 20 digits)", o->version);
    char format[16];
    snprintf(format, sizeof format, "%d", IK_PACK_FORMAT);
    SQL(b, "INSERT INTO meta VALUES('format',?),('version',?),('built_at',?),('source_lang',?)",
        format, o->version ? o->version : version, built, IK_SOURCE_LANG);
    if (sqlite3_exec(b->db, "COMMIT", NULL, NULL, &err) != SQLITE_OK) {
        ik_diag_error(diag, NULL, 0, "pack database: %s", err ? err : "?");
        sqlite3_free(err);
        return false;
    }
    /* outside our transaction, so the index builder may use its own */
    if (ik_diag_errors(diag) == before && !ik_search_index_build(b->db))
        ik_diag_error(diag, NULL, 0, "search index: %s", ik_error());
    return ik_diag_errors(diag) == before;
}

static bool open_memory(IkBuild *b, IkDiag *diag)
{
    if (sqlite3_open(":memory:", &b->db) != SQLITE_OK) {
        ik_diag_error(diag, NULL, 0, "cannot create a database in memory");
        return false;
    }
    return true;
}

/* Ctrl-C or a stop signal during a build: remove the temporary file (the
 * output itself is never touched before the final rename). */
static char signal_tmp[4096];
static struct sigaction saved_int, saved_term;

static void on_stop_signal(int sig)
{
    if (signal_tmp[0])
        unlink(signal_tmp);
    sigaction(SIGINT, &saved_int, NULL);
    sigaction(SIGTERM, &saved_term, NULL);
    raise(sig);
}

static void guard_tmp(const char *tmp)
{
    if (tmp) {
        if (strlen(tmp) >= sizeof signal_tmp)
            return;
        memcpy(signal_tmp, tmp, strlen(tmp) + 1);
        struct sigaction sa = {0};
        sa.sa_handler = on_stop_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, &saved_int);
        sigaction(SIGTERM, &sa, &saved_term);
    } else if (signal_tmp[0]) {
        sigaction(SIGINT, &saved_int, NULL);
        sigaction(SIGTERM, &saved_term, NULL);
        signal_tmp[0] = '\0';
    }
}

bool ik_pack_build(const IkPackOptions *options, const char *out, IkDiag *diag)
{
    IkBuild b = {0};
    IkFileReplace r = {0};
    bool ok = false;
    if (!out) {
        ok = open_memory(&b, diag) && load(&b, options, diag);
        goto fail;
    }
    /* a pack that is written is always checked against the fonts: the kiosk
     * must never receive a string it cannot draw */
    IkPackOptions written = *options;
    written.check_fonts = true;
    options = &written;
    /* SQLite writes the temporary beside out; only a whole pack is renamed */
    if (!ik_file_replace_begin(&r, out)) {
        ik_diag_error(diag, out, 0, "%s", ik_error());
        goto fail;
    }
    guard_tmp(r.tmp);
    if (sqlite3_open_v2(r.tmp, &b.db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        ik_diag_error(diag, r.tmp, 0, "cannot open: %s", sqlite3_errmsg(b.db));
        goto fail;
    }
    if (!load(&b, options, diag))
        goto fail;
    int rc = sqlite3_close(b.db);
    b.db = NULL;
    if (rc != SQLITE_OK) {
        ik_diag_error(diag, r.tmp, 0, "cannot close the pack");
        goto fail;
    }
    if (!ik_file_replace_commit(&r)) {
        ik_diag_error(diag, out, 0, "cannot write: %s", ik_error());
        goto fail;
    }
    ok = true;
fail:
    /* SQLite's handle first: the temporary is removed after it is closed */
    if (b.db)
        sqlite3_close(b.db);
    b.db = NULL;
    ik_file_replace_abort(&r);
    guard_tmp(NULL);
    build_free(&b);
    return ok;
}

bool ik_pack_coverage(const IkPackOptions *options, FILE *out, IkDiag *diag)
{
    IkBuild b = {0};
    bool ok = false;
    sqlite3_stmt *st = NULL;
    if (!open_memory(&b, diag) || !load(&b, options, diag))
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
        "   + (SELECT count(*) FROM topic_text t WHERE t.lang=l.code AND t.reviewed)"
        " FROM language l ORDER BY l.position";
    if (sqlite3_prepare_v2(b.db, sql, -1, &st, NULL) != SQLITE_OK) {
        ik_diag_error(diag, NULL, 0, "coverage: %s", sqlite3_errmsg(b.db));
        goto fail;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        long done = sqlite3_column_int64(st, 1), total = sqlite3_column_int64(st, 2);
        long rev = sqlite3_column_int64(st, 3);
        /* floor, so 99.6% never shows as a complete 100% */
        long tenths = total ? done * 1000 / total : 1000;
        fprintf(out, "%s\t%ld/%ld\t%ld.%ld%%\t%ld reviewed\n", sqlite3_column_text(st, 0), done,
                total, tenths / 10, tenths % 10, rev);
    }
    ok = true;
fail:
    sqlite3_finalize(st);
    build_free(&b);
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
    if (!open_memory(&b, diag) || !load(&b, &o, diag))
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
    build_free(&b);
    return ok;
}
