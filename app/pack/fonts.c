/* The font check: every string of every language, as the pack stores it,
 * must be drawable by the bundled fonts (text's coverage of its fallback
 * chain). A miss is reported where the string came from (temp.origin). */
#include <sqlite3.h>

#include "incontro/text.h"
#include "internal.h"

void ik_build_check_fonts(IkBuild *b)
{
    IkFonts *fonts = ik_fonts_create(b->options->fonts_list);
    if (!fonts) {
        ik_diag_error(b->diag, b->options->fonts_list, 0, "cannot load the fonts: %s", ik_error());
        return;
    }
    sqlite3_stmt *st = NULL;
    const char *sql =
        "SELECT s.lang, s.key, s.value, o.file, o.line FROM string s"
        " LEFT JOIN temp.origin o ON o.lang = s.lang AND o.key = s.key"
        " UNION ALL SELECT t.lang, 'topic:' || t.topic_id || ':title', t.title, o.file, o.line"
        " FROM topic_text t LEFT JOIN temp.origin o ON o.lang = t.lang"
        "  AND o.key = 'topic:' || t.topic_id || ':title'"
        " UNION ALL SELECT t.lang, 'topic:' || t.topic_id || ':' || t.seq, t.text, o.file, o.line"
        " FROM topic_block t LEFT JOIN temp.origin o ON o.lang = t.lang"
        "  AND o.key = 'topic:' || t.topic_id || ':' || t.seq"
        " UNION ALL SELECT l.code, 'language:' || l.code, l.endonym, o.file, o.line"
        " FROM language l LEFT JOIN temp.origin o ON o.lang = l.code"
        "  AND o.key = 'language:' || l.code"
        " UNION ALL SELECT DISTINCT 'it', 'location:' || l.location_id, l.name, o.file, o.line"
        " FROM service_location l LEFT JOIN temp.origin o ON o.lang = 'it'"
        "  AND o.key = 'location:' || l.location_id"
        " UNION ALL SELECT DISTINCT 'it', 'address:' || l.location_id,"
        "  coalesce(l.address,'') || ' ' || coalesce(l.city,''), o.file, o.line"
        " FROM service_location l LEFT JOIN temp.origin o ON o.lang = 'it'"
        "  AND o.key = 'address:' || l.location_id"
        " UNION ALL SELECT 'it', 'phone:' || p.service_id || ':' || p.seq, p.description, o.file, o.line"
        " FROM service_phone p LEFT JOIN temp.origin o ON o.lang = 'it'"
        "  AND o.key = 'phone:' || p.service_id || ':' || p.seq";
    if (sqlite3_prepare_v2(b->db, sql, -1, &st, NULL) != SQLITE_OK) {
        ik_diag_error(b->diag, NULL, 0, "font check: %s", sqlite3_errmsg(b->db));
        goto done;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *lang = (const char *)sqlite3_column_text(st, 0);
        const char *key = (const char *)sqlite3_column_text(st, 1);
        const char *value = (const char *)sqlite3_column_text(st, 2);
        const char *file = (const char *)sqlite3_column_text(st, 3);
        uint32_t missing = 0;
        if (value && !ik_fonts_covers(fonts, lang, value, &missing))
            ik_diag_error(b->diag, file ? file : "(directory)", sqlite3_column_int(st, 4),
                          "%s [%s]: the fonts cannot draw U+%04X", key, lang, (unsigned)missing);
    }
done:
    sqlite3_finalize(st);
    ik_fonts_destroy(fonts);
}
