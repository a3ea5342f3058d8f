/* The Markdown subset of awareness pages, parsed with md4c:
 *   # Title (once, first)   ## Heading   paragraphs
 *   - bullets   1. numbered (one level)   **strong**   *emphasis*
 *   > - the "what to do now" box: up to 3 lines, right after the title
 * plus front matter ("---" lines around "source-hash: H" at the very top)
 * and <!-- comments --> on lines of their own, "<!-- source: ... -->" ones
 * kept as the page's sources. Anything else is an error at FILE:LINE.
 * md4c hands text back as pointers into the page, which is how offsets become
 * line numbers (front matter and comments are blanked out first, newlines
 * kept); a block that has no text of its own is placed at the first
 * non-blank line after the last text seen, which is where such a block
 * starts. */
#include <ctype.h>
#include <md4c.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "incontro/content.h"
#include "internal.h"

typedef struct {
    const char *path;
    const char *doc;
    size_t size;
    IkDiag *diag;
    IkMdPage *page;
    size_t cap;
    IkBuf buf;              /* text of the block being read */
    int kind;               /* its IkBlockKind, -1 when outside a block */
    int list_depth;
    int li_depth;
    bool in_heading;    /* inside an MD_BLOCK_H */
    bool ordered;
    int number;             /* next number of an ordered list */
    size_t last_off;        /* offset just past the last text seen */
    size_t floor_off;       /* start of the line after the last text-less block */
    long block_line;        /* line of the first text of the current block */
    bool seen_text;
    int pending_span;       /* a span error waiting for a line, 0 none */
    const char *pending_what;
    int blocks_seen;
    int quote_depth;        /* inside the box (a quote) */
    bool box_done;          /* the one box was read */
    int box_items;
    bool nested_reported;   /* a nested quote was reported (once a page) */
    bool second_title;      /* a level-1 heading after the title: reported at
                             * its text, once it is known whether it is one
                             * underlined with === (then reported as such) */
    bool bad;
    size_t *line_starts;    /* offset of each line's start: line numbers in log n */
    size_t line_count;
} Md;

#define BOX_LINES 3         /* lines of the "what to do now" box, at most */

static void index_lines(Md *m)
{
    m->line_starts = ik_xmalloc((m->size + 2) * sizeof *m->line_starts);
    m->line_starts[m->line_count++] = 0;
    for (size_t i = 0; i < m->size; i++)
        if (m->doc[i] == '\n')
            m->line_starts[m->line_count++] = i + 1;
}

/* the line holding offset off (binary search: a page of thousands of errors
 * must not count its newlines again for each) */
static long line_at(const Md *m, size_t off)
{
    size_t lo = 0, hi = m->line_count;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->line_starts[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return (long)lo + 1;
}

/* first non-blank line after the last text (where a text-less block starts) */
static long block_line(const Md *m)
{
    size_t i = 0;
    if (m->seen_text) {
        i = m->last_off;
        while (i < m->size && m->doc[i] != '\n')
            i++;
        if (i < m->size)
            i++;
    }
    if (m->floor_off > i)
        i = m->floor_off;
    for (;;) {
        size_t j = i;
        while (j < m->size && (m->doc[j] == ' ' || m->doc[j] == '\t' || m->doc[j] == '\r'))
            j++;
        if (j < m->size && m->doc[j] == '\n') {
            i = j + 1;
            continue;
        }
        return line_at(m, i);
    }
}

static void error_at(Md *m, long line, const char *what)
{
    if (m->nested_reported)
        return;   /* quotes in quotes: what follows is their echo */
    ik_diag_error(m->diag, m->path, line,
                  "Markdown outside the subset: %s (allowed: # title, ## heading, "
                  "paragraphs, - bullets, 1. numbers, **strong**, *emphasis*, "
                  "\"> - \" box lines after the title)", what);
    m->bad = true;
}

static void error_block(Md *m, const char *what)
{
    long line = block_line(m);
    /* the next text-less block starts after this one's line */
    m->floor_off = (size_t)line < m->line_count ? m->line_starts[line] : m->size;
    error_at(m, line, what);
}

static void emit(Md *m)
{
    /* collapse whitespace and trim */
    IkBuf out = {0};
    bool space = false;
    for (size_t i = 0; i < m->buf.len; i++) {
        char c = m->buf.data[i];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = out.len > 0;
            continue;
        }
        if (space)
            ik_buf_append(&out, " ", 1);
        space = false;
        ik_buf_append(&out, &c, 1);
    }
    ik_buf_free(&m->buf);
    if (!out.data)
        return;
    IkMdPage *p = m->page;
    if (p->count == m->cap) {
        m->cap = m->cap ? 2 * m->cap : 16;
        p->blocks = ik_xrealloc(p->blocks, m->cap, sizeof(IkMdBlock));
    }
    IkMdBlock *b = &p->blocks[p->count++];
    b->kind = m->kind;
    b->number = m->kind == IK_BLOCK_NUMBER ? m->number - 1 : 0;
    b->text = out.data;
    b->line = m->block_line;
    m->block_line = 0;
    if (strlen(b->text) > IK_MAX_FIELD)
        ik_diag_error(m->diag, m->path, line_at(m, m->last_off),
                      "block of %zu bytes is too long (limit %d)", strlen(b->text), IK_MAX_FIELD);
    if (m->kind == IK_BLOCK_TITLE && !p->title) {
        p->title = ik_xstrdup(b->text);
        if (strlen(p->title) > IK_MAX_NAME)
            ik_diag_error(m->diag, m->path, 1, "title longer than %d bytes", IK_MAX_NAME);
    }
}

static int enter_block(MD_BLOCKTYPE type, void *detail, void *data)
{
    Md *m = data;
    switch (type) {
    case MD_BLOCK_DOC:
        return 0;
    case MD_BLOCK_H: {
        m->in_heading = true;
        if (m->quote_depth > 0)
            error_block(m, "heading in the box");
        unsigned level = ((MD_BLOCK_H_DETAIL *)detail)->level;
        if (level == 1) {
            if (m->page->title)
                m->second_title = true;
            else if (m->blocks_seen > 0)
                error_block(m, "# title not on the first line");
            m->kind = IK_BLOCK_TITLE;
        } else if (level == 2) {
            m->kind = IK_BLOCK_HEADING;
        } else {
            error_block(m, "heading level 3 or deeper");
            m->kind = IK_BLOCK_HEADING;
        }
        break;
    }
    case MD_BLOCK_P:
        if (m->li_depth == 0)
            m->kind = IK_BLOCK_PARAGRAPH;
        if (m->li_depth == 0 && m->quote_depth > 0)
            error_block(m, "text in the box (write each of its lines as \"> - ...\")");
        break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        if (type == MD_BLOCK_OL && m->quote_depth > 0)
            error_block(m, "numbered list in the box (write its lines as \"> - ...\")");
        m->list_depth++;
        if (m->list_depth > 1)
            error_block(m, "nested list");
        m->ordered = type == MD_BLOCK_OL;
        if (m->ordered)
            m->number = (int)((MD_BLOCK_OL_DETAIL *)detail)->start;
        break;
    case MD_BLOCK_LI:
        if (((MD_BLOCK_LI_DETAIL *)detail)->is_task)
            error_block(m, "task list item");
        m->li_depth++;
        m->kind = m->ordered ? IK_BLOCK_NUMBER : IK_BLOCK_BULLET;
        if (m->ordered)
            m->number++;
        if (m->quote_depth > 0) {
            m->kind = IK_BLOCK_ACTION;
            if (++m->box_items == BOX_LINES + 1)
                error_block(m, "a box of more than 3 lines");
        }
        break;
    case MD_BLOCK_QUOTE:
        /* the one quote allowed is the box, the first block after the title */
        if (m->quote_depth > 0) {
            error_block(m, "nested quote");
            m->nested_reported = true;
        }
        else if (!m->page->title || m->blocks_seen != 1 || m->box_done)
            error_block(m, "quote (>) other than the \"what to do now\" box, which comes "
                           "right after the title");
        m->quote_depth++;
        break;
    case MD_BLOCK_HR: error_block(m, "horizontal rule"); break;
    case MD_BLOCK_CODE: error_block(m, "code block"); break;
    case MD_BLOCK_HTML: error_block(m, "HTML"); break;
    case MD_BLOCK_TABLE: error_block(m, "table"); break;
    default: break;   /* table parts: the table itself was reported */
    }
    if (m->page->title == NULL && m->blocks_seen == 0 && type != MD_BLOCK_H &&
        type != MD_BLOCK_DOC) {
        error_block(m, "the page must start with a \"# Title\" line");
        m->page->title = ik_xstrdup("");
    }
    m->blocks_seen++;
    return 0;
}

static int leave_block(MD_BLOCKTYPE type, void *detail, void *data)
{
    (void)detail;
    Md *m = data;
    switch (type) {
    case MD_BLOCK_H:
        m->in_heading = false;
        if (m->second_title)
            error_block(m, "a second # title");
        m->second_title = false;
        emit(m);
        break;
    case MD_BLOCK_P:
        if (m->li_depth == 0)
            emit(m);
        else
            ik_buf_puts(&m->buf, " ");
        break;
    case MD_BLOCK_LI:
        emit(m);
        m->li_depth--;
        break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        m->list_depth--;
        m->kind = IK_BLOCK_BULLET;
        if (m->li_depth > 0)
            m->kind = m->ordered ? IK_BLOCK_NUMBER : IK_BLOCK_BULLET;
        break;
    case MD_BLOCK_QUOTE:
        if (--m->quote_depth == 0) {
            if (!m->box_done && m->box_items == 0 && !m->bad)
                error_block(m, "an empty box (write its lines as \"> - ...\")");
            m->box_done = true;
        }
        ik_buf_free(&m->buf);
        break;
    default:
        ik_buf_free(&m->buf);   /* text of refused blocks is dropped */
        break;
    }
    return 0;
}

static int enter_span(MD_SPANTYPE type, void *detail, void *data)
{
    (void)detail;
    Md *m = data;
    const char *what = NULL;
    switch (type) {
    case MD_SPAN_EM:
    case MD_SPAN_STRONG:
        return 0;
    case MD_SPAN_A: what = "link"; break;
    case MD_SPAN_IMG: what = "image"; break;
    case MD_SPAN_CODE: what = "code"; break;
    case MD_SPAN_DEL: what = "strikethrough"; break;
    default: what = "inline markup"; break;
    }
    if (!m->pending_span) {
        m->pending_span = 1;
        m->pending_what = what;
    }
    return 0;
}

static int leave_span(MD_SPANTYPE type, void *detail, void *data)
{
    (void)type;
    (void)detail;
    Md *m = data;
    if (m->pending_span) {  /* a span with no text: place it at the last text */
        ik_diag_error(m->diag, m->path, line_at(m, m->last_off),
                      "Markdown outside the subset: %s", m->pending_what);
        m->pending_span = 0;
        m->bad = true;
    }
    return 0;
}

static int text(MD_TEXTTYPE type, const MD_CHAR *t, MD_SIZE size, void *data)
{
    Md *m = data;
    size_t off = (t >= m->doc && t <= m->doc + m->size) ? (size_t)(t - m->doc) : m->last_off;
    long line = line_at(m, off);
    if (m->pending_span) {
        ik_diag_error(m->diag, m->path, line, "Markdown outside the subset: %s",
                      m->pending_what);
        m->pending_span = 0;
        m->bad = true;
    }
    if (!m->block_line) {
        m->block_line = line;
        /* md4c also reads underlined (setext) headings; the subset is "# " only */
        if ((m->kind == IK_BLOCK_TITLE || m->kind == IK_BLOCK_HEADING) && m->in_heading &&
            off < m->size) {
            size_t b = off;
            while (b > 0 && m->doc[b - 1] != '\n')
                b--;
            while (b < off && m->doc[b] == ' ')
                b++;
            if (m->second_title && m->doc[b] == '#')
                error_at(m, line, "a second # title");
            m->second_title = false;
            if (m->doc[b] != '#') {
                ik_diag_error(m->diag, m->path, line, "Markdown outside the subset: underlined "
                              "heading (write \"# Title\" or \"## Heading\")");
                m->bad = true;
            }
        }
    }
    switch (type) {
    case MD_TEXT_NORMAL: {
        size_t from = m->buf.len > 0 ? m->buf.len - 1 : 0;
        ik_buf_append(&m->buf, t, size);
        /* a "**" that md4c kept as text is a bold that did not close: the reader
           would see the stars (CJK: "**错。**你" fails, "**错**。你" works) */
        for (size_t i = from; i + 1 < m->buf.len; i++)
            if (m->buf.data[i] == '*' && m->buf.data[i + 1] == '*') {
                ik_diag_error(m->diag, m->path, line, "\"**\" would be shown as text: the bold "
                              "does not open or close (before a letter, put the closing ** "
                              "before the punctuation: **text**. not **text.**)");
                m->bad = true;
                break;
            }
        break;
    }
    case MD_TEXT_SOFTBR:
        ik_buf_append(&m->buf, " ", 1);
        break;
    case MD_TEXT_BR:
        ik_diag_error(m->diag, m->path, line, "Markdown outside the subset: hard line break "
                      "(two spaces or a \\ at the end of the line)");
        m->bad = true;
        ik_buf_append(&m->buf, " ", 1);
        break;
    case MD_TEXT_ENTITY: {
        static const struct { const char *e, *s; } ents[] = {
            {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
            {"&nbsp;", "\xC2\xA0"}, {"&apos;", "'"}};
        size_t k = 0;
        for (; k < sizeof ents / sizeof ents[0]; k++)
            if (strlen(ents[k].e) == size && memcmp(t, ents[k].e, size) == 0)
                break;
        if (k < sizeof ents / sizeof ents[0]) {
            ik_buf_puts(&m->buf, ents[k].s);
        } else {
            ik_diag_error(m->diag, m->path, line, "Markdown outside the subset: HTML entity %.*s",
                          (int)(size > 20 ? 20 : size), t);
            m->bad = true;
        }
        break;
    }
    case MD_TEXT_HTML:
        ik_diag_error(m->diag, m->path, line, "Markdown outside the subset: HTML");
        m->bad = true;
        break;
    case MD_TEXT_NULLCHAR:
        ik_diag_error(m->diag, m->path, line, "NUL character");
        m->bad = true;
        break;
    default:    /* code and math text: the block/span was reported */
        break;
    }
    if (off + size > m->last_off || !m->seen_text)
        m->last_off = off + size;
    m->seen_text = true;
    return 0;
}

/* ---- front matter and comments --------------------------------------------
 * Both are read here and blanked out of a copy of the page (spaces, newlines
 * kept) before md4c sees it, so it reports every other line where it is. */

static size_t line_end(const char *s, size_t size, size_t i)
{
    while (i < size && s[i] != '\n')
        i++;
    return i;
}

static long line_of(const char *s, size_t off)
{
    long line = 1;
    for (size_t i = 0; i < off; i++)
        if (s[i] == '\n')
            line++;
    return line;
}

/* s[a..b) without leading and trailing spaces, tabs and CRs, malloc'd */
static char *trimmed(const char *s, size_t a, size_t b)
{
    while (a < b && strchr(" \t\r", s[a]))
        a++;
    while (b > a && strchr(" \t\r", s[b - 1]))
        b--;
    return ik_xstrndup(s + a, b - a);
}

static void blank(char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (s[i] != '\n')
            s[i] = ' ';
}

static bool is_fence(const char *s, size_t a, size_t b)
{
    char *t = trimmed(s, a, b);
    bool yes = strcmp(t, "---") == 0;
    free(t);
    return yes;
}

/* "---", "source-hash: H" lines, "---": the first line of the page only */
static void read_front_matter(const char *path, char *s, size_t size, IkMdPage *page,
                              IkDiag *diag)
{
    size_t e = line_end(s, size, 0);
    if (!is_fence(s, 0, e))
        return;
    size_t i = e < size ? e + 1 : e;
    while (i < size) {
        size_t le = line_end(s, size, i);
        long line = line_of(s, i);
        if (is_fence(s, i, le)) {
            blank(s, 0, le);
            return;
        }
        char *l = trimmed(s, i, le);
        char *colon = strchr(l, ':');
        if (l[0] && !colon) {
            ik_diag_error(diag, path, line, "front matter line is not \"key: value\"");
        } else if (colon) {
            *colon = '\0';
            char *key = l, *value = colon + 1;
            while (*value == ' ' || *value == '\t')
                value++;
            if (strcmp(key, "source-hash") != 0) {
                ik_diag_error(diag, path, line, "unknown front matter key \"%.40s\" "
                              "(known: source-hash)", key);
            } else {
                bool hex = strlen(value) == IK_MD_HASH_SIZE - 1;
                for (const char *p = value; hex && *p; p++)
                    hex = isdigit((unsigned char)*p) || (*p >= 'a' && *p <= 'f');
                if (!hex)
                    ik_diag_error(diag, path, line, "source-hash \"%.40s\" is not %d lowercase "
                                  "hex digits", value, IK_MD_HASH_SIZE - 1);
                else if (page->source_hash)
                    ik_diag_error(diag, path, line, "source-hash given twice");
                else {
                    page->source_hash = ik_xstrdup(value);
                    page->source_hash_line = line;
                }
            }
        }
        free(l);
        i = le < size ? le + 1 : le;
    }
    ik_diag_error(diag, path, 1, "front matter opened with \"---\" is never closed");
}

static void add_source(IkMdPage *page, long line, const char *inner)
{
    /* whitespace collapsed: a comment may run over several lines */
    IkBuf b = {0};
    for (const char *p = inner; *p; p++) {
        bool sp = strchr(" \t\r\n", *p) != NULL;
        if (sp && (!b.len || b.data[b.len - 1] == ' '))
            continue;
        ik_buf_append(&b, sp ? " " : p, 1);
    }
    if (b.len && b.data[b.len - 1] == ' ')
        b.data[--b.len] = '\0';
    page->sources = ik_xrealloc(page->sources, page->source_count + 1, sizeof(IkMdSource));
    IkMdSource *src = &page->sources[page->source_count++];
    memset(src, 0, sizeof *src);
    src->line = line;
    src->text = b.data ? b.data : ik_xstrdup("");
    /* the last "read YYYY-MM-DD", checked as a date by whoever ages it */
    for (const char *p = src->text; (p = strstr(p, "read ")); p++) {
        const char *d = p + 5;
        bool shape = strlen(d) >= 10 && d[4] == '-' && d[7] == '-';
        for (int k = 0; shape && k < 10; k++)
            shape = k == 4 || k == 7 || isdigit((unsigned char)d[k]);
        if (shape && (p == src->text || p[-1] == ' ' || p[-1] == ',') &&
            (!d[10] || strchr(" ,.;)", d[10]))) {
            memcpy(src->read, d, 10);
            src->read[10] = '\0';
        }
    }
}

/* Comments that start a line (after spaces) and end a line; others are left
 * for md4c, which reports them as HTML. */
static void read_comments(const char *path, char *s, size_t size, IkMdPage *page, IkDiag *diag)
{
    size_t i = 0;
    while (i < size) {
        size_t le = line_end(s, size, i), a = i;
        while (a < le && (s[a] == ' ' || s[a] == '\t'))
            a++;
        if (le - a >= 4 && memcmp(s + a, "<!--", 4) == 0) {
            const char *end = NULL;
            for (size_t k = a + 4; k + 3 <= size; k++)
                if (memcmp(s + k, "-->", 3) == 0) {
                    end = s + k;
                    break;
                }
            long line = line_of(s, a);
            if (!end) {
                ik_diag_error(diag, path, line, "comment \"<!--\" is never closed with \"-->\"");
                blank(s, a, size);
                return;
            }
            size_t close = (size_t)(end - s) + 3, ce = line_end(s, size, close);
            char *rest = trimmed(s, close, ce);
            if (!rest[0]) {
                char *inner = trimmed(s, a + 4, (size_t)(end - s));
                if (strncmp(inner, "source:", 7) == 0)
                    add_source(page, line, inner + 7);
                free(inner);
                blank(s, a, close);
                le = ce;
            }
            free(rest);
        }
        i = le < size ? le + 1 : le;
    }
}

/* md4c reads a link reference definition ("[x]: https://...", or
 * "javascript:...") and shows nothing of it: reported rather than dropped */
static void report_link_definitions(Md *m)
{
    for (size_t l = 0; l < m->line_count; l++) {
        const char *p = m->doc + m->line_starts[l], *end = m->doc + m->size;
        for (int sp = 0; sp < 3 && p < end && *p == ' '; sp++)
            p++;
        if (p >= end || *p != '[')
            continue;
        const char *close = p + 1;
        while (close < end && *close != ']' && *close != '\n')
            close++;
        if (close + 1 < end && *close == ']' && close[1] == ':' && close > p + 1) {
            ik_diag_error(m->diag, m->path, (long)l + 1, "Markdown outside the subset: link "
                          "(a definition \"%.*s: ...\"; write an address as plain text)",
                          (int)(close - p + 1 > 40 ? 40 : close - p + 1), p);
            m->bad = true;
        }
    }
}

IkMdPage *ik_md_parse(const char *path, const char *doc, size_t size, IkDiag *diag)
{
    size_t before = ik_diag_errors(diag);
    if (!ik_check_utf8(path, doc, size, diag))
        return NULL;
    Md m = {.path = path, .size = size, .diag = diag, .kind = -1};
    m.page = ik_xcalloc(1, sizeof *m.page);
    char *copy = NULL;
    MD_PARSER parser = {0};
    parser.abi_version = 0;
    parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS;
    parser.enter_block = enter_block;
    parser.leave_block = leave_block;
    parser.enter_span = enter_span;
    parser.leave_span = leave_span;
    parser.text = text;
    if (size > IK_MAX_PAGE) {
        ik_diag_error(diag, path, 0, "page of %zu bytes is too long", size);
        goto fail;
    }
    copy = ik_xstrndup(doc, size);
    read_front_matter(path, copy, size, m.page, diag);
    read_comments(path, copy, size, m.page, diag);
    m.doc = copy;
    index_lines(&m);
    report_link_definitions(&m);
    if (md_parse(copy, (MD_SIZE)size, &parser, &m) != 0) {
        ik_diag_error(diag, path, 0, "cannot parse the Markdown");
        goto fail;
    }
    ik_buf_free(&m.buf);
    if (!m.page->title || !m.page->title[0]) {
        if (!m.bad)
            ik_diag_error(diag, path, 1, "the page must start with a \"# Title\" line");
        goto fail;
    }
    if (ik_diag_errors(diag) != before)
        goto fail;
    free(copy);
    free(m.line_starts);
    return m.page;
fail:
    free(copy);
    free(m.line_starts);
    ik_buf_free(&m.buf);
    ik_md_free(m.page);
    return NULL;
}

void ik_md_hash(const IkMdPage *page, char out[IK_MD_HASH_SIZE])
{
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    for (size_t i = 0; i < page->count; i++) {
        char head[32];
        int n = snprintf(head, sizeof head, "%d %d ", page->blocks[i].kind, page->blocks[i].number);
        crypto_hash_sha256_update(&st, (const unsigned char *)head, (unsigned long long)n);
        crypto_hash_sha256_update(&st, (const unsigned char *)page->blocks[i].text,
                                  strlen(page->blocks[i].text));
        crypto_hash_sha256_update(&st, (const unsigned char *)"\n", 1);
    }
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(out, IK_MD_HASH_SIZE, h, (IK_MD_HASH_SIZE - 1) / 2);
}

void ik_md_free(IkMdPage *page)
{
    if (!page)
        return;
    for (size_t i = 0; i < page->count; i++)
        free(page->blocks[i].text);
    free(page->blocks);
    free(page->title);
    free(page->source_hash);
    for (size_t i = 0; i < page->source_count; i++)
        free(page->sources[i].text);
    free(page->sources);
    free(page);
}
