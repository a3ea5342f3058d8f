/* incontro-text: the kiosk's text engine on the command line (order, breaks,
 * wrap, render), one paragraph per input line. The contract is in
 * docs/design.md; exit 0 on success, 1 on bad input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <SDL_image.h>

#include "incontro/core.h"
#include "incontro/glyphs.h"
#include "incontro/text.h"

typedef struct {
    const char *command;
    IkDirection dir;
    bool content;
    const char *lang;
    long width, size;
    const char *output;
    const char *fonts;
} Args;

/* the usage on out: stdout when asked for (exit 0), stderr after a mistake */
static int usage_to(FILE *out, const char *msg)
{
    if (msg)
        fprintf(stderr, "incontro-text: %s\n", msg);
    fputs("usage: incontro-text order [--dir ltr|rtl|auto] [--content]\n"
          "       incontro-text breaks\n"
          "       incontro-text wrap [--lang CODE] [--width PX] [--size PX] [--content]\n"
          "       incontro-text render [--lang CODE] [--width PX] [--size PX] [--content]\n"
          "                            -o FILE.png\n"
          "wrap and render default to --width 800 --size 32 --lang it; --content keeps\n"
          "phone numbers, URLs and e-mail addresses left to right as one unit.\n"
          "Reads UTF-8 text from standard input, one paragraph a line.\n",
          out);
    return out == stdout ? 0 : 1;
}

static int usage(const char *msg)
{
    return usage_to(stderr, msg);
}

static bool parse(int argc, char **argv, Args *a)
{
    *a = (Args){.dir = IK_DIR_AUTO, .lang = "it", .width = 800, .size = 32};
    if (argc < 2)
        return false;
    a->command = argv[1];
    for (int i = 2; i < argc; i++) {
        const char *opt = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        bool order = strcmp(a->command, "order") == 0;
        bool sized = strcmp(a->command, "wrap") == 0 || strcmp(a->command, "render") == 0;
        if ((order || sized) && strcmp(opt, "--content") == 0) {
            a->content = true;
            continue;
        }
        if (!val) {
            fprintf(stderr, "incontro-text: unknown option or missing value: %s\n", opt);
            return false;
        }
        if (order && strcmp(opt, "--dir") == 0) {
            if (strcmp(val, "ltr") == 0)
                a->dir = IK_DIR_LTR;
            else if (strcmp(val, "rtl") == 0)
                a->dir = IK_DIR_RTL;
            else if (strcmp(val, "auto") == 0)
                a->dir = IK_DIR_AUTO;
            else {
                fprintf(stderr, "incontro-text: --dir must be ltr, rtl or auto, not \"%s\"\n", val);
                return false;
            }
        } else if (sized && strcmp(opt, "--lang") == 0) {
            a->lang = val;
        } else if (sized && strcmp(opt, "--width") == 0) {
            if (!ik_parse_int(val, 1, 100000, &a->width)) {
                fprintf(stderr, "incontro-text: --width must be 1..100000 pixels, not \"%s\"\n",
                        val);
                return false;
            }
        } else if (sized && strcmp(opt, "--size") == 0) {
            if (!ik_parse_int(val, 1, 1000, &a->size)) {
                fprintf(stderr, "incontro-text: --size must be 1..1000 pixels, not \"%s\"\n", val);
                return false;
            }
        } else if (strcmp(a->command, "render") == 0 && strcmp(opt, "-o") == 0) {
            a->output = val;
        } else if (sized && strcmp(opt, "--fonts") == 0) {
            a->fonts = val;
        } else {
            fprintf(stderr, "incontro-text: unknown option %s for %s\n", opt, a->command);
            return false;
        }
        i++;
    }
    return true;
}

/* Reads the next line without its end of line; false at the end of input. */
static bool next_line(char **line, size_t *cap, size_t *len)
{
    ssize_t n = getline(line, cap, stdin);
    if (n < 0)
        return false;
    while (n > 0 && ((*line)[n - 1] == '\n' || (*line)[n - 1] == '\r'))
        n--;
    (*line)[n] = '\0';
    *len = (size_t)n;
    return true;
}

/* Bad UTF-8 is shown as U+FFFD and reported; the run then exits 1. */
static bool check_utf8(const char *line, size_t len, long lineno)
{
    size_t bad = 0;
    if (ik_utf8_valid(line, len, &bad))
        return true;
    fprintf(stderr, "<stdin>:%ld: invalid UTF-8 at byte %zu (shown as U+FFFD)\n", lineno,
            bad + 1);
    return false;
}

static void print_list(const size_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        printf(i ? " %zu" : "%zu", v[i]);
    putchar('\n');
}

static int run_lines(const Args *a, IkFonts *fonts)
{
    char *line = NULL;
    size_t cap = 0, len = 0;
    long lineno = 0;
    int status = 0;
    while (next_line(&line, &cap, &len)) {
        lineno++;
        if (!check_utf8(line, len, lineno))
            status = 1;
        size_t *v = NULL, n = 0;
        if (strcmp(a->command, "order") == 0) {
            if (!ik_text_order(line, len, a->dir, a->content, &v, &n))
                goto fail;
            print_list(v, n);
        } else if (strcmp(a->command, "breaks") == 0) {
            if (!ik_text_breaks(line, len, NULL, &v, &n))
                goto fail;
            print_list(v, n);
        } else {
            IkLayoutOptions o = {.lang = a->lang, .size_px = (int)a->size,
                                 .width_px = (int)a->width, .dir = IK_DIR_AUTO,
                                 .content = a->content};
            IkLayout *l = ik_text_layout(fonts, line, len, &o);
            if (!l)
                goto fail;
            n = ik_layout_line_count(l);
            v = ik_xmalloc((n ? n : 1) * sizeof *v);
            for (size_t i = 0; i < n; i++)
                v[i] = ik_layout_line(l, i)->start;
            print_list(v, n);
            ik_layout_destroy(l);
        }
        free(v);
        continue;
    fail:
        fprintf(stderr, "<stdin>:%ld: %s\n", lineno, ik_error());
        status = 1;
    }
    free(line);
    return status;
}

static int render(const Args *a, IkFonts *fonts)
{
    enum { MARGIN = 16 };
    char *line = NULL;
    size_t cap = 0, len = 0, count = 0;
    long lineno = 0;
    int status = 0, height = 2 * MARGIN;
    IkLayout **layouts = NULL;
    SDL_Surface *surface = NULL;
    SDL_Renderer *renderer = NULL;
    IkGlyphAtlas *atlas = NULL;
    while (next_line(&line, &cap, &len)) {
        lineno++;
        if (!check_utf8(line, len, lineno))
            status = 1;
        IkLayoutOptions o = {.lang = a->lang, .size_px = (int)a->size,
                             .width_px = (int)a->width, .dir = IK_DIR_AUTO,
                                 .content = a->content};
        IkLayout *l = ik_text_layout(fonts, line, len, &o);
        if (!l) {
            fprintf(stderr, "<stdin>:%ld: %s\n", lineno, ik_error());
            status = 1;
            continue;
        }
        layouts = ik_xrealloc(layouts, count + 1, sizeof *layouts);
        layouts[count++] = l;
        height += ik_layout_height(l);
        if (height > 32000) {
            fprintf(stderr, "<stdin>:%ld: the picture would be over 32000 pixels tall\n", lineno);
            status = 1;
            goto done;
        }
    }
    int width = (int)a->width + 2 * MARGIN;
    surface = SDL_CreateRGBSurfaceWithFormat(0, width, height, 32, SDL_PIXELFORMAT_ARGB8888);
    renderer = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
    if (!renderer) {
        fprintf(stderr, "incontro-text: cannot draw a %dx%d picture: %s\n", width, height,
                SDL_GetError());
        status = 1;
        goto done;
    }
    atlas = ik_atlas_create(renderer, fonts, 16u << 20);
    if (!atlas) {
        fprintf(stderr, "incontro-text: %s\n", ik_error());
        status = 1;
        goto done;
    }
    SDL_SetRenderDrawColor(renderer, 255, 255, 255, 255);
    SDL_RenderClear(renderer);
    int y = MARGIN;
    for (size_t i = 0; i < count; i++) {
        if (!ik_atlas_draw(atlas, layouts[i], MARGIN, y, (SDL_Color){0, 0, 0, 255})) {
            fprintf(stderr, "incontro-text: %s\n", ik_error());
            status = 1;
            goto done;
        }
        y += ik_layout_height(layouts[i]);
    }
    SDL_RenderPresent(renderer);
    if (IMG_SavePNG(surface, a->output) != 0) {
        fprintf(stderr, "%s: cannot write: %s\n", a->output, IMG_GetError());
        status = 1;
    }
done:
    ik_atlas_destroy(atlas);
    if (renderer)
        SDL_DestroyRenderer(renderer);
    if (surface)
        SDL_FreeSurface(surface);
    for (size_t i = 0; i < count; i++)
        ik_layout_destroy(layouts[i]);
    free(layouts);
    free(line);
    return status;
}

int main(int argc, char **argv)
{
    Args a;
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
        return usage_to(stdout, NULL);
    if (!parse(argc, argv, &a))
        return usage(NULL);
    bool needs_fonts = strcmp(a.command, "wrap") == 0 || strcmp(a.command, "render") == 0;
    if (!needs_fonts && strcmp(a.command, "order") != 0 && strcmp(a.command, "breaks") != 0)
        return usage("unknown command");
    if (strcmp(a.command, "render") == 0 && !a.output)
        return usage("render needs -o FILE.png");
    IkFonts *fonts = NULL;
    if (needs_fonts) {
        fonts = ik_fonts_create(a.fonts);
        if (!fonts) {
            fprintf(stderr, "incontro-text: %s\n", ik_error());
            return 1;
        }
    }
    int status = strcmp(a.command, "render") == 0 ? render(&a, fonts) : run_lines(&a, fonts);
    ik_fonts_destroy(fonts);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "incontro-text: cannot write the output\n");
        status = 1;
    }
    return status;
}
