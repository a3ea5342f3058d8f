/* content: private to the module (and its tests). */
#ifndef INCONTRO_CONTENT_INTERNAL_H
#define INCONTRO_CONTENT_INTERNAL_H

#include "incontro/content.h"

typedef struct sqlite3 sqlite3;

/* The pack's database, opened read-only; owned by content. Search runs its
 * queries on it. */
sqlite3 *ik_content_db(IkContent *content);

#endif
