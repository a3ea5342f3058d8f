/* The kiosk's own taxonomy: the codes its screens know, in display order.
 * Directories name their terms as they like; the pack builder recognises
 * these codes (directly or through taxonomy_map.csv), and the screens, the
 * configuration and the tools read them from here: one home per code. */
#include <string.h>

#include "incontro/content.h"

const char *const ik_content_areas[IK_AREA_COUNT] = {
    "piana-fi-po", "area-aretina", "valli-etrusche",
};

const char *const ik_content_categories[IK_CATEGORY_COUNT] = {
    "civic-orientation", "education-individual", "education-group",
    "psychological-support", "parenting-support",
};

const char *const ik_content_flags[IK_FLAG_COUNT] = {
    "demo", "confidential-address", "free-of-charge", "contact-name",
};

int ik_content_term_position(const char *code, const char **taxonomy)
{
    static const struct {
        const char *taxonomy;
        const char *const *codes;
        int count;
    } lists[] = {
        {"area", ik_content_areas, IK_AREA_COUNT},
        {"category", ik_content_categories, IK_CATEGORY_COUNT},
        {"flag", ik_content_flags, IK_FLAG_COUNT},
    };
    int position = 0;
    for (size_t l = 0; code && l < sizeof lists / sizeof lists[0]; l++)
        for (int i = 0; i < lists[l].count; i++, position++)
            if (strcmp(lists[l].codes[i], code) == 0) {
                if (taxonomy)
                    *taxonomy = lists[l].taxonomy;
                return position;
            }
    return -1;
}
