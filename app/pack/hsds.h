/* Private to the HSDS reader (hsds*.c): the tables of one directory, read
 * by header name, with indexes that resolve references in constant time. */
#ifndef IK_PACK_HSDS_H
#define IK_PACK_HSDS_H

#include "internal.h"

/* the tables the kiosk reads, in the order they are read and stored */
enum { ORG, SVC, LOC, SAL, ADDR, PHONE, SCHED, LANG, AREA, TERM, ATTR, TABLES };
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
    bool unreadable[TABLES];            /* present but refused (reported) */
    bool *row_ok[TABLES];               /* rows that passed validation */
    IkHsdsIndex index[TABLES][IK_HSDS_INDEXES];
    int index_count[TABLES];
    long *sched_stamp;                  /* service+1 that last took each schedule row */
} IkHsds;

extern const char *const ik_hsds_table_names[TABLES];

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

/* The term code of a taxonomy_term row (its code, else its id). */
const char *ik_hsds_term_code(const IkHsds *d, size_t row);
/* True when service svc is linked to the term with this code. */
bool ik_hsds_service_flag(IkHsds *d, const char *svc, const char *code);
/* A location used by at least one service, and only by confidential ones:
 * its address is never stored. */
bool ik_hsds_location_confidential(IkHsds *d, const char *loc);

void ik_hsds_validate(IkHsds *d);   /* hsds_check.c */
void ik_hsds_store(IkHsds *d);      /* hsds_store.c */

#endif
