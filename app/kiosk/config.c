/* The configuration file: `key = value`, one a line, `#` comments. */
#include "incontro/kiosk.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incontro/core.h"

static bool copy(char *dst, size_t size, const char *v)
{
    if (strlen(v) >= size)
        return false;
    memcpy(dst, v, strlen(v) + 1);
    return true;
}

static bool set(IkConfig *c, const char *key, const char *value, const char **why)
{
    const struct { const char *key; char *dst; size_t size; } paths[] = {
        {"stats_db", c->stats_db, sizeof c->stats_db},
        {"store", c->store, sizeof c->store},
        {"inbox", c->inbox, sizeof c->inbox},
        {"update_ca", c->update_ca, sizeof c->update_ca},
        {"status_file", c->status_file, sizeof c->status_file},
    };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
        if (strcmp(key, paths[i].key) == 0) {
            if (!*value || !copy(paths[i].dst, paths[i].size, value)) {
                *why = "a file or folder path is needed here";
                return false;
            }
            return true;
        }
    if (strcmp(key, "idle_seconds") == 0) {
        long n;
        if (!ik_parse_int(value, 10, 86400, &n)) {
            *why = "idle_seconds must be a whole number from 10 to 86400";
            return false;
        }
        c->idle_seconds = (int)n;
    } else if (strcmp(key, "idle_countdown") == 0) {
        long n;
        if (!ik_parse_int(value, 0, 120, &n)) {
            *why = "idle_countdown must be a whole number of seconds from 0 to 120";
            return false;
        }
        c->idle_countdown = (int)n;
    } else if (strcmp(key, "operator_pin") == 0) {
        /* A PIN in clear text would be read by anyone who sees the file. */
        *why = "operator_pin (a PIN in plain text) is not accepted: put its hash in "
               "operator_pin_hash instead (echo PIN | incontro-pack pin-hash)";
        return false;
    } else if (strcmp(key, "operator_pin_hash") == 0) {
        if (strlen(value) >= sizeof c->operator_pin_hash || sodium_init() < 0 ||
            crypto_pwhash_str_needs_rehash(value, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                           crypto_pwhash_MEMLIMIT_INTERACTIVE) < 0) {
            *why = "operator_pin_hash must be a hash made by 'incontro-pack pin-hash'";
            return false;
        }
        copy(c->operator_pin_hash, sizeof c->operator_pin_hash, value);
    } else if (strcmp(key, "home_area") == 0) {
        const char *taxonomy = NULL;
        if (ik_content_term_position(value, &taxonomy) < 0 || strcmp(taxonomy, "area") != 0) {
            *why = "home_area must be piana-fi-po, area-aretina or valli-etrusche";
            return false;
        }
        copy(c->home_area, sizeof c->home_area, value);
    } else if (strcmp(key, "default_lang") == 0) {
        if (!*value || !copy(c->default_lang, sizeof c->default_lang, value)) {
            *why = "default_lang must be a language code such as it or ar";
            return false;
        }
    } else if (strcmp(key, "trusted_key") == 0) {
        if (!ik_content_key_parse(value, strlen(value), c->trusted_key)) {
            *why = "trusted_key must be the 64 hex digits of a public key "
                   "(the line 'incontro-pack keygen' writes to NAME.pub)";
            return false;
        }
        c->has_trusted_key = true;
    } else if (strcmp(key, "update_url") == 0) {
        /* the pack is verified anyway; https keeps what a kiosk fetches private */
        if (!ik_str_starts_with(value, "https://") || strlen(value) <= 8 ||
            strpbrk(value, " \t\"") || !copy(c->update_url, sizeof c->update_url, value)) {
            *why = "update_url must be an https:// address";
            return false;
        }
    } else if (strcmp(key, "update_interval") == 0) {
        long n;
        if (!ik_parse_int(value, 1, 604800, &n)) {
            *why = "update_interval must be a whole number of seconds from 1 to 604800";
            return false;
        }
        c->update_interval = (int)n;
    } else if (strcmp(key, "pack_memory_mb") == 0) {
        long n;
        if (!ik_parse_int(value, 0, 4096, &n)) {
            *why = "pack_memory_mb must be a whole number of MiB from 0 to 4096";
            return false;
        }
        c->pack_memory_mb = (int)n;
    } else if (strcmp(key, "screen_inches") == 0 || strcmp(key, "viewing_cm") == 0) {
        /* Physical size: touch targets and text keep their size in mm. */
        bool inches = key[0] == 's';
        char *end = NULL;
        double v = strtod(value, &end);
        if (!*value || *end || !(v >= (inches ? 5 : 20) && v <= (inches ? 150 : 1000))) {
            *why = inches ? "screen_inches must be the screen's diagonal, from 5 to 150"
                          : "viewing_cm must be a distance in cm, from 20 to 1000";
            return false;
        }
        if (inches)
            c->screen_inches = (float)v;
        else
            c->viewing_cm = (float)v;
    } else {
        *why = NULL;
        return false;
    }
    return true;
}

bool ik_config_parse(IkConfig *config, const char *name, const char *text)
{
    IkConfig c = *config;
    char *copy_text = ik_xstrdup(text);
    bool ok = false;
    int line = 0, update_line = 0;
    char *buf = copy_text;
    while (buf) {
        char *nl = strchr(buf, '\n');
        if (nl)
            *nl = '\0';
        line++;
        char *s = ik_str_trim(buf);
        buf = nl ? nl + 1 : NULL;
        if (!*s || *s == '#')
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            ik_fail("%s:%d: expected 'key = value'", name, line);
            goto fail;
        }
        *eq = '\0';
        char *key = ik_str_trim(s), *value = ik_str_trim(eq + 1);
        const char *why = NULL;
        if (!*key) {
            ik_fail("%s:%d: missing key before '='", name, line);
            goto fail;
        }
        if (!set(&c, key, value, &why)) {
            if (why)
                ik_fail("%s:%d: %s", name, line, why);
            else
                ik_fail("%s:%d: unknown key '%s'", name, line, key);
            goto fail;
        }
        if (!update_line && (!strcmp(key, "inbox") || !strcmp(key, "update_url")))
            update_line = line;
    }
    /* an update is verified by the trusted key and installed into the store */
    if (update_line && (!c.has_trusted_key || !c.store[0])) {
        ik_fail("%s:%d: updates need trusted_key and store in the configuration", name,
                update_line);
        goto fail;
    }
    *config = c;
    ok = true;
fail:
    free(copy_text);
    return ok;
}

bool ik_config_load(IkConfig *config, const char *path)
{
    char *text = ik_file_read(path, NULL);
    if (!text)
        return false;
    bool ok = ik_config_parse(config, path, text);
    free(text);
    return ok;
}
