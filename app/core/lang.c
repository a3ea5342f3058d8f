/* BCP 47 language tags compared as RFC 4647 basic filtering does: a range
 * matches a tag equal to it or starting with it followed by a subtag
 * separator, ignoring case ("zh" matches "zh-Hans", "fa" matches "fa-AF",
 * but "zh" does not match "zha"). '_' counts as '-' (ICU locale ids). */
#include "incontro/core.h"

#include <ctype.h>
#include <string.h>

static int fold(char c)
{
    return c == '_' ? '-' : tolower((unsigned char)c);
}

bool ik_lang_matches(const char *range, const char *tag)
{
    if (!range || !tag || !*range)
        return false;
    size_t i = 0;
    for (; range[i]; i++)
        if (!tag[i] || fold(range[i]) != fold(tag[i]))
            return false;
    return tag[i] == '\0' || fold(tag[i]) == '-';
}

bool ik_lang_related(const char *a, const char *b)
{
    return ik_lang_matches(a, b) || ik_lang_matches(b, a);
}
