/* content/helplines.csv: the national help numbers of the "Help now" screen,
 * with their names and what each is for (Italian source, translated in PO). */
#include <stdlib.h>
#include <string.h>

#include "incontro/content.h"
#include "internal.h"

/* The national numbers are compiled into the kiosk: a pack that would show
 * another number under their id, or leave one out, is refused here. */
static void check_golden_helplines(IkBuild *b, IkCsv *csv)
{
    size_t n;
    const IkGoldenHelpline *g = ik_content_golden_helplines(&n);
    for (size_t k = 0; k < n; k++) {
        size_t i = 0;
        while (i < csv->row_count && strcmp(ik_rules_get(csv, i, "id"), g[k].id) != 0)
            i++;
        if (i == csv->row_count)
            ik_diag_error(b->diag, csv->path, 0, "help number %s (%s) is missing: the kiosk shows "
                          "it on every screen", g[k].id, g[k].number);
        else if (strcmp(ik_rules_get(csv, i, "number"), g[k].number) != 0)
            ik_diag_error(b->diag, csv->path, csv->rows[i].line,
                          "help number %s is \"%s\", not the published \"%s\"", g[k].id,
                          ik_rules_get(csv, i, "number"), g[k].number);
    }
}

void ik_build_helplines(IkBuild *b)
{
    static const IkRule rules[] = {
        {.column = "id", .kind = IK_RULE_ID, .required = true},
        {.column = "number", .kind = IK_RULE_TEXT, .required = true, .max = 40},
        {.column = "position", .kind = IK_RULE_NUMBER, .required = true},
        {.column = "name", .kind = IK_RULE_NAME, .required = true},
        {.column = "description", .kind = IK_RULE_TEXT, .required = true},
        {.column = "free", .kind = IK_RULE_FLAG},
        {.column = "always_open", .kind = IK_RULE_FLAG},
        {.column = "languages", .kind = IK_RULE_LANGUAGES},
    };
    static const char *const req[] = {"id", "number", "position", "name", "description", NULL};
    IkCsv *csv = ik_build_table(b, "helplines.csv", true, req);
    if (!csv)
        return;
    const char *path = csv->path;
    for (size_t i = 0; i < csv->row_count; i++) {
        long line = csv->rows[i].line;
        const char *id = ik_rules_get(csv, i, "id"), *number = ik_rules_get(csv, i, "number");
        if (!ik_rules_check(csv, i, rules, IK_COUNT(rules), NULL, b->diag) ||
            !ik_rules_unique(csv, i, "id", b->diag))
            continue;
        /* dialled as written: no letters, dashes or brackets */
        if (number[strspn(number, "0123456789 +")]) {
            ik_diag_error(b->diag, path, line, "number \"%s\" may hold only digits, spaces and '+'",
                          number);
            continue;
        }
        int fr = ik_rule_flag(ik_rules_get(csv, i, "free"));
        int ao = ik_rule_flag(ik_rules_get(csv, i, "always_open"));
        SQL(b, "INSERT INTO helpline(id,number,position,free,always_open,languages) VALUES(?,?,?,?,?,?)",
            id, number, ik_rules_get(csv, i, "position"), fr < 0 ? NULL : fr ? "1" : "0",
            ao < 0 ? NULL : ao ? "1" : "0", ik_rules_get(csv, i, "languages"));
        char *k = ik_xasprintf("helpline:%s:name", id);
        ik_build_source(b, k, ik_rules_get(csv, i, "name"), NULL, "Help number: its name", path,
                        line);
        free(k);
        k = ik_xasprintf("helpline:%s:description", id);
        ik_build_source(b, k, ik_rules_get(csv, i, "description"), NULL,
                        "Help number: what it is for", path, line);
        free(k);
    }
    check_golden_helplines(b, csv);
    ik_csv_free(csv);
}
