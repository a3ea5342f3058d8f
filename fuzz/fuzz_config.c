/* Fuzz target: the kiosk's configuration file (ik_config_parse,
 * app/kiosk/config.c) over the defaults the program starts from
 * (ik_config_defaults), as ik_config_load does with a file's text.
 *
 * Input: a configuration file's bytes (the parser reads a C string: it ends
 * at the first NUL, as a file read by ik_file_read would for the parser).
 *
 * Checks: a refused file sets "fuzz.conf:LINE: message" and leaves the
 * configuration as it was; an accepted one holds only values in the ranges
 * the parser promises, every text field terminated, and updates only with a
 * trusted key and a store. */
#include "fuzz_common.h"

#include <math.h>

#include "incontro/kiosk.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ik_log_set_level(IK_LOG_ERROR);
    return 0;
}

#define TERMINATED(field) (memchr((field), '\0', sizeof(field)) != NULL)

static void check_accepted(const IkConfig *c)
{
    bool ok = c->idle_seconds >= 10 && c->idle_seconds <= 86400 && c->idle_countdown >= 0 &&
              c->idle_countdown <= 120 && c->update_interval >= 1 &&
              c->update_interval <= 604800 &&
              (c->screen_inches == 0 || (c->screen_inches >= 5 && c->screen_inches <= 150)) &&
              (c->viewing_cm == 0 || (c->viewing_cm >= 20 && c->viewing_cm <= 1000)) &&
              TERMINATED(c->operator_pin_hash) && TERMINATED(c->home_area) &&
              TERMINATED(c->default_lang) && TERMINATED(c->stats_db) && TERMINATED(c->store) &&
              TERMINATED(c->inbox) && TERMINATED(c->update_url) && TERMINATED(c->update_ca) &&
              TERMINATED(c->status_file);
    if (!ok) {
        fprintf(stderr, "an accepted configuration out of its ranges\n");
        abort();
    }
    if ((c->inbox[0] || c->update_url[0]) && (!c->has_trusted_key || !c->store[0])) {
        fprintf(stderr, "updates accepted without a trusted key and a store\n");
        abort();
    }
    if (c->update_url[0] && strncmp(c->update_url, "https://", 8) != 0) {
        fprintf(stderr, "update_url accepted without https://\n");
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_str(data, size);
    IkConfig c, before;
    ik_config_defaults(&c);
    before = c;
    ik_error_clear();
    if (ik_config_parse(&c, "fuzz.conf", text)) {
        check_accepted(&c);
    } else {
        if (strncmp(ik_error(), "fuzz.conf:", 10) != 0 || strlen(ik_error()) < 14) {
            fprintf(stderr, "a refused configuration without FILE:LINE: message: '%s'\n",
                    ik_error());
            abort();
        }
        if (memcmp(&c, &before, sizeof c) != 0) {
            fprintf(stderr, "a refused configuration changed the settings\n");
            abort();
        }
    }
    free(text);
    return 0;
}
