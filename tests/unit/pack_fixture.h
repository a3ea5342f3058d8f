/* Real fonts, a layout cache (text_fixture.h) and the repository's pack
 * (IK_PACK, which ctest sets) for tests that lay out the kiosk's own
 * strings: cmocka group setup/teardown. Without the pack the group fails,
 * saying why. Included by test files (each its own program), so the
 * definitions are static. */
#ifndef INCONTRO_TESTS_PACK_FIXTURE_H
#define INCONTRO_TESTS_PACK_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "incontro/content.h"
#include "text_fixture.h"

static IkContent *content;      /* the repository's pack, for real strings */

static int pack_setup(void **state)
{
    const char *pack = getenv("IK_PACK");
    if (text_setup(state) != 0)
        return -1;
    content = pack ? ik_content_open(pack) : NULL;
    if (!content)
        fprintf(stderr, "no pack at IK_PACK=%s: %s\n", pack ? pack : "(unset)", ik_error());
    return content ? 0 : -1;
}

static int pack_teardown(void **state)
{
    ik_content_close(content);
    return text_teardown(state);
}

#endif
