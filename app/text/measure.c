/* measure: how much room text takes (width, height, lines, whether it was
 * cut), read from the same shaped layout the layout cache (cache.c) keeps
 * for drawing it: the UI has one measuring path, with or without a window. */
#include <string.h>

#include "text_internal.h"

bool ik_text_measure(IkLayoutCache *c, const char *text, const IkLayoutOptions *o,
                     IkTextExtent *out)
{
    memset(out, 0, sizeof *out);
    const IkLayout *l = ik_layout_cache_get(c, text ? text : "", o);
    if (!l)
        return false;
    out->width = ik_layout_width(l);
    out->height = ik_layout_height(l);
    out->lines = (int)ik_layout_line_count(l);
    out->line_height = ik_layout_line_height(l);
    out->ellipsized = ik_layout_truncated(l);
    out->word_cut = ik_layout_word_cut(l);
    return true;
}
