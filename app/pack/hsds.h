/* Private to the HSDS reader (hsds*.c): the tables of one directory, read
 * by header name, with indexes that resolve references in constant time,
 * and what the reader concludes about them (each term's kiosk code, each
 * service's area).
 *
 *   hsds.c           finding and reading the tables, questions about them
 *   datapackage.c    datapackage.json: where the tables are, and writing it
 *   hsds_check.c     the column rules and the checks of a row
 *   hsds_terms.c     taxonomies: kiosk codes, taxonomy_map.csv, areas from places
 *   hsds_schedule.c  schedules: what the kiosk computes, what it shows as text
 *   hsds_store.c     storing the directory in the pack */
#ifndef IK_PACK_HSDS_H
#define IK_PACK_HSDS_H

#include "internal.h"

/* the tables the kiosk reads, in the order they are read and stored;
 * TMAP (taxonomy_map.csv) is the kiosk's own, beside the HSDS tables */
enum { ORG, SVC, LOC, SAL, ADDR, PHONE, SCHED, LANG, AREA, TAXO, TERM, ATTR, TMAP, TABLES };
#define NONE (-1)

/* rows of a table by the value of one column, chained in row order */
typedef struct {
    int column;
    IkMap *first;       /* value -> first row holding it */
    long *next;         /* row -> next row with the same value, -1 ends */
} IkHsdsIndex;

#define IK_HSDS_INDEXES 8

typedef struct {
    IkBuild *b;
    IkCsv *t[TABLES];                   /* NULL: the table is absent */
    char *path[TABLES];                 /* where each table is (or would be) */
    bool unreadable[TABLES];            /* present but refused (reported) */
    bool *row_ok[TABLES];               /* rows that passed validation */
    IkHsdsIndex index[TABLES][IK_HSDS_INDEXES];
    int index_count[TABLES];
    const char **kiosk;                 /* TERM row -> kiosk code, or NULL */
    IkCsv *towns;                       /* content/municipalities.csv, or NULL */
    IkMap *town_names;                  /* normalized town name -> towns row */
    IkMap *town_codes;                  /* ISTAT code -> towns row */
    long *sched_stamp;                  /* service+1 that last took each schedule row */
} IkHsds;

/* HSDS's table (resource) names, and the file names HSDS 3.0's own data
 * package gives them (organizations.csv, ...). */
extern const char *const ik_hsds_table_names[TABLES];
extern const char *const ik_hsds_plural_names[TABLES];

/* The cell of a row by column name ("" when the table or column is absent). */
const char *ik_hsds_get(const IkHsds *d, int t, size_t row, const char *column);
long ik_hsds_line(const IkHsds *d, int t, size_t row);
/* Reports a problem of a row (FILE:LINE: message) and marks the row bad. */
void ik_hsds_err(IkHsds *d, int t, size_t row, const char *fmt, ...) IK_PRINTF(4, 5);
/* First row of table t whose column is value (never for ""), or -1; then
 * the next such row after r, or -1. */
long ik_hsds_first(IkHsds *d, int t, const char *column, const char *value);
long ik_hsds_next(IkHsds *d, int t, const char *column, long r);
/* The row of table t with this id, or -1. */
long ik_hsds_find(IkHsds *d, int t, const char *id);

#define EACH(d, t, col, value, r)                                            \
    for (long r = ik_hsds_first((d), (t), (col), (value)); r >= 0;            \
         r = ik_hsds_next((d), (t), (col), r))

/* A location used by at least one service, and only by confidential ones:
 * its address is never stored. */
bool ik_hsds_location_confidential(IkHsds *d, const char *loc);

/* ---- datapackage.c ---- */
/* Fills d->path from SERVICES/datapackage.json when there is one, else from
 * the files present (NAME.csv or HSDS 3.0's plural name); false when the
 * folder cannot be used (reported). */
bool ik_hsds_locate(IkHsds *d);

/* ---- hsds_check.c ---- */
void ik_hsds_validate(IkHsds *d);

/* ---- hsds_terms.c ---- */
/* The term code of a taxonomy_term row (its code, else its id), and the
 * name of its taxonomy (taxonomy.csv's name through taxonomy_id, else the
 * taxonomy column). */
const char *ik_hsds_term_code(const IkHsds *d, size_t row);
const char *ik_hsds_term_taxonomy(IkHsds *d, size_t row);
/* Gives every term its kiosk code (its own, or through taxonomy_map.csv),
 * reports unusable mappings and, once per taxonomy, the terms the kiosk does
 * not know; reads content/municipalities.csv. */
void ik_hsds_resolve_terms(IkHsds *d);
/* True when service svc is linked to a term whose kiosk code is code. */
bool ik_hsds_service_flag(IkHsds *d, const char *svc, const char *code);
/* The area of service row s: an area term linked to it, else a
 * service_area row that names an area or a town, else the town of one of
 * its locations (content/municipalities.csv); NULL when none (*town, if not
 * NULL, receives the first town seen, or ""). Static or owned by d. */
const char *ik_hsds_service_area(IkHsds *d, size_t s, const char **town);
void ik_hsds_terms_free(IkHsds *d);

/* ---- hsds_schedule.c ---- */
/* The checks of a schedule row that look at several columns. */
void ik_hsds_check_schedule(IkHsds *d, size_t row);
/* Stores schedule row h for service row s (once per service): the openings
 * the kiosk computes, and the text the card shows for what it does not. */
void ik_hsds_store_schedule(IkHsds *d, size_t s, size_t h);

/* ---- hsds_store.c ---- */
void ik_hsds_store(IkHsds *d);

#endif
