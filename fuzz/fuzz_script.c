/* Fuzz target: the UI script parser (ik_script_parse, app/kiosk/script.c)
 * that --script reads before anything runs. Running a parsed script against
 * a headless kiosk is left out: it draws every frame (tests/kiosk.cmake runs
 * the real scripts).
 *
 * Input: a script file's bytes (a C string: it ends at the first NUL).
 *
 * Checks: a refused script sets "fuzz.txt:LINE: message" and leaves the
 * script empty; an accepted one holds commands of known kinds with lines
 * that grow, arguments in the parser's ranges, the text each kind needs
 * (one word; a file name with no path; valid UTF-8 to type), and frees
 * cleanly. */
#include "fuzz_common.h"

#include "incontro/kiosk.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ik_log_set_level(IK_LOG_ERROR);
    return 0;
}

static bool in_range(const IkCommand *c, int n, int lo, int hi)
{
    for (int i = 0; i < n; i++)
        if (c->args[i] < lo || c->args[i] > hi)
            return false;
    return true;
}

static void check_command(const IkCommand *c, int prev_line)
{
    bool ok = c->line > prev_line;
    switch (c->kind) {
    case IK_CMD_TAP:
        ok = ok && in_range(c, 2, 0, 16383) && !c->text;
        break;
    case IK_CMD_SWIPE:
        ok = ok && in_range(c, 4, 0, 16383) && c->args[4] >= 1 && c->args[4] <= 60000 &&
             !c->text;
        break;
    case IK_CMD_WAIT:
        ok = ok && in_range(c, 1, 0, 3600000) && !c->text;
        break;
    case IK_CMD_IDLE:
        ok = ok && in_range(c, 1, 0, 86400) && !c->text;
        break;
    case IK_CMD_PRESS:
    case IK_CMD_SHOW:
        ok = ok && c->text && *c->text && !strpbrk(c->text, " \t\r\n");
        break;
    case IK_CMD_SHOT:
    case IK_CMD_DUMP:
        /* a file name under --shots: no path, no hidden file */
        ok = ok && c->text && *c->text && c->text[0] != '.' && !strchr(c->text, '/');
        break;
    case IK_CMD_TYPE:
        ok = ok && c->text && *c->text && ik_utf8_valid(c->text, strlen(c->text), NULL);
        break;
    case IK_CMD_EXPECT_SCENE:
        ok = ok && c->text && c->args[0] >= 0 && c->args[0] < IK_SCENE_COUNT &&
             strcmp(ik_scene_name((IkSceneId)c->args[0]), c->text) == 0;
        break;
    default:
        ok = false;
    }
    if (!ok) {
        fprintf(stderr, "line %d: an accepted command (kind %d) out of its ranges\n", c->line,
                (int)c->kind);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_str(data, size);
    IkScript script;
    ik_error_clear();
    if (ik_script_parse(&script, "fuzz.txt", text)) {
        if (!script.name || strcmp(script.name, "fuzz.txt") != 0)
            abort();
        int line = 0;
        for (size_t i = 0; i < script.count; i++) {
            check_command(&script.commands[i], line);
            line = script.commands[i].line;
        }
        ik_script_free(&script);
    } else {
        if (strncmp(ik_error(), "fuzz.txt:", 9) != 0 || strlen(ik_error()) < 13) {
            fprintf(stderr, "a refused script without FILE:LINE: message: '%s'\n", ik_error());
            abort();
        }
        if (script.count || script.commands || script.name) {
            fprintf(stderr, "a refused script left commands behind\n");
            abort();
        }
    }
    free(text);
    return 0;
}
