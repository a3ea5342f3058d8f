/* Private to content: gettext plural rule evaluation. */
#ifndef IK_CONTENT_PLURAL_H
#define IK_CONTENT_PLURAL_H
#include <stdbool.h>
/* Form index for n under a Plural-Forms header value; -1 when malformed.
 * NULL = the Germanic rule (n != 1). */
int ik_plural_index(const char *plural_forms, long n);
#endif
