/* Fuzz target: the Markdown subset reader (app/pack/markdown.c over md4c,
 * private header app/pack/internal.h) on arbitrary bytes, with the UTF-8
 * check the builder runs first, then the contact extraction the builder
 * applies to each block's text. */
#include "fuzz_common.h"

#include "internal.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ik_log_set_level(IK_LOG_ERROR);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* an exact-size copy: the reader must not rely on a terminator */
    char *doc = malloc(size ? size : 1);
    if (!doc)
        abort();
    memcpy(doc, data, size);
    IkDiag *diag = ik_diag_create(NULL, 20);
    /* the builder refuses invalid UTF-8 before parsing; the parser itself
     * must still survive it, so it is parsed either way */
    (void)ik_check_utf8("topic.md", doc, size, diag);
    IkMdPage *page = ik_md_parse("topic.md", doc, size, diag);
    if (page) {
        for (size_t i = 0; i < page->count; i++) {
            IkMdBlock *b = &page->blocks[i];
            if (!b->text || b->line < 0)
                abort();
            free(ik_contacts(b->text));
        }
        ik_md_free(page);
    }
    (void)ik_diag_text(diag);
    ik_diag_destroy(diag);
    free(doc);
    return 0;
}
