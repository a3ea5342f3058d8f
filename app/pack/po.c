/* Translations: translations/<lang>.po read with libgettextpo and checked as
 * msgfmt --check would, plus the kiosk's own rules: msgctxt is the catalog
 * key of an Italian source string, msgid must still be that source (else
 * the entry is stale and not used), fuzzy entries are drafts not shown, and
 * phone numbers, URLs and e-mail addresses must be the source's. libgettextpo
 * does not say on which line a message sits, so the file is scanned once
 * for the line of each entry, in the same order the library returns them. */
#include <dirent.h>
#include <gettext-po.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* libgettextpo reports through a callback with no user pointer; the tool is
 * single-threaded and one file is read at a time. */
static IkDiag *po_diag;
static const char *po_path;
static long po_header_line;   /* for messages about the whole catalog */
static IkMap *po_repeats;     /* "LINE" of a repeated entry's key -> its first's line */
static jmp_buf po_fatal;

static void xerror(int severity, po_message_t message, const char *filename, size_t lineno,
                   size_t column, int multiline, const char *text)
{
    (void)message;
    (void)column;
    (void)multiline;
    char *msg = ik_xstrdup(text ? text : "error");
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n')
        msg[--n] = '\0';
    for (char *p = msg; *p; p++)
        if (*p == '\n')
            *p = ' ';
    /* the library reports header problems (Plural-Forms, nplurals) without a
     * line: they belong to the header entry */
    long line = lineno == (size_t)-1 || lineno == 0 ? po_header_line : (long)lineno;
    if (severity == PO_SEVERITY_WARNING)
        ik_diag_warning(po_diag, filename ? filename : po_path, line, "%s", msg);
    else
        ik_diag_error(po_diag, filename ? filename : po_path, line, "%s", msg);
    free(msg);
    if (severity == PO_SEVERITY_FATAL_ERROR)
        longjmp(po_fatal, 1);
}

static void xerror2(int severity, po_message_t m1, const char *f1, size_t l1, size_t c1, int ml1,
                    const char *t1, po_message_t m2, const char *f2, size_t l2, size_t c2,
                    int ml2, const char *t2)
{
    (void)m2; (void)f2; (void)l2; (void)c2; (void)ml2;
    /* a repeated entry: the library does not say where the first one is */
    char key[32];
    size_t first = 0;
    snprintf(key, sizeof key, "%zu", l1);
    char *both = po_repeats && ik_map_get(po_repeats, key, &first)
                     ? ik_xasprintf("%s: the first is on line %zu", t1 ? t1 : "", first)
                     : ik_xasprintf("%s %s", t1 ? t1 : "", t2 ? t2 : "");
    xerror(severity == PO_SEVERITY_FATAL_ERROR ? PO_SEVERITY_ERROR : severity, m1, f1, l1, c1,
           ml1, both);
    free(both);
    if (severity == PO_SEVERITY_FATAL_ERROR)
        longjmp(po_fatal, 1);
}

static const struct po_xerror_handler handler = {xerror, xerror2};

/* line of each live (not obsolete) entry, in file order */
static long *scan_lines(const char *text, size_t *count)
{
    long *lines = NULL;
    size_t n = 0, cap = 0;
    long line = 0;
    bool after_ctxt = false;
    for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        line++;
        bool ctxt = len >= 8 && strncmp(p, "msgctxt", 7) == 0 && (p[7] == ' ' || p[7] == '\t');
        bool id = len >= 6 && strncmp(p, "msgid", 5) == 0 && (p[5] == ' ' || p[5] == '\t');
        if (ctxt || (id && !after_ctxt)) {
            if (n == cap) {
                cap = cap ? 2 * cap : 256;
                lines = ik_xrealloc(lines, cap, sizeof(long));
            }
            lines[n++] = line;
        }
        if (ctxt)
            after_ctxt = true;
        else if (len && p[0] != '"' && p[0] != '#')
            after_ctxt = false;
        p = e ? e + 1 : p + len;
    }
    *count = n;
    return lines;
}

/* Entries whose key (msgctxt and msgid, as written) repeats an earlier
 * one's: each line of the repeat's key -> the first entry's line. */
static IkMap *repeated_entries(const char *text)
{
    IkMap *firsts = ik_map_create(), *repeats = ik_map_create();
    IkBuf key = {0};
    long line = 0, start = 0, key_lines[64];
    int nkey = 0;
    for (const char *p = text; *p || key.len;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        line++;
        bool part = (len >= 5 && (!strncmp(p, "msgctxt", 7) || (!strncmp(p, "msgid", 5) &&
                     strncmp(p, "msgid_plural", 12)))) || (len && p[0] == '"' && key.len);
        if (part) {
            if (!key.len)
                start = line;
            ik_buf_append(&key, p, len);
            ik_buf_puts(&key, "\n");
            if (nkey < 64)
                key_lines[nkey++] = line;
        } else if (key.len) {
            size_t first;
            if (ik_map_put(firsts, key.data, (size_t)start, &first)) {
                ik_map_put(firsts, key.data, first, NULL);
                for (int k = 0; k < nkey; k++) {
                    char l[32];
                    snprintf(l, sizeof l, "%ld", key_lines[k]);
                    ik_map_put(repeats, l, first, NULL);
                }
            }
            key.len = 0;
            key.data[0] = '\0';
            nkey = 0;
        }
        if (!*p)
            break;
        p = e ? e + 1 : p + len;
    }
    ik_buf_free(&key);
    ik_map_destroy(firsts);
    return repeats;
}

static int nplurals_of(const char *plural_forms)
{
    const char *p = plural_forms ? strstr(plural_forms, "nplurals") : NULL;
    if (!p)
        return 2;
    p += 8;
    while (*p == ' ' || *p == '=')
        p++;
    int n = atoi(p);
    return n >= 1 && n <= 6 ? n : 2;
}

static void check_contacts(IkBuild *b, const char *path, long line, const char *src,
                           const char *tr)
{
    char *a = ik_contacts(src), *c = ik_contacts(tr);
    if (strcmp(a, c) != 0) {
        for (char *p = a; *p; p++)
            if (*p == '\n' && p[1])
                *p = ' ';
        for (char *p = c; *p; p++)
            if (*p == '\n' && p[1])
                *p = ' ';
        size_t la = strlen(a), lc = strlen(c);
        if (la && a[la - 1] == '\n') a[la - 1] = '\0';
        if (lc && c[lc - 1] == '\n') c[lc - 1] = '\0';
        ik_diag_error(b->diag, path, line,
                      "phone numbers, URLs or e-mail addresses differ from the source "
                      "(source: %s; translation: %s)", a[0] ? a : "none", c[0] ? c : "none");
    }
    free(a);
    free(c);
}

static char *conversions_in_order(const char *s);

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* printf conversions of s ("%d", "%5s", ...) joined by spaces; "%%" is text.
 * Positional ones ("%2$s") name their argument, so a translation may
 * reorder them: those are listed sorted. */
static char *conversions(const char *s)
{
    char *joined = conversions_in_order(s);
    if (!strchr(joined, '$'))
        return joined;
    char *list[64], *save = NULL;
    size_t n = 0;
    for (char *c = strtok_r(joined, " ", &save); c && n < 64; c = strtok_r(NULL, " ", &save))
        list[n++] = c;
    qsort(list, n, sizeof *list, by_string);
    IkBuf out = {0};
    for (size_t i = 0; i < n; i++)
        ik_buf_printf(&out, "%s%s", i ? " " : "", list[i]);
    free(joined);
    return out.data ? out.data : ik_xstrdup("");
}

/* printf conversions of s in the order they come, joined by spaces. */
static char *conversions_in_order(const char *s)
{
    IkBuf out = {0};
    for (const char *p = s; *p; p++) {
        if (*p != '%')
            continue;
        const char *q = p + 1;
        if (*q == '%') {
            p = q;
            continue;
        }
        while (*q && strchr("0123456789.-+ #'lhzjt$", *q))
            q++;
        ik_buf_append(&out, p, (size_t)(q - p) + (*q ? 1 : 0));
        ik_buf_puts(&out, " ");
        if (!*q)
            break;
        p = q;
    }
    if (out.len)
        out.data[--out.len] = '\0';   /* the last separator */
    return out.data ? out.data : ik_xstrdup("");
}

/* The kiosk formats these strings with a number: a translation may not add
 * or change a conversion (a stray "%s" would read garbage); a plural form may
 * leave the number out ("one service"). */
static bool check_format(IkBuild *b, const char *path, long line, const char *src,
                         const char *tr, bool may_omit)
{
    char *a = conversions(src), *c = conversions(tr);
    bool ok = strcmp(a, c) == 0 || (may_omit && !c[0]);
    if (!ok)
        ik_diag_error(b->diag, path, line,
                      "the translation's %% conversions \"%s\" are not the source's \"%s\"",
                      c[0] ? c : "none", a[0] ? a : "none");
    free(a);
    free(c);
    return ok;
}

/* control characters other than line feed and tab (the text is UTF-8) */
static bool has_control(const char *s)
{
    for (; *s; s++)
        if (((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t') || *s == 0x7F)
            return true;
    return false;
}

/* one catalog being read */
typedef struct {
    IkBuild *b;
    const char *path, *lang;
    long header_line;       /* where the header entry starts */
    int nplurals;           /* from Plural-Forms */
    bool all_reviewed;      /* X-Reviewed-By names someone */
} Po;

/* the header: charset, language, Plural-Forms (stored), reviewer */
static void read_header(Po *p, po_file_t file)
{
    /* libgettextpo returns a copy of the header (const only by type) */
    char *header = (char *)po_file_domain_header(file, NULL);
    if (!header) {
        ik_diag_error(p->b->diag, p->path, 1, "no PO header (msgid \"\")");
        p->nplurals = nplurals_of(NULL);
        return;
    }
    char *plural_forms = po_header_field(header, "Plural-Forms");
    char *reviewer = po_header_field(header, "X-Reviewed-By");
    char *ct = po_header_field(header, "Content-Type");
    char *hl = po_header_field(header, "Language");
    if (!ct || (!strstr(ct, "UTF-8") && !strstr(ct, "utf-8")))
        ik_diag_error(p->b->diag, p->path, p->header_line, "the Content-Type charset must be UTF-8%s",
                      ct ? "" : " (the header has no Content-Type)");
    for (char *q = hl; q && *q; q++)
        if (*q == '_')
            *q = '-';   /* gettext spells fa-AF as fa_AF */
    if (hl && hl[0] && strcmp(hl, p->lang) && strcmp(hl, "LANGUAGE"))
        ik_diag_warning(p->b->diag, p->path, p->header_line,
                        "header Language \"%s\" but the file is named for \"%s\"", hl, p->lang);
    p->nplurals = nplurals_of(plural_forms);
    p->all_reviewed = reviewer && reviewer[0];
    if (plural_forms)
        SQL(p->b, "UPDATE language SET plural=? WHERE code=?", plural_forms, p->lang);
    free(plural_forms);
    free(reviewer);
    free(ct);
    free(hl);
    free(header);
}

/* The msgstr forms of m (nforms of them, at most 8); false (reported) when
 * their count is not the header's. */
static bool message_forms(Po *p, po_message_t m, long line, const char **forms, int *nforms)
{
    *nforms = 0;
    if (!po_message_msgid_plural(m)) {
        forms[0] = po_message_msgstr(m);
        *nforms = 1;
        return true;
    }
    for (int i = 0; i < 8 && (forms[i] = po_message_msgstr_plural(m, i)); i++)
        *nforms = i + 1;
    if (*nforms == p->nplurals)
        return true;
    ik_diag_error(p->b->diag, p->path, line, "%d plural forms, the header says nplurals=%d",
                  *nforms, p->nplurals);
    return false;
}

/* true when every form is filled and clean (else reported or untranslated) */
static bool forms_usable(Po *p, long line, const char **forms, int nforms)
{
    bool empty = false, bad = false;
    for (int i = 0; i < nforms; i++) {
        empty |= !forms[i][0];
        if (!ik_utf8_valid(forms[i], strlen(forms[i]), NULL)) {
            ik_diag_error(p->b->diag, p->path, line, "invalid UTF-8 in msgstr");
            bad = true;
        } else if (has_control(forms[i])) {
            /* escapes such as \a or \x07 put control characters in the text */
            ik_diag_error(p->b->diag, p->path, line, "control character (escape) in msgstr");
            bad = true;
        } else if (strlen(forms[i]) > IK_MAX_FIELD) {
            ik_diag_error(p->b->diag, p->path, line, "msgstr is %zu bytes long (limit %d)",
                          strlen(forms[i]), IK_MAX_FIELD);
            bad = true;
        }
    }
    return !empty && !bad;   /* an empty form: untranslated, Italian is shown */
}

static void read_message(Po *p, po_message_t m, long line)
{
    const char *id = po_message_msgid(m), *ctxt = po_message_msgctxt(m);
    if (!id[0] && !ctxt)
        return;   /* the header */
    if (!ctxt) {
        ik_diag_error(p->b->diag, p->path, line, "entry without msgctxt (the catalog key)");
        return;
    }
    const IkSource *src = ik_build_find_source(p->b, ctxt);
    if (!src) {
        ik_diag_warning(p->b->diag, p->path, line, "unknown key \"%s\": ignored", ctxt);
        return;
    }
    if (po_message_is_fuzzy(m))
        return;   /* a draft the translator has not confirmed */
    const char *idp = po_message_msgid_plural(m);
    if (strcmp(id, src->text) || (!idp) != (!src->plural) || (idp && strcmp(idp, src->plural))) {
        ik_diag_warning(p->b->diag, p->path, line,
                        "msgid of \"%s\" is not the Italian source any more: not used", ctxt);
        return;
    }
    const char *forms[8] = {0};
    int nforms = 0;
    if (!message_forms(p, m, line, forms, &nforms) || !forms_usable(p, line, forms, nforms))
        return;
    bool bad = false;
    for (int i = 0; i < nforms; i++) {
        const char *source = i == 0 ? src->text : src->plural;
        check_contacts(p->b, p->path, line, source, forms[i]);
        bad |= !check_format(p->b, p->path, line, source, forms[i], nforms > 1);
    }
    if (bad)
        return;
    const char *comments = po_message_comments(m);
    bool reviewed = p->all_reviewed || (comments && strstr(comments, "reviewed-by:"));
    for (int i = 0; i < nforms; i++) {
        char *key = i ? ik_xasprintf("%s#%d", ctxt, i) : ik_xstrdup(ctxt);
        SQL(p->b, "INSERT OR REPLACE INTO string(lang,key,value,reviewed) VALUES(?,?,?,?)",
            p->lang, key, forms[i], reviewed ? "1" : "0");
        ik_build_origin(p->b, p->lang, key, p->path, line);
        free(key);
    }
}

/* An escape that makes a NUL (\0, \000, \x00) in a PO string: the library
 * cuts the text there without a word ("Hel\000lo" is "Hel"). The line of
 * the first, 0 when there is none. */
static long nul_escape_line(const char *text)
{
    long line = 1;
    bool quoted = false;
    for (const char *p = text; *p; p++) {
        if (*p == '\n') {
            line++;
            quoted = false;
        } else if (*p == '#' && !quoted && (p == text || p[-1] == '\n')) {
            p += strcspn(p, "\n") - 1;   /* a comment line */
        } else if (*p == '"') {
            quoted = !quoted;
        } else if (*p == '\\' && quoted) {
            const char *e = p + 1;
            if (*e == 'x')
                e++;
            const char *digits = e;
            unsigned long v = strtoul(digits, (char **)&e, p[1] == 'x' ? 16 : 8);
            if (e > digits && v == 0 && (p[1] == 'x' || (*digits >= '0' && *digits <= '7')))
                return line;
            if (!p[1])
                break;  /* a backslash ends the file: the library says so */
            p++;   /* the escaped character, whatever it is */
        }
    }
    return 0;
}

/* libgettextpo's calls that may end in a fatal error (a longjmp back
 * here): NULL / false then, and what the library allocated is lost */
static po_file_t parse(const char *path)
{
    if (setjmp(po_fatal) != 0)
        return NULL;
    return po_file_read(path, &handler);
}

static bool check_all(po_file_t file)
{
    if (setjmp(po_fatal) != 0)
        return false;
    po_file_check_all(file, &handler);
    return true;
}

static void read_po(IkBuild *b, const char *path, const char *lang)
{
    size_t size = 0, nlines = 0;
    char *text = ik_file_read_max(path, IK_MAX_TABLE, &size);
    long *lines = NULL;
    po_file_t file = NULL;
    po_message_iterator_t it = NULL;
    Po p = {.b = b, .path = path, .lang = lang};
    if (!text) {
        ik_diag_failure(b->diag, path);
        return;
    }
    if (!ik_check_utf8(path, text, size, b->diag))
        goto done;
    long nul = nul_escape_line(text);
    if (nul) {
        ik_diag_error(b->diag, path, nul, "an escape for a NUL character (\\0, \\000 or \\x00): "
                      "the text would end there; remove it");
        goto done;
    }
    lines = scan_lines(text, &nlines);
    po_repeats = repeated_entries(text);
    p.header_line = po_header_line = nlines ? lines[0] : 1;
    po_diag = b->diag;
    po_path = path;
    size_t before = ik_diag_errors(b->diag);
    file = parse(path);
    if (!file || ik_diag_errors(b->diag) != before)
        goto done;
    read_header(&p, file);
    if (!check_all(file)) {
        file = NULL;
        goto done;
    }
    it = po_message_iterator(file, NULL);
    size_t index = 0;
    for (po_message_t m; (m = po_next_message(it));)
        if (!po_message_is_obsolete(m)) {
            read_message(&p, m, index < nlines ? lines[index] : 0);
            index++;
        }
done:
    if (it)
        po_message_iterator_free(it);
    if (file)
        po_file_free(file);
    ik_map_destroy(po_repeats);
    po_repeats = NULL;
    free(lines);
    free(text);
}

void ik_build_translations(IkBuild *b)
{
    DIR *d = opendir(b->translations_dir);
    if (!d) {
        ik_diag_error(b->diag, b->translations_dir, 0, "cannot open the translations folder");
        return;
    }
    /* sorted, so messages come in a stable order */
    char **names = NULL;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        names = ik_xrealloc(names, n + 1, sizeof(char *));
        names[n++] = ik_xstrdup(e->d_name);
    }
    closedir(d);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (strcmp(names[j], names[i]) < 0) {
                char *t = names[i];
                names[i] = names[j];
                names[j] = t;
            }
    for (size_t i = 0; i < n; i++) {
        char *path = ik_path_join(b->translations_dir, names[i]);
        if (ik_str_ends_with(names[i], ".po")) {
            char *lang = ik_xstrndup(names[i], strlen(names[i]) - 3);
            if (!ik_build_find_lang(b, lang))
                ik_diag_error(b->diag, path, 0, "\"%s\" is not a language of languages.csv", lang);
            else if (!strcmp(lang, "it"))
                ik_diag_warning(b->diag, path, 0, "Italian is the source language: file ignored");
            else
                read_po(b, path, lang);
            free(lang);
        } else if (!ik_str_ends_with(names[i], ".pot")) {
            ik_diag_warning(b->diag, path, 0, "not a .po file: ignored");
        }
        free(path);
        free(names[i]);
    }
    free(names);
}
