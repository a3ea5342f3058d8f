/* Awareness topics: content/topics.csv lists them; content/topics/LANG/ID.md
 * holds each page (Italian required, translations optional, reviewed ones
 * listed in LANG/reviewed.txt). A translation must keep the phone numbers,
 * URLs and e-mail addresses of the Italian page, and names the version of
 * the Italian page it translates (front matter source-hash): a translation
 * of another version is stale, reported and left out of the pack, so the
 * kiosk shows the Italian page rather than an outdated safety text. The
 * "<!-- source: ..., read YYYY-MM-DD -->" comments of a page are aged. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "incontro/content.h"
#include "internal.h"

/* ---- storing a page ------------------------------------------------------- */
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

static char *page_text(const IkMdPage *page)
{
    IkBuf all = {0};
    for (size_t i = 0; i < page->count; i++) {
        ik_buf_puts(&all, page->blocks[i].text);
        ik_buf_puts(&all, "\n");
    }
    return all.data ? all.data : ik_xstrdup("");
}

/* The phone numbers, URLs and e-mails a page shows, malloc'd. */
static char *page_contacts(const IkMdPage *page)
{
    char *all = page_text(page);
    char *c = ik_contacts(all);
    free(all);
    return c;
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
    return page_contacts(page);
}

/* ---- contacts of a translation ---------------------------------------------- */
/* True when the '\n'-joined list has the entry item. */
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

/* The first entry of list that other lacks, with its length; NULL if none. */
static const char *first_missing(const char *list, const char *other, size_t *n)
{
    for (const char *q = list; *q;) {
        const char *qe = strchr(q, '\n');
        *n = qe ? (size_t)(qe - q) : strlen(q);
        if (!list_has(other, q, *n))
            return q;
        q += *n + (qe != NULL);
    }
    return NULL;
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
        size_t n;
        const char *extra = first_missing(found, italian, &n);
        if (extra)
            ik_diag_error(b->diag, path, line,
                          "\"%.*s\" is not on the Italian page: phone numbers, URLs and "
                          "e-mail addresses must be the same as the source's", (int)n, extra);
        free(found);
        free(one);
        if (extra)
            return;
        if (!end)
            break;
        p = end + 1;
    }
    char *here = ik_contacts(text);
    size_t n;
    const char *dropped = first_missing(italian, here, &n);
    if (dropped)
        ik_diag_error(b->diag, path, 0,
                      "\"%.*s\" of the Italian page is missing here: phone numbers, URLs "
                      "and e-mail addresses must be the same as the source's", (int)n, dropped);
    free(here);
}

/* ---- sources ------------------------------------------------------------------ */
#define DEFAULT_SOURCE_AGE 365  /* days after which a source is read again */

/* Warns on a source read longer ago than the options allow (or never said
 * when); an Italian page, where the facts are, must name at least one. */
static void check_sources(IkBuild *b, const char *path, const IkMdPage *page, bool italian)
{
    int max = b->options->max_source_age ? b->options->max_source_age : DEFAULT_SOURCE_AGE;
    if (italian && page->source_count == 0)
        ik_diag_warning(b->diag, path, 1, "no \"<!-- source: ... -->\" comment: say where "
                        "the page's facts come from");
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    long today = ik_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    for (size_t i = 0; i < page->source_count; i++) {
        const IkMdSource *src = &page->sources[i];
        int y, m, d;
        if (!src->read[0]) {
            if (italian)
                ik_diag_warning(b->diag, path, src->line, "source without \"read YYYY-MM-DD\": "
                                "say when it was read");
        } else if (!ik_parse_date(src->read, &y, &m, &d)) {
            ik_diag_warning(b->diag, path, src->line, "source read \"%s\": not a date", src->read);
        } else if (ik_days_from_civil(y, m, d) > today) {
            ik_diag_warning(b->diag, path, src->line, "source read %s: a date in the future",
                            src->read);
        } else if (max > 0 && today - ik_days_from_civil(y, m, d) > max) {
            ik_diag_warning(b->diag, path, src->line, "source read %s, %ld days ago (more than "
                            "%d): read it again and update the page", src->read,
                            today - ik_days_from_civil(y, m, d), max);
        }
    }
}

/* ---- reading ---------------------------------------------------------------- */
/* what a translation is compared with */
typedef struct {
    char *contacts;             /* the Italian page's, malloc'd; NULL: no page */
    char hash[IK_MD_HASH_SIZE]; /* ik_md_hash of the Italian page */
} Italian;

static long topic_index(const IkBuild *b, const char *id)
{
    for (size_t i = 0; i < b->topic_count; i++)
        if (strcmp(b->topics[i], id) == 0)
            return (long)i;
    return -1;
}

/* LANG/reviewed.txt: topic ids, one a line, '#' comments; count receives
 * how many (the list is malloc'd, NULL when there is none) */
static char **read_reviewed(IkBuild *b, const char *dir, size_t *count)
{
    char *path = ik_path_join(dir, "reviewed.txt");
    char **ids = NULL;
    size_t size;
    *count = 0;
    char *text = ik_file_exists(path) ? ik_file_read_max(path, IK_MAX_TABLE, &size) : NULL;
    if (ik_file_exists(path) && !text)
        ik_diag_failure(b->diag, path);
    if (text && ik_check_utf8(path, text, size, b->diag)) {
        long line = 0;
        for (char *save = NULL, *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
            line++;
            l = ik_str_trim(l);
            if (!*l || *l == '#')
                continue;
            if (topic_index(b, l) < 0) {
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

/* Parses a page; NULL (reported) when it cannot be read or parsed. text
 * receives the file's text (malloc'd) when asked for. */
static IkMdPage *read_page(IkBuild *b, const char *md, char **text)
{
    size_t size;
    char *t = ik_file_read_max(md, IK_MAX_PAGE, &size);
    if (!t) {
        ik_diag_failure(b->diag, md);
        return NULL;
    }
    IkMdPage *page = ik_md_parse(md, t, size, b->diag);
    if (text)
        *text = t;
    else
        free(t);
    return page;
}

/* one row of topics.csv, and its Italian page; it[k] receives what its
 * translations are compared with */
static void read_topic(IkBuild *b, IkCsv *csv, size_t i, const char *tdir, Italian *it)
{
    static const IkRule rules[] = {
        {.column = "id", .kind = IK_RULE_ID, .required = true},
        {.column = "position", .kind = IK_RULE_NUMBER, .required = true},
        {.column = "audience", .kind = IK_RULE_ONE_OF, .required = true, .values = "children|teens|parents|professionals|all"},
        {.column = "pictogram", .kind = IK_RULE_ID, .required = true},
    };
    bool cell_ok[IK_COUNT(rules)];
    bool ok = ik_rules_check(csv, i, rules, IK_COUNT(rules), cell_ok, b->diag);
    const char *id = ik_rules_get(csv, i, "id");
    /* a row the reader refused still names its topic */
    bool id_ok = csv->rows[i].broken ? ik_valid_id(id) : cell_ok[0];
    if (!id_ok || !ik_rules_unique(csv, i, "id", b->diag))
        return;
    /* known even when the row has a problem: its pages are no orphans */
    b->topics[b->topic_count++] = ik_xstrdup(id);
    if (!ok)
        return;
    SQL(b, "INSERT INTO topic(id,position,audience,pictogram) VALUES(?,?,?,?)", id,
        ik_rules_get(csv, i, "position"), ik_rules_get(csv, i, "audience"),
        ik_rules_get(csv, i, "pictogram"));
    char *md = ik_xasprintf("%s/%s/%s.md", tdir, IK_SOURCE_LANG, id);
    if (!ik_file_exists(md)) {
        ik_diag_error(b->diag, csv->path, csv->rows[i].line, "topic \"%s\" has no Italian page %s",
                      id, md);
    } else {
        IkMdPage *page = read_page(b, md, NULL);
        if (page) {
            Italian *k = &it[b->topic_count - 1];
            k->contacts = store_page(b, id, IK_SOURCE_LANG, md, page, true);
            ik_md_hash(page, k->hash);
            check_sources(b, md, page, true);
            if (page->source_hash)
                ik_diag_warning(b->diag, md, page->source_hash_line, "source-hash on an Italian "
                                "page (only translations name the page they translate)");
        }
        ik_md_free(page);
    }
    free(md);
}

/* True when the translation translates the Italian page as it is now;
 * otherwise warns (it is then left out of the pack). */
static bool current(IkBuild *b, const char *md, const IkMdPage *page, const Italian *it)
{
    if (!it->contacts)
        return true;    /* no Italian page: reported with its topic */
    if (!page->source_hash) {
        ik_diag_warning(b->diag, md, 1, "stale: names no version of the Italian page it "
                        "translates (front matter \"source-hash: %s\" once it matches the "
                        "Italian page): not used, the kiosk shows the Italian page", it->hash);
        return false;
    }
    if (strcmp(page->source_hash, it->hash) != 0) {
        ik_diag_warning(b->diag, md, page->source_hash_line, "stale: translates the Italian "
                        "page as it was (source-hash %s), not as it is now (%s): not used, the "
                        "kiosk shows the Italian page until this one is updated",
                        page->source_hash, it->hash);
        return false;
    }
    return true;
}

/* one translated page (or an Italian one, only checked for being a topic) */
static void read_translated(IkBuild *b, const char *ldir, const char *lang, const char *name,
                            char **rev, size_t nrev, const Italian *it)
{
    char *md = ik_path_join(ldir, name);
    bool page_name = ik_str_ends_with(name, ".md");
    char *id = ik_xstrndup(name, page_name ? strlen(name) - 3 : strlen(name));
    long k = topic_index(b, id);
    if (!page_name) {
        ik_diag_error(b->diag, md, 0, "unexpected file (pages end in .md)");
    } else if (k < 0) {
        ik_diag_error(b->diag, md, 0, "no topic \"%s\" in topics.csv", id);
    } else if (strcmp(lang, IK_SOURCE_LANG) != 0) {
        char *text = NULL;
        IkMdPage *page = read_page(b, md, &text);
        if (page) {
            bool reviewed = false;
            for (size_t r = 0; r < nrev; r++)
                reviewed |= strcmp(rev[r], id) == 0;
            check_sources(b, md, page, false);
            char *c;
            if (current(b, md, page, &it[k])) {
                c = store_page(b, id, lang, md, page, reviewed);
            } else {
                c = page_contacts(page);
                SQL(b, "INSERT INTO temp.topic_stale(topic_id,lang) VALUES(?,?)", id, lang);
            }
            if (it[k].contacts && strcmp(c, it[k].contacts) != 0)
                report_contact_change(b, md, text, it[k].contacts);
            free(c);
        }
        ik_md_free(page);
        free(text);
    }
    free(id);
    free(md);
}

/* every folder of topics/ must be a language, every page a topic */
static void read_language_folders(IkBuild *b, const char *tdir, const Italian *it)
{
    DIR *d = opendir(tdir);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char *ldir = ik_path_join(tdir, e->d_name);
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
        for (struct dirent *f; ld && (f = readdir(ld));)
            if (f->d_name[0] != '.' && strcmp(f->d_name, "reviewed.txt") != 0)
                read_translated(b, ldir, e->d_name, f->d_name, rev, nrev, it);
        if (ld)
            closedir(ld);
        for (size_t r = 0; r < nrev; r++)
            free(rev[r]);
        free(rev);
        free(ldir);
    }
    if (d)
        closedir(d);
}

void ik_build_topics(IkBuild *b)
{
    static const char *const req[] = {"id", "position", "audience", "pictogram", NULL};
    IkCsv *csv = ik_build_table(b, "topics.csv", true, req);
    if (!csv)
        return;
    char *tdir = ik_path_join(b->content_dir, "topics");
    Italian *it = ik_xcalloc(csv->row_count + 1, sizeof(Italian));
    b->topics = ik_xcalloc(csv->row_count + 1, sizeof(char *));
    /* stale translations, for coverage: not part of the pack */
    ik_build_sql(b, "CREATE TEMP TABLE IF NOT EXISTS topic_stale(topic_id TEXT NOT NULL,"
                 " lang TEXT NOT NULL)", 0, NULL);
    for (size_t i = 0; i < csv->row_count; i++)
        read_topic(b, csv, i, tdir, it);
    read_language_folders(b, tdir, it);
    for (size_t i = 0; i < b->topic_count; i++)
        free(it[i].contacts);
    free(it);
    ik_csv_free(csv);
    free(tdir);
}
