/* Taxonomies and places. A directory names its terms as its publisher
 * likes: the kiosk recognises its own areas, categories and flags by term
 * code (or id) whatever the taxonomy is called, or through
 * taxonomy_map.csv (the publisher's taxonomy and code -> the kiosk's code).
 * Other terms are kept for export and reported once per taxonomy. A service
 * with no area term gets the area of a place: a service_area row naming an
 * area or a town, or the town of one of its locations, looked up in
 * content/municipalities.csv (towns by ISTAT code and name). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "incontro/content.h"
#include "hsds.h"

#define MAP_KEY(tax, code) ik_xasprintf("%s\x1f%s", (tax), (code))

/* ---- terms ---------------------------------------------------------------------- */
const char *ik_hsds_term_code(const IkHsds *d, size_t row)
{
    const char *c = ik_hsds_get(d, TERM, row, "code");
    return c[0] ? c : ik_hsds_get(d, TERM, row, "id");
}

const char *ik_hsds_term_taxonomy(IkHsds *d, size_t row)
{
    long t = ik_hsds_find(d, TAXO, ik_hsds_get(d, TERM, row, "taxonomy_id"));
    return t >= 0 ? ik_hsds_get(d, TAXO, (size_t)t, "name") : ik_hsds_get(d, TERM, row, "taxonomy");
}

/* taxonomy_map.csv: (taxonomy, code) -> its row, for the valid rows */
static IkMap *read_mappings(IkHsds *d)
{
    static const IkRule rules[] = {
        {.column = "taxonomy", .kind = IK_RULE_NAME},
        {.column = "code", .kind = IK_RULE_TEXT, .required = true, .max = IK_MAX_ID},
        {.column = "kiosk_code", .kind = IK_RULE_ID, .required = true},
    };
    IkMap *map = ik_map_create();
    for (size_t i = 0; d->t[TMAP] && i < d->t[TMAP]->row_count; i++) {
        const char *code = ik_hsds_get(d, TMAP, i, "kiosk_code");
        if (!ik_rules_check(d->t[TMAP], i, rules, IK_COUNT(rules), NULL, d->b->diag)) {
            d->row_ok[TMAP][i] = false;
            continue;
        }
        if (ik_content_term_position(code, NULL) < 0) {
            ik_hsds_err(d, TMAP, i, "kiosk_code \"%s\" is not a code of the kiosk (see "
                        "content/README.md)", code);
            continue;
        }
        char *key = MAP_KEY(ik_hsds_get(d, TMAP, i, "taxonomy"), ik_hsds_get(d, TMAP, i, "code"));
        size_t first;
        if (ik_map_put(map, key, i, &first)) {
            ik_hsds_err(d, TMAP, i, "taxonomy \"%s\" code \"%s\" is mapped twice (first on line "
                        "%ld)", ik_hsds_get(d, TMAP, i, "taxonomy"), ik_hsds_get(d, TMAP, i, "code"),
                        ik_hsds_line(d, TMAP, first));
            ik_map_put(map, key, first, NULL);
        }
        free(key);
    }
    return map;
}

/* terms the kiosk does not know, counted per taxonomy for one warning each */
typedef struct {
    IkMap *taxonomies;      /* taxonomy -> index in the arrays below */
    size_t *count, *first;  /* how many terms, the first term's row */
    IkBuf *codes;           /* the first few codes */
    size_t n;
} Unknown;

static void note_unknown(Unknown *u, const char *taxonomy, const char *code, size_t row)
{
    size_t k;
    if (!ik_map_get(u->taxonomies, taxonomy, &k)) {
        k = u->n++;
        ik_map_put(u->taxonomies, taxonomy, k, NULL);
        u->count = ik_xrealloc(u->count, u->n, sizeof *u->count);
        u->first = ik_xrealloc(u->first, u->n, sizeof *u->first);
        u->codes = ik_xrealloc(u->codes, u->n, sizeof *u->codes);
        u->count[k] = 0;
        u->first[k] = row;
        memset(&u->codes[k], 0, sizeof u->codes[k]);
    }
    if (u->count[k]++ < 5)
        ik_buf_printf(&u->codes[k], "%s\"%s\"", u->count[k] > 1 ? ", " : "", code);
}

static void report_unknown(IkHsds *d, Unknown *u)
{
    for (size_t k = 0; k < u->n; k++) {
        const char *tax = ik_hsds_term_taxonomy(d, u->first[k]);
        ik_diag_warning(d->b->diag, d->t[TERM]->path, ik_hsds_line(d, TERM, u->first[k]),
                        "%zu term%s of taxonomy \"%s\" %s not the kiosk's and %s no mapping in "
                        "taxonomy_map.csv (kept for export, not shown): %s%s", u->count[k],
                        u->count[k] == 1 ? "" : "s", tax, u->count[k] == 1 ? "is" : "are",
                        u->count[k] == 1 ? "has" : "have", u->codes[k].data,
                        u->count[k] > 5 ? ", ..." : "");
        ik_buf_free(&u->codes[k]);
    }
    ik_map_destroy(u->taxonomies);
    free(u->count);
    free(u->first);
    free(u->codes);
}

/* ---- places ------------------------------------------------------------------- */
/* a town's name as the lookup compares it: case and accents folded, and
 * every run of spaces, apostrophes or dashes one space ("Castell'Azzara") */
static char *town_key(const char *name)
{
    char *n = ik_search_normalize(name, strlen(name));
    IkBuf out = {0};
    bool gap = false;
    for (const unsigned char *p = (const unsigned char *)(n ? n : ""); *p; p++) {
        bool keep = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p >= 0x80;
        if (!keep) {
            gap = out.len > 0;
            continue;
        }
        if (gap)
            ik_buf_puts(&out, " ");
        gap = false;
        ik_buf_append(&out, p, 1);
    }
    free(n);
    return out.data ? out.data : ik_xstrdup("");
}

/* content/municipalities.csv: the towns of each area */
static void read_towns(IkHsds *d)
{
    static const char *const req[] = {"istat_code", "name", "area", NULL};
    IkRule rules[] = {
        {.column = "istat_code", .kind = IK_RULE_ID, .required = true, .max = 6},
        {.column = "name", .kind = IK_RULE_NAME, .required = true},
        {.column = "area", .kind = IK_RULE_ONE_OF, .required = true, .what = "an area of the kiosk"},
        {.column = "source", .kind = IK_RULE_TEXT},
    };
    IkBuf areas = {0};
    for (int a = 0; a < IK_AREA_COUNT; a++)
        ik_buf_printf(&areas, "%s%s", a ? "|" : "", ik_content_areas[a]);
    rules[2].values = areas.data;
    d->towns = ik_build_table(d->b, "municipalities.csv", false, req);
    d->town_names = ik_map_create();
    d->town_codes = ik_map_create();
    for (size_t i = 0; d->towns && i < d->towns->row_count; i++) {
        IkCsv *t = d->towns;
        const char *code = ik_rules_get(t, i, "istat_code");
        if (!ik_rules_check(t, i, rules, IK_COUNT(rules), NULL, d->b->diag))
            continue;
        if (strlen(code) != 6 || strspn(code, "0123456789") != 6) {
            ik_diag_error(d->b->diag, t->path, t->rows[i].line,
                          "istat_code \"%s\" is not an ISTAT municipality code (6 digits)", code);
            continue;
        }
        char *key = town_key(ik_rules_get(t, i, "name"));
        size_t first;
        if (ik_map_put(d->town_codes, code, i, &first))
            ik_diag_error(d->b->diag, t->path, t->rows[i].line, "duplicate istat_code \"%s\" "
                          "(first on line %ld)", code, t->rows[first].line);
        else if (ik_map_put(d->town_names, key, i, &first))
            ik_diag_error(d->b->diag, t->path, t->rows[i].line, "duplicate town \"%s\" (first "
                          "on line %ld)", ik_rules_get(t, i, "name"), t->rows[first].line);
        free(key);
    }
    ik_buf_free(&areas);
}

/* the area of a town (by name), NULL when it is in none */
static const char *town_area(IkHsds *d, const char *name)
{
    char *key = town_key(name);
    size_t row;
    bool found = key[0] && ik_map_get(d->town_names, key, &row);
    free(key);
    return found ? ik_rules_get(d->towns, row, "area") : NULL;
}

/* ---- resolving ---------------------------------------------------------------------- */
void ik_hsds_resolve_terms(IkHsds *d)
{
    IkMap *maps = read_mappings(d);
    bool *used = ik_xcalloc(d->t[TMAP] ? d->t[TMAP]->row_count + 1 : 1, sizeof *used);
    Unknown u = {.taxonomies = ik_map_create()};
    IkMap *seen = ik_map_create();
    d->kiosk = ik_xcalloc(d->t[TERM]->row_count + 1, sizeof *d->kiosk);
    for (size_t i = 0; i < d->t[TERM]->row_count; i++) {
        const char *code = ik_hsds_term_code(d, i), *tax = ik_hsds_term_taxonomy(d, i);
        char *key = MAP_KEY(tax, code);
        size_t m, first;
        if (ik_map_put(seen, key, i, &first))
            ik_hsds_err(d, TERM, i, "duplicate term code \"%s\" in taxonomy \"%s\" (first on "
                        "line %ld)", code, tax, ik_hsds_line(d, TERM, first));
        if (ik_map_get(maps, key, &m)) {
            d->kiosk[i] = ik_hsds_get(d, TMAP, m, "kiosk_code");
            used[m] = true;
        } else if (ik_content_term_position(code, NULL) >= 0) {
            d->kiosk[i] = code;
        } else {
            note_unknown(&u, tax, code, i);
        }
        free(key);
    }
    report_unknown(d, &u);
    for (size_t m = 0; d->t[TMAP] && m < d->t[TMAP]->row_count; m++)
        if (!used[m] && d->row_ok[TMAP][m])
            ik_diag_warning(d->b->diag, d->t[TMAP]->path, ik_hsds_line(d, TMAP, m),
                            "taxonomy \"%s\" code \"%s\" is no term of the directory: the line "
                            "maps nothing", ik_hsds_get(d, TMAP, m, "taxonomy"),
                            ik_hsds_get(d, TMAP, m, "code"));
    ik_map_destroy(seen);
    ik_map_destroy(maps);
    free(used);
    read_towns(d);
}

void ik_hsds_terms_free(IkHsds *d)
{
    free(d->kiosk);
    ik_csv_free(d->towns);
    ik_map_destroy(d->town_names);
    ik_map_destroy(d->town_codes);
}

/* the kiosk code of the term an attribute row links, or NULL */
static const char *attribute_code(IkHsds *d, size_t attr)
{
    long t = ik_hsds_find(d, TERM, ik_hsds_get(d, ATTR, attr, "taxonomy_term_id"));
    return t >= 0 ? d->kiosk[t] : NULL;
}

bool ik_hsds_service_flag(IkHsds *d, const char *svc, const char *code)
{
    EACH(d, ATTR, "link_id", svc, i) {
        const char *k = attribute_code(d, (size_t)i);
        if (!strcmp(ik_hsds_get(d, ATTR, (size_t)i, "link_entity"), "service") && k &&
            !strcmp(k, code))
            return true;
    }
    return false;
}

/* ---- the area of a service -------------------------------------------------------- */
static bool is_area(const char *code)
{
    const char *tax = NULL;
    return code && ik_content_term_position(code, &tax) >= 0 && !strcmp(tax, "area");
}

/* the area a service_area row names: an area code, an area term's name,
 * or a town */
static const char *named_area(IkHsds *d, const char *name)
{
    if (is_area(name))
        return name;
    for (size_t i = 0; i < d->t[TERM]->row_count; i++)
        if (is_area(d->kiosk[i]) && !strcasecmp(ik_hsds_get(d, TERM, i, "name"), name))
            return d->kiosk[i];
    return town_area(d, name);
}

/* the town of a location: its address's city, or an ISTAT code it carries
 * as external_identifier (external_identifier_type ISTAT) */
static const char *location_area(IkHsds *d, const char *loc, const char **town)
{
    long l = ik_hsds_find(d, LOC, loc);
    if (l >= 0 && !strcasecmp(ik_hsds_get(d, LOC, (size_t)l, "external_identifier_type"), "ISTAT")) {
        size_t row;
        if (ik_map_get(d->town_codes, ik_hsds_get(d, LOC, (size_t)l, "external_identifier"), &row))
            return ik_rules_get(d->towns, row, "area");
    }
    EACH(d, ADDR, "location_id", loc, a) {
        const char *city = ik_hsds_get(d, ADDR, (size_t)a, "city");
        if (town && !(*town)[0])
            *town = city;
        const char *area = town_area(d, city);
        if (area)
            return area;
    }
    return NULL;
}

const char *ik_hsds_service_area(IkHsds *d, size_t s, const char **town)
{
    const char *id = ik_hsds_get(d, SVC, s, "id");
    if (town)
        *town = "";
    EACH(d, ATTR, "link_id", id, a) {
        const char *k = attribute_code(d, (size_t)a);
        if (!strcmp(ik_hsds_get(d, ATTR, (size_t)a, "link_entity"), "service") && is_area(k))
            return k;
    }
    EACH(d, AREA, "service_id", id, a) {
        const char *area = named_area(d, ik_hsds_get(d, AREA, (size_t)a, "name"));
        if (area)
            return area;
    }
    EACH(d, SAL, "service_id", id, sl) {
        const char *area = location_area(d, ik_hsds_get(d, SAL, (size_t)sl, "location_id"), town);
        if (area)
            return area;
    }
    return NULL;
}
