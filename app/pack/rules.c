/* Column rules: what one cell of a CSV table may hold, checked from a table
 * of rules so that every reader (content tables and the HSDS directory)
 * reports the same problem the same way, and each cell at most once. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* what each kind is called in messages, and its default length */
static const struct {
    const char *what;       /* "VALUE" is not WHAT */
    size_t max;
} kinds[] = {
    [IK_RULE_TEXT] = {"text", IK_MAX_FIELD},
    [IK_RULE_NAME] = {"a name", IK_MAX_NAME},
    [IK_RULE_ID] = {"an id", IK_MAX_ID},
    [IK_RULE_NUMBER] = {"a whole number", 10},
    [IK_RULE_AGE] = {"an age (0-120)", 3},
    [IK_RULE_FLAG] = {"1, 0 or empty", 5},
    [IK_RULE_ONE_OF] = {"one of the allowed values", IK_MAX_NAME},
    [IK_RULE_URL] = {"an http(s) URL", IK_MAX_NAME * 4},
    [IK_RULE_EMAIL] = {"an e-mail address", IK_MAX_NAME},
    [IK_RULE_LATITUDE] = {"a number in -90..90", 30},
    [IK_RULE_LONGITUDE] = {"a number in -180..180", 30},
    [IK_RULE_TIME] = {"a time (HH:MM, 00:00-24:00)", 8},
    [IK_RULE_DATE] = {"a date (YYYY-MM-DD)", 10},
    [IK_RULE_PHONE] = {"a phone number", 40},
    [IK_RULE_LANGUAGE] = {"a language code", 20},
    [IK_RULE_LANGUAGES] = {"a list of language codes", IK_MAX_NAME},
};

static bool valid_url(const char *s)
{
    const char *host = ik_str_starts_with(s, "https://") ? s + 8
                     : ik_str_starts_with(s, "http://") ? s + 7 : NULL;
    if (!host || strpbrk(s, " \t\"<>"))
        return false;
    /* a host name with a dot: "https://" or "https:///x" is no address */
    size_t n = strcspn(host, "/?#");
    const char *dot = memchr(host, '.', n);
    return n > 0 && dot && dot != host && dot != host + n - 1;
}

static bool valid_email(const char *s)
{
    const char *at = strchr(s, '@');
    return at && at != s && strchr(at, '.') && !strpbrk(s, " \t\"<>,;") && !strchr(at + 1, '@');
}

static bool valid_coordinate(const char *s, double limit)
{
    /* decimal degrees only: strtod would also take hex, "1e2" and spaces */
    if (s[strspn(s, "+-0123456789.")] != '\0')
        return false;
    char *end;
    double v = strtod(s, &end);
    return !*end && isfinite(v) && v >= -limit && v <= limit;
}

static bool valid_phone(const char *s)
{
    size_t digits = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (!strchr(" +-/().", *p))
            return false;
    }
    return digits >= 3;
}

static bool valid_language(const char *s)
{
    return strlen(s) <= 12 && ik_valid_id(s);
}

/* "a|b|c" holds s */
static bool one_of(const char *values, const char *s)
{
    size_t n = strlen(s);
    for (const char *p = values; *p;) {
        size_t len = strcspn(p, "|");
        if (len == n && memcmp(p, s, n) == 0)
            return true;
        p += len + (p[len] == '|');
    }
    return false;
}

int ik_rule_flag(const char *v)
{
    if (!v[0])
        return -1;
    return one_of("1|true|yes", v) ? 1 : one_of("0|false|no", v) ? 0 : -2;
}

bool ik_parse_date(const char *s, int *year, int *month, int *day)
{
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return false;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m < 1 || m > 12 || d < 1 || d > days[m - 1] || (m == 2 && d == 29 && !leap))
        return false;
    if (year)
        *year = y;
    if (month)
        *month = m;
    if (day)
        *day = d;
    return true;
}

static bool valid(const IkRule *r, const char *v)
{
    long n;
    switch (r->kind) {
    case IK_RULE_TEXT:
    case IK_RULE_NAME: return true;
    case IK_RULE_ID: return ik_valid_id(v);
    /* ik_parse_int would take " 14" and "+14": these are plain digits */
    case IK_RULE_NUMBER: return isdigit((unsigned char)v[0]) && ik_parse_int(v, 0, 100000, &n);
    case IK_RULE_AGE: return isdigit((unsigned char)v[0]) && ik_parse_int(v, 0, 120, &n);
    case IK_RULE_FLAG: return ik_rule_flag(v) >= 0;
    case IK_RULE_ONE_OF: return one_of(r->values, v);
    case IK_RULE_URL: return valid_url(v);
    case IK_RULE_EMAIL: return valid_email(v);
    case IK_RULE_LATITUDE: return valid_coordinate(v, 90);
    case IK_RULE_LONGITUDE: return valid_coordinate(v, 180);
    case IK_RULE_TIME: return ik_parse_time(v) >= 0;
    case IK_RULE_DATE: return ik_parse_date(v, NULL, NULL, NULL);
    case IK_RULE_PHONE: return valid_phone(v);
    case IK_RULE_LANGUAGE: return valid_language(v);
    case IK_RULE_LANGUAGES: {
        char *copy = ik_xstrdup(v), *save = NULL;
        bool ok = true;
        for (char *t = strtok_r(copy, " ,", &save); t && ok; t = strtok_r(NULL, " ,", &save))
            ok = valid_language(t);
        free(copy);
        return ok;
    }
    }
    return false;
}

/* the allowed values of a ONE_OF rule as "a, b or c" */
static char *choices(const char *values)
{
    IkBuf out = {0};
    for (const char *p = values; *p;) {
        size_t len = strcspn(p, "|");
        const char *next = p + len + (p[len] == '|');
        if (out.len)
            ik_buf_puts(&out, *next ? ", " : " or ");
        ik_buf_append(&out, p, len);
        p = next;
    }
    return out.data ? out.data : ik_xstrdup("");
}

static void report(const IkCsv *csv, size_t row, const IkRule *r, const char *v, IkDiag *diag)
{
    long line = csv->rows[row].line;
    if (r->what) {
        ik_diag_error(diag, csv->path, line, "%s \"%s\" is not %s", r->column, v, r->what);
    } else if (r->kind == IK_RULE_ID) {
        ik_diag_error(diag, csv->path, line, "\"%s\" value \"%s\" may use only letters, digits, "
                      "'.', '_' and '-'", r->column, v);
    } else if (r->kind == IK_RULE_ONE_OF) {
        char *list = choices(r->values);
        ik_diag_error(diag, csv->path, line, "%s \"%s\" is not %s", r->column, v, list);
        free(list);
    } else {
        ik_diag_error(diag, csv->path, line, "%s \"%s\" is not %s", r->column, v,
                      kinds[r->kind].what);
    }
}

bool ik_rules_check(const IkCsv *csv, size_t row, const IkRule *rules, size_t n, bool *cell_ok,
                    IkDiag *diag)
{
    bool all = true;
    if (csv->rows[row].broken) {    /* the reader said what is wrong */
        for (size_t i = 0; cell_ok && i < n; i++)
            cell_ok[i] = false;
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        const IkRule *r = &rules[i];
        const char *v = ik_csv_get(csv, row, ik_csv_column(csv, r->column));
        size_t max = r->max ? r->max : kinds[r->kind].max;
        bool ok = true;
        if (!v[0]) {
            if (r->required)
                ik_diag_error(diag, csv->path, csv->rows[row].line, "missing value for \"%s\"",
                              r->column);
            ok = !r->required;
        } else if (strlen(v) > max) {
            ik_diag_error(diag, csv->path, csv->rows[row].line,
                          "\"%s\" is too long (%zu bytes, limit %zu)", r->column, strlen(v), max);
            ok = false;
        } else if (!valid(r, v)) {
            report(csv, row, r, v, diag);
            ok = false;
        }
        if (cell_ok)
            cell_ok[i] = ok;
        all &= ok;
    }
    /* columns no rule names: only a bound on their length */
    for (size_t c = 0; c < csv->column_count; c++) {
        size_t i = 0;
        while (i < n && strcmp(rules[i].column, csv->columns[c]))
            i++;
        size_t len = strlen(ik_csv_get(csv, row, (int)c));
        if (i == n && len > IK_MAX_FIELD) {
            ik_diag_error(diag, csv->path, csv->rows[row].line,
                          "\"%s\" is too long (%zu bytes, limit %d)", csv->columns[c], len,
                          IK_MAX_FIELD);
            all = false;
        }
    }
    return all;
}

bool ik_rules_unique(IkCsv *csv, size_t row, const char *column, IkDiag *diag)
{
    int c = ik_csv_column(csv, column);
    size_t first = ik_csv_first_equal(csv, c, row);
    if (first == row || !ik_csv_get(csv, row, c)[0])
        return true;
    ik_diag_error(diag, csv->path, csv->rows[row].line, "duplicate %s \"%s\" (first on line %ld)",
                  column, ik_csv_get(csv, row, c), csv->rows[first].line);
    return false;
}

const char *ik_rules_get(const IkCsv *csv, size_t row, const char *column)
{
    return ik_csv_get(csv, row, ik_csv_column(csv, column));
}
