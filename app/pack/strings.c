/* The interface's own texts: content/languages.csv (the languages, in picker
 * order), content/interface.csv (every interface string, Italian source) and
 * content/synonyms.csv (search synonyms per language). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incontro/content.h"
#include "internal.h"

void ik_build_languages(IkBuild *b)
{
    static const IkRule rules[] = {
        {.column = "code", .kind = IK_RULE_ID, .required = true, .max = 20},
        {.column = "endonym", .kind = IK_RULE_NAME, .required = true, .max = 100},
        {.column = "script", .kind = IK_RULE_TEXT, .required = true, .max = 4},
        {.column = "rtl", .kind = IK_RULE_FLAG},
    };
    static const char *const req[] = {"code", "endonym", "script", "rtl", NULL};
    IkCsv *csv = ik_build_table(b, "languages.csv", true, req);
    if (!csv)
        return;
    const char *path = csv->path;
    b->langs = ik_xcalloc(csv->row_count + 1, sizeof(IkLang));
    for (size_t i = 0; i < csv->row_count; i++) {
        if (!ik_rules_check(csv, i, rules, IK_COUNT(rules), NULL, b->diag) ||
            !ik_rules_unique(csv, i, "code", b->diag))
            continue;
        IkLang *l = &b->langs[b->lang_count++];
        l->code = ik_xstrdup(ik_rules_get(csv, i, "code"));
        l->endonym = ik_xstrdup(ik_rules_get(csv, i, "endonym"));
        l->script = ik_xstrdup(ik_rules_get(csv, i, "script"));
        l->rtl = ik_rule_flag(ik_rules_get(csv, i, "rtl")) == 1;
        char pos[24];
        snprintf(pos, sizeof pos, "%zu", b->lang_count - 1);
        SQL(b, "INSERT INTO language(code,endonym,script,rtl,position) VALUES(?,?,?,?,?)",
            l->code, l->endonym, l->script, l->rtl ? "1" : "0", pos);
        char *key = ik_xasprintf("language:%s", l->code);
        ik_build_origin(b, l->code, key, path, csv->rows[i].line);
        free(key);
    }
    if (!ik_build_find_lang(b, IK_SOURCE_LANG))
        ik_diag_error(b->diag, path, 0, "the source language \"%s\" is not listed", IK_SOURCE_LANG);
    ik_csv_free(csv);
}

/* Interface strings are printf formats for the kiosk (%d a number, %s a
 * time or a version): any other conversion (%n, "%5d", "100% free") would
 * read an argument that is not there. */
static bool check_ui_format(IkBuild *b, const char *path, long line, const char *column,
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
            return false;
        }
    }
    return true;
}

void ik_build_interface(IkBuild *b)
{
    static const IkRule rules[] = {
        {.column = "key", .kind = IK_RULE_ID, .required = true},
        {.column = "text", .kind = IK_RULE_TEXT, .required = true},
        {.column = "plural", .kind = IK_RULE_TEXT},
        {.column = "comment", .kind = IK_RULE_TEXT},
    };
    static const char *const req[] = {"key", "text", NULL};
    IkCsv *csv = ik_build_table(b, "interface.csv", true, req);
    if (!csv)
        return;
    const char *path = csv->path;
    for (size_t i = 0; i < csv->row_count; i++) {
        long line = csv->rows[i].line;
        const char *text = ik_rules_get(csv, i, "text"), *plural = ik_rules_get(csv, i, "plural");
        if (!ik_rules_check(csv, i, rules, IK_COUNT(rules), NULL, b->diag) ||
            !check_ui_format(b, path, line, "text", text) ||
            !check_ui_format(b, path, line, "plural", plural))
            continue;
        /* a counted string: the plural is what shows the number */
        if (plural[0] && !strstr(plural, "%d")) {
            ik_diag_error(b->diag, path, line, "\"plural\" \"%s\" has no %%d: the plural form "
                          "shows the number (\"%%d servizi trovati\")", plural);
            continue;
        }
        char *key = ik_xasprintf("ui:%s", ik_rules_get(csv, i, "key"));
        ik_build_source(b, key, text, plural, ik_rules_get(csv, i, "comment"), path, line);
        free(key);
    }
    ik_csv_free(csv);
}

void ik_build_synonyms(IkBuild *b)
{
    static const IkRule rules[] = {
        {.column = "lang", .kind = IK_RULE_LANGUAGE, .required = true},
        {.column = "term", .kind = IK_RULE_NAME, .required = true},
        {.column = "synonyms", .kind = IK_RULE_TEXT, .required = true},
    };
    static const char *const req[] = {"lang", "term", "synonyms", NULL};
    IkCsv *csv = ik_build_table(b, "synonyms.csv", false, req);
    if (!csv)
        return;
    const char *path = csv->path;
    for (size_t i = 0; i < csv->row_count; i++) {
        if (!ik_rules_check(csv, i, rules, IK_COUNT(rules), NULL, b->diag))
            continue;
        const char *lang = ik_rules_get(csv, i, "lang");
        if (!ik_build_find_lang(b, lang)) {
            ik_diag_error(b->diag, path, csv->rows[i].line, "unknown language \"%s\"", lang);
            continue;
        }
        SQL(b, "INSERT INTO synonym(lang,term,synonyms) VALUES(?,?,?)", lang,
            ik_rules_get(csv, i, "term"), ik_rules_get(csv, i, "synonyms"));
    }
    ik_csv_free(csv);
}
