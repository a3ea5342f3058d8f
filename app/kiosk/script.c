/* Script files for the headless harness: parsed whole before running, so a
 * malformed line fails with its file and line before anything happens. */
#include "incontro/kiosk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incontro/core.h"

/* Splits off the next space-separated word; NULL at the end. */
static char *word(char **p)
{
    char *s = *p;
    while (*s == ' ' || *s == '\t')
        s++;
    if (!*s)
        return NULL;
    char *e = s;
    while (*e && *e != ' ' && *e != '\t')
        e++;
    if (*e)
        *e++ = '\0';
    *p = e;
    return s;
}

/* Quotes at most 40 bytes of a bad word, so a 100 KB line gives a short
 * message; the cut never splits a UTF-8 sequence. */
static const char *quote(const char *w, char *buf, size_t size)
{
    size_t n = strlen(w);
    if (n <= 40)
        return w;
    n = 40;
    while (n > 0 && ((unsigned char)w[n] & 0xC0) == 0x80)
        n--;
    snprintf(buf, size, "%.*s...", (int)n, w);
    return buf;
}

static bool ints(char **rest, int *out, int n, const long *min, const long *max,
                 const char *usage, const char *name, int line)
{
    for (int i = 0; i < n; i++) {
        char *w = word(rest);
        long v;
        char q[64];
        if (!w)
            return ik_fail("%s:%d: missing argument; usage: %s", name, line, usage);
        if (!ik_parse_int(w, min[i], max[i], &v))
            return ik_fail("%s:%d: '%s' is not a number from %ld to %ld; usage: %s", name,
                           line, quote(w, q, sizeof q), min[i], max[i], usage);
        out[i] = (int)v;
    }
    if (word(rest))
        return ik_fail("%s:%d: too many arguments; usage: %s", name, line, usage);
    return true;
}

static bool one_word(char **rest, char **out, const char *usage, const char *name, int line)
{
    char *w = word(rest);
    if (!w)
        return ik_fail("%s:%d: missing argument; usage: %s", name, line, usage);
    if (word(rest))
        return ik_fail("%s:%d: too many arguments; usage: %s", name, line, usage);
    *out = ik_xstrdup(w);
    return true;
}

static bool parse_line(IkCommand *c, char *s, const char *name, int line)
{
    /* Coordinates are canvas pixels; the largest window is 16384 wide. */
    static const long xy_min[] = {0, 0, 0, 0, 1}, xy_max[] = {16383, 16383, 16383, 16383, 60000};
    static const long ms_min[] = {0}, ms_max[] = {3600000}, s_max[] = {86400};
    char *rest = s, q[64];
    char *cmd = word(&rest);
    memset(c, 0, sizeof *c);
    c->line = line;
    if (strcmp(cmd, "tap") == 0) {
        c->kind = IK_CMD_TAP;
        return ints(&rest, c->args, 2, xy_min, xy_max, "tap X Y", name, line);
    }
    if (strcmp(cmd, "swipe") == 0) {
        c->kind = IK_CMD_SWIPE;
        const long mn[] = {0, 0, 0, 0, 1};
        return ints(&rest, c->args, 5, mn, xy_max, "swipe X1 Y1 X2 Y2 MS", name, line);
    }
    if (strcmp(cmd, "wait") == 0) {
        c->kind = IK_CMD_WAIT;
        return ints(&rest, c->args, 1, ms_min, ms_max, "wait MS", name, line);
    }
    if (strcmp(cmd, "idle") == 0) {
        c->kind = IK_CMD_IDLE;
        return ints(&rest, c->args, 1, ms_min, s_max, "idle SECONDS", name, line);
    }
    if (strcmp(cmd, "press") == 0) {
        c->kind = IK_CMD_PRESS;
        return one_word(&rest, &c->text, "press ID", name, line);
    }
    if (strcmp(cmd, "show") == 0) {
        c->kind = IK_CMD_SHOW;
        return one_word(&rest, &c->text, "show ID", name, line);
    }
    if (strcmp(cmd, "shot") == 0 || strcmp(cmd, "dump") == 0) {
        bool is_shot = cmd[0] == 's';
        c->kind = is_shot ? IK_CMD_SHOT : IK_CMD_DUMP;
        if (!one_word(&rest, &c->text, is_shot ? "shot NAME" : "dump NAME", name, line))
            return false;
        if (strspn(c->text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") !=
                strlen(c->text) || c->text[0] == '.')
            return ik_fail("%s:%d: %s name '%s' may hold only letters, digits, '.', '_', '-'",
                           name, line, cmd, quote(c->text, q, sizeof q));
        return true;
    }
    if (strcmp(cmd, "expect-scene") == 0) {
        IkSceneId scene;
        c->kind = IK_CMD_EXPECT_SCENE;
        if (!one_word(&rest, &c->text, "expect-scene NAME", name, line))
            return false;
        if (!ik_scene_from_name(c->text, &scene))
            return ik_fail("%s:%d: unknown scene '%s'", name, line, quote(c->text, q, sizeof q));
        c->args[0] = (int)scene;
        return true;
    }
    if (strcmp(cmd, "type") == 0) {
        c->kind = IK_CMD_TYPE;
        char *t = ik_str_trim(rest);
        if (!*t)
            return ik_fail("%s:%d: missing argument; usage: type TEXT", name, line);
        if (!ik_utf8_valid(t, strlen(t), NULL))
            return ik_fail("%s:%d: text is not valid UTF-8", name, line);
        c->text = ik_xstrdup(t);
        return true;
    }
    return ik_fail("%s:%d: unknown command '%s' (tap, swipe, press, show, type, wait, idle, "
                   "shot, dump, expect-scene)", name, line, quote(cmd, q, sizeof q));
}

bool ik_script_parse(IkScript *script, const char *name, const char *text)
{
    char *copy = ik_xstrdup(text), *buf = copy;
    size_t cap = 0;
    int line = 0;
    memset(script, 0, sizeof *script);
    script->name = ik_xstrdup(name);
    /* Editors on other systems start with a byte-order mark. */
    if (strncmp(buf, "\xEF\xBB\xBF", 3) == 0)
        buf += 3;
    while (buf) {
        /* A line ends at LF, CRLF or a lone CR (old Mac editors). */
        char *nl = buf + strcspn(buf, "\r\n");
        char *after = NULL;
        if (*nl == '\r' && nl[1] == '\n')
            after = nl + 2;
        else if (*nl)
            after = nl + 1;
        *nl = '\0';
        line++;
        char *s = ik_str_trim(buf);
        buf = after;
        if (!*s || *s == '#')
            continue;
        if (script->count == cap) {
            cap = cap ? cap * 2 : 32;
            script->commands = ik_xrealloc(script->commands, cap, sizeof *script->commands);
        }
        if (!parse_line(&script->commands[script->count], s, name, line)) {
            free(script->commands[script->count].text);
            goto fail;
        }
        script->count++;
    }
    free(copy);
    return true;
fail:
    free(copy);
    ik_script_free(script);
    return false;
}

void ik_script_free(IkScript *script)
{
    for (size_t i = 0; i < script->count; i++)
        free(script->commands[i].text);
    free(script->commands);
    free(script->name);
    memset(script, 0, sizeof *script);
}
