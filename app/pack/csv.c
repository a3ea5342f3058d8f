/* CSV tables with line numbers (libcsv, strict RFC 4180). The file is fed
 * to libcsv one physical line at a time so every row knows where it starts,
 * even when a quoted field spans lines. */
#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct {
    IkCsv *csv;
    IkCsvRow cur;           /* row being assembled */
    size_t cur_cap;
    bool between_rows;      /* the next non-blank line starts a row */
    long line;              /* physical line being fed */
    long row_start;
    bool header_done;
    size_t row_cap;
    IkDiag *diag;
    bool too_long;
} Reader;

static void on_field(void *s, size_t len, void *data)
{
    Reader *r = data;
    if (r->cur.count == r->cur_cap) {
        r->cur_cap = r->cur_cap ? 2 * r->cur_cap : 16;
        r->cur.fields = ik_xrealloc(r->cur.fields, r->cur_cap, sizeof(char *));
    }
    if (len > IK_MAX_FIELD && !r->too_long) {
        ik_diag_error(r->diag, r->csv->path, r->row_start,
                      "field %zu is %zu bytes long (limit %d)", r->cur.count + 1,
                      len, IK_MAX_FIELD);
        r->too_long = true;
    }
    r->cur.fields[r->cur.count++] = ik_xstrndup(s ? s : "", s ? len : 0);
}

static void free_fields(char **fields, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(fields[i]);
    free(fields);
}

static void on_row(int c, void *data)
{
    (void)c;
    Reader *r = data;
    IkCsv *csv = r->csv;
    r->cur.line = r->row_start;
    if (!r->header_done) {
        csv->columns = r->cur.fields;
        csv->column_count = r->cur.count;
        r->header_done = true;
        for (size_t i = 0; i < csv->column_count; i++) {
            for (size_t j = 0; j < i; j++)
                if (strcmp(csv->columns[i], csv->columns[j]) == 0)
                    ik_diag_error(r->diag, csv->path, r->row_start,
                                  "column \"%s\" appears twice", csv->columns[i]);
            if (!csv->columns[i][0])
                ik_diag_error(r->diag, csv->path, r->row_start,
                              "column %zu has no name", i + 1);
        }
    } else if (r->cur.count != csv->column_count) {
        ik_diag_error(r->diag, csv->path, r->row_start,
                      "row has %zu fields, the header has %zu", r->cur.count,
                      csv->column_count);
        free_fields(r->cur.fields, r->cur.count);
    } else {
        if (csv->row_count == r->row_cap) {
            r->row_cap = r->row_cap ? 2 * r->row_cap : 64;
            csv->rows = ik_xrealloc(csv->rows, r->row_cap, sizeof(IkCsvRow));
        }
        csv->rows[csv->row_count++] = r->cur;
    }
    memset(&r->cur, 0, sizeof r->cur);
    r->cur_cap = 0;
    r->between_rows = true;
    r->too_long = false;
}

static bool check_chars(const char *path, const char *text, size_t size, IkDiag *diag);

static long line_of(const char *text, size_t off)
{
    long line = 1;
    for (size_t i = 0; i < off; i++)
        if (text[i] == '\n')
            line++;
    return line;
}

bool ik_check_utf8(const char *path, const char *text, size_t size, IkDiag *diag)
{
    size_t bad = 0;
    if (ik_utf8_valid(text, size, &bad) && !memchr(text, '\0', size))
        return check_chars(path, text, size, diag);
    if (ik_utf8_valid(text, size, &bad))
        bad = (size_t)((const char *)memchr(text, '\0', size) - text);
    ik_diag_error(diag, path, line_of(text, bad), "invalid UTF-8 (byte %zu)", bad);
    return false;
}

/* Characters no content file should hold: control characters (C0 except tab
 * and line ends, DEL, C1: often a wrong-charset conversion), a carriage return
 * without its line feed (old Mac line ends: every line number would be wrong)
 * and a byte-order mark anywhere but at the start. text is valid UTF-8. */
static bool check_chars(const char *path, const char *text, size_t size, IkDiag *diag)
{
    for (size_t i = 0; i < size; i++) {
        unsigned char c = (unsigned char)text[i];
        unsigned next = i + 1 < size ? (unsigned char)text[i + 1] : 0;
        const char *what = NULL;
        unsigned cp = 0;
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
            what = "control character";
            cp = c;
        } else if (c == 0xC2 && next >= 0x80 && next <= 0x9F) {
            what = "control character";
            cp = next;
        } else if (c == '\r' && next != '\n') {
            ik_diag_error(diag, path, line_of(text, i),
                          "carriage return without a line feed (old Mac line ends?): save "
                          "the file with LF or CRLF line ends");
            return false;
        } else if (i > 0 && c == 0xEF && next == 0xBB && i + 2 < size &&
                   (unsigned char)text[i + 2] == 0xBF) {
            what = "byte-order mark inside the text:";
            cp = 0xFEFF;
        }
        if (what) {
            ik_diag_error(diag, path, line_of(text, i), "%s U+%04X (byte %zu)", what, cp, i);
            return false;
        }
    }
    return true;
}

IkCsv *ik_csv_read(const char *path, IkDiag *diag, bool required)
{
    size_t size = 0;
    char *text = NULL;
    IkCsv *csv = NULL;
    struct csv_parser p;
    bool parser = false;
    if (!ik_file_exists(path)) {
        if (required)
            ik_diag_error(diag, path, 0, "missing file");
        return NULL;
    }
    /* far above any real table (thousands of services are a few MB): a
     * bigger file is a mistake, and would only make a huge pack */
    text = ik_file_read_max(path, IK_MAX_TABLE, &size);
    if (!text) {
        ik_diag_failure(diag, path);
        return NULL;
    }
    if (!ik_check_utf8(path, text, size, diag))
        goto fail;
    csv = ik_xcalloc(1, sizeof *csv);
    csv->path = ik_xstrdup(path);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    csv->name = ik_xstrdup(base);
    if (ik_str_ends_with(csv->name, ".csv"))
        csv->name[strlen(csv->name) - 4] = '\0';
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        goto fail;
    parser = true;
    Reader r = {.csv = csv, .between_rows = true, .diag = diag};
    size_t off = 0;
    if (size >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        off = 3;    /* a byte-order mark, as spreadsheets write */
    if (off < size && (text[off] == '\n' || text[off] == '\r')) {
        /* otherwise the first row would silently become the header */
        ik_diag_error(diag, path, 1, "the first line must be the header (it is blank)");
        goto fail;
    }
    r.line = 0;
    while (off < size) {
        const char *nl = memchr(text + off, '\n', size - off);
        size_t len = nl ? (size_t)(nl - (text + off)) + 1 : size - off;
        r.line++;
        bool blank = len == 1 || (len == 2 && text[off] == '\r');
        if (r.between_rows && !blank) {
            r.row_start = r.line;
            r.between_rows = false;
        }
        if (csv_parse(&p, text + off, len, on_field, on_row, &r) != len) {
            /* the row's first line is where a stray or missing quote
             * usually is; the parser only notices later */
            if (r.row_start != r.line)
                ik_diag_error(diag, path, r.row_start,
                              "malformed CSV: a quote opened in this row is not closed as "
                              "RFC 4180 wants (noticed on line %ld)", r.line);
            else
                ik_diag_error(diag, path, r.line,
                              "malformed CSV: a quote inside a field must be doubled (\"\") and the "
                              "field quoted");
            free_fields(r.cur.fields, r.cur.count);
            goto fail;
        }
        off += len;
    }
    if (csv_fini(&p, on_field, on_row, &r) != 0) {
        ik_diag_error(diag, path, r.row_start,
                      "malformed CSV: a quoted field is never closed");
        free_fields(r.cur.fields, r.cur.count);
        goto fail;
    }
    free_fields(r.cur.fields, r.cur.count);
    if (!r.header_done) {
        ik_diag_error(diag, path, 1, "empty file: a header line is required");
        goto fail;
    }
    csv_free(&p);
    free(text);
    return csv;
fail:
    if (parser)
        csv_free(&p);
    free(text);
    ik_csv_free(csv);
    return NULL;
}

void ik_csv_free(IkCsv *csv)
{
    if (!csv)
        return;
    free(csv->first);
    for (size_t i = 0; i < csv->row_count; i++)
        free_fields(csv->rows[i].fields, csv->rows[i].count);
    free(csv->rows);
    free_fields(csv->columns, csv->column_count);
    free(csv->path);
    free(csv->name);
    free(csv);
}

static const IkCsv *sort_csv;   /* qsort has no user pointer; single-threaded */
static int sort_column;

static int by_value_then_row(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int c = strcmp(ik_csv_get(sort_csv, x, sort_column), ik_csv_get(sort_csv, y, sort_column));
    return c ? c : (x > y) - (x < y);
}

size_t ik_csv_first_equal(IkCsv *csv, int column, size_t row)
{
    if (!csv->first || csv->first_column != column) {
        size_t n = csv->row_count;
        size_t *order = ik_xcalloc(n ? n : 1, sizeof(size_t));
        free(csv->first);
        csv->first = ik_xcalloc(n ? n : 1, sizeof(size_t));
        csv->first_column = column;
        for (size_t i = 0; i < n; i++)
            order[i] = i;
        sort_csv = csv;
        sort_column = column;
        qsort(order, n, sizeof(size_t), by_value_then_row);
        for (size_t i = 0, head = 0; i < n; i++) {
            if (i == 0 || strcmp(ik_csv_get(csv, order[i], column),
                                 ik_csv_get(csv, order[head], column)) != 0)
                head = i;
            csv->first[order[i]] = order[head];
        }
        free(order);
    }
    return row < csv->row_count ? csv->first[row] : row;
}

int ik_csv_column(const IkCsv *csv, const char *name)
{
    for (size_t i = 0; i < csv->column_count; i++)
        if (strcmp(csv->columns[i], name) == 0)
            return (int)i;
    return -1;
}

const char *ik_csv_get(const IkCsv *csv, size_t row, int column)
{
    if (column < 0 || row >= csv->row_count || (size_t)column >= csv->rows[row].count)
        return "";
    return csv->rows[row].fields[column];
}

bool ik_csv_require(const IkCsv *csv, IkDiag *diag, const char *const *names)
{
    bool ok = true;
    for (size_t i = 0; names[i]; i++)
        if (ik_csv_column(csv, names[i]) < 0) {
            ik_diag_error(diag, csv->path, 1, "missing required column \"%s\"", names[i]);
            ok = false;
        }
    return ok;
}

void ik_csv_write_row(FILE *f, size_t count, const char *const *fields)
{
    for (size_t i = 0; i < count; i++) {
        const char *s = fields[i] ? fields[i] : "";
        if (i)
            fputc(',', f);
        if (strpbrk(s, ",\"\r\n") || (s[0] == ' ')) {
            fputc('"', f);
            for (; *s; s++) {
                if (*s == '"')
                    fputc('"', f);
                fputc(*s, f);
            }
            fputc('"', f);
        } else {
            fputs(s, f);
        }
    }
    fputc('\n', f);
}
