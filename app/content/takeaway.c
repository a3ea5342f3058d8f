/* What a reader takes away from a service card: a MECARD (the format phone
 * cameras offer to save as a contact) that names nothing but a neutral
 * contact and its numbers. Someone who later looks at the phone sees an
 * ordinary contact. */
#include "incontro/content.h"
#include "incontro/core.h"

/* MECARD fields escape \ ; : , with a backslash. */
static void field(IkBuf *b, const char *name, const char *value)
{
    ik_buf_puts(b, name);
    ik_buf_puts(b, ":");
    for (const char *p = value; *p; p++) {
        if (*p == '\\' || *p == ';' || *p == ':' || *p == ',')
            ik_buf_append(b, "\\", 1);
        ik_buf_append(b, p, 1);
    }
    ik_buf_puts(b, ";");
}

char *ik_service_takeaway(const IkService *sv, const char *default_name)
{
    IkBuf b = {0};
    size_t phones = 0;
    for (size_t i = 0; i < sv->phone_count; i++)
        phones += sv->phones[i].number && *sv->phones[i].number;
    if (phones == 0)
        return NULL;
    const char *name = sv->contact && *sv->contact ? sv->contact : default_name;
    ik_buf_puts(&b, "MECARD:");
    if (name && *name)
        field(&b, "N", name);
    for (size_t i = 0; i < sv->phone_count; i++)
        if (sv->phones[i].number && *sv->phones[i].number)
            field(&b, "TEL", sv->phones[i].number);
    ik_buf_puts(&b, ";");
    return b.data;
}
