/* content: private to the module (and its tests). */
#ifndef INCONTRO_CONTENT_INTERNAL_H
#define INCONTRO_CONTENT_INTERNAL_H

#include "incontro/content.h"

typedef struct sqlite3 sqlite3;

/* The pack's database, opened read-only; owned by content. Search runs its
 * queries on it. */
sqlite3 *ik_content_db(IkContent *content);

/* The columns of an opening in service_schedule and search_schedule, in the
 * order ik_opening_read takes them. */
#define IK_OPENING_COLUMNS \
    "weekday, opens, closes, freq, ordinal, monthday, interval, start, valid_from, valid_to"
typedef struct sqlite3_stmt sqlite3_stmt;
struct stat;
/* Opens *db read-only on the first db_size bytes of the file open on fd,
 * which must still be as `verified` (fstat before it was checked): SQLite
 * reads it in place, and any read after the file changed is an error.
 * False with ik_error() naming `name`; *db, when set, is the caller's to
 * close either way. */
bool ik_pack_file_attach(sqlite3 **db, const char *name, int fd, size_t db_size,
                         const struct stat *verified);
/* The same file, unchanged: device, inode, size, modification and change
 * times. */
bool ik_pack_file_same(const struct stat *a, const struct stat *b);
/* Reads an opening from the columns of st starting at first. */
void ik_opening_read(sqlite3_stmt *st, int first, IkOpening *o);

#endif
