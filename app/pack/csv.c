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
    bool broken;            /* the header is unusable: rows are not read */
} Reader;

static void on_field(void *s, size_t len, void *data)
{
    Reader *r = data;
    if (r->broken)
        return;
    if (!r->header_done && r->cur.count == IK_MAX_COLUMNS) {
        ik_diag_error(r->diag, r->csv->path, r->row_start,
                      "the header has more than %d columns", IK_MAX_COLUMNS);
        r->broken = true;
        return;
    }
    if (r->cur.count == r->cur_cap) {
        r->cur_cap = r->cur_cap ? 2 * r->cur_cap : 16;
        r->cur.fields = ik_xrealloc(r->cur.fields, r->cur_cap, sizeof(char *));
    }
    r->cur.fields[r->cur.count++] = ik_xstrndup(s ? s : "", s ? len : 0);
}

static void free_fields(char **fields, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(fields[i]);
    free(fields);
}

/* the header: names once each, none empty (a map keeps this linear) */
static void read_header(Reader *r)
{
    IkCsv *csv = r->csv;
    csv->columns = r->cur.fields;
    csv->column_count = r->cur.count;
    csv->column_index = ik_map_create();
    r->header_done = true;
    for (size_t i = 0; i < csv->column_count; i++) {
        if (ik_map_put(csv->column_index, csv->columns[i], i, NULL))
            ik_diag_error(r->diag, csv->path, r->row_start, "column \"%s\" appears twice",
                          csv->columns[i]);
        if (!csv->columns[i][0])
            ik_diag_error(r->diag, csv->path, r->row_start, "column %zu has no name", i + 1);
    }
}

static void on_row(int c, void *data)
{
    (void)c;
    Reader *r = data;
    IkCsv *csv = r->csv;
    r->cur.line = r->row_start;
    if (r->broken) {
        free_fields(r->cur.fields, r->cur.count);
    } else if (!r->header_done) {
        read_header(r);
    } else {
        if (r->cur.count != csv->column_count) {
            ik_diag_error(r->diag, csv->path, r->row_start,
                          "row has %zu fields, the header has %zu", r->cur.count,
                          csv->column_count);
            /* kept, as broken, so that what refers to it is not reported too */
            for (size_t i = csv->column_count; i < r->cur.count; i++)
                free(r->cur.fields[i]);
            r->cur.fields = ik_xrealloc(r->cur.fields, csv->column_count + 1, sizeof(char *));
            for (size_t i = r->cur.count; i < csv->column_count; i++)
                r->cur.fields[i] = ik_xstrdup("");
            r->cur.count = csv->column_count;
            r->cur.broken = true;
        }
        if (csv->row_count == r->row_cap) {
            r->row_cap = r->row_cap ? 2 * r->row_cap : 64;
            csv->rows = ik_xrealloc(csv->rows, r->row_cap, sizeof(IkCsvRow));
        }
        csv->rows[csv->row_count++] = r->cur;
    }
    memset(&r->cur, 0, sizeof r->cur);
    r->cur_cap = 0;
    r->between_rows = true;
}

/* Italian spreadsheets separate fields with ';': a header with semicolons
 * and no comma is such a file, refused rather than read as one column */
static bool semicolon_separated(const char *text, size_t size)
{
    const char *nl = memchr(text, '\n', size);
    size_t n = nl ? (size_t)(nl - text) : size;
    return memchr(text, ';', n) && !memchr(text, ',', n);
}

/* Feeds text[off..size) to libcsv one physical line at a time; false
 * (reported, the row being read freed) on malformed quoting. */
static bool parse(Reader *r, struct csv_parser *p, const char *text, size_t off, size_t size)
{
    const char *path = r->csv->path;
    while (off < size) {
        const char *nl = memchr(text + off, '\n', size - off);
        size_t len = nl ? (size_t)(nl - (text + off)) + 1 : size - off;
        r->line++;
        bool blank = len == 1 || (len == 2 && text[off] == '\r');
        if (r->between_rows && !blank) {
            r->row_start = r->line;
            r->between_rows = false;
        }
        if (csv_parse(p, text + off, len, on_field, on_row, r) != len) {
            /* the row's first line is where a stray or missing quote
             * usually is; the parser only notices later */
            if (r->row_start != r->line)
                ik_diag_error(r->diag, path, r->row_start,
                              "malformed CSV: a quote opened in this row is not closed as "
                              "RFC 4180 wants (noticed on line %ld)", r->line);
            else
                ik_diag_error(r->diag, path, r->line,
                              "malformed CSV: a quote inside a field must be doubled (\"\") and "
                              "the field quoted");
            free_fields(r->cur.fields, r->cur.count);
            return false;
        }
        off += len;
    }
    if (csv_fini(p, on_field, on_row, r) != 0) {
        ik_diag_error(r->diag, path, r->row_start, "malformed CSV: a quoted field is never closed");
        free_fields(r->cur.fields, r->cur.count);
        return false;
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
    size_t off = size >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (semicolon_separated(text + off, size - off)) {
        ik_diag_error(diag, path, 1, "fields are separated by ';', not ',' (a spreadsheet with "
                      "Italian settings?): %s; Excel uses the list separator of Windows (Control "
                      "Panel > Region > Additional settings > List separator \",\")",
                      ik_save_as_utf8(path));
        goto fail;
    }
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
    if (off < size && (text[off] == '\n' || text[off] == '\r')) {
        /* otherwise the first row would silently become the header */
        ik_diag_error(diag, path, 1, "the first line must be the header (it is blank)");
        goto fail;
    }
    if (!parse(&r, &p, text, off, size))
        goto fail;
    free_fields(r.cur.fields, r.cur.count);
    if (r.broken)
        goto fail;
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
    ik_map_destroy(csv->column_index);
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
    size_t i;
    return csv->column_index && ik_map_get(csv->column_index, name, &i) ? (int)i : -1;
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
