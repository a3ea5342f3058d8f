/* The frame record: every target, panel and text a frame drew, where, and
 * whether its text was shrunk, ellipsized or overflowed. The layout dump
 * writes it as JSON lines; the layout checks read it. */
#include "incontro/ui.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "incontro/core.h"


/* a holds b, give or take a pixel of rounding. */
static bool holds(IkRect a, IkRect b)
{
    return b.x >= a.x - 1 && b.y >= a.y - 1 && b.x + b.w <= a.x + a.w + 1 &&
           b.y + b.h <= a.y + a.h + 1;
}

typedef struct {
    const IkUi *ui;
    IkBuf *out;                 /* one line per problem, or NULL */
    const char **first;         /* per item, its first problem, or NULL */
    int n;
} Audit;

static int audit(Audit *au);

IkItem *ik_ui_record(IkUi *ui, IkItemKind kind, const char *id, IkRect r)
{
    IkRect shown = r;
    bool clipped = false;
    if (ui->clip.w != 0) {
        if (!ik_ui_intersect(r, ui->clip, &shown))
            return NULL;
        clipped = !holds(ui->clip, r);
    }
    if (ui->item_count >= IK_UI_MAX_ITEMS)
        return NULL;
    IkItem *it = &ui->items[ui->item_count++];
    memset(it, 0, sizeof *it);
    snprintf(it->id, sizeof it->id, "%s", id ? id : "");
    it->kind = kind;
    it->rect = shown;
    it->box = shown;
    it->parent = kind == IK_ITEM_TEXT || kind == IK_ITEM_ICON ? ui->owner : -1;
    it->text = UINT32_MAX;
    it->clipped = clipped;
    return it;
}

IkItem *ik_ui_record_text(IkUi *ui, const char *id, const char *text, IkRect ink, IkRect box)
{
    const char *name = ui->owner >= 0 ? ui->items[ui->owner].id : id ? id : "text";
    IkItem *it = ik_ui_record(ui, IK_ITEM_TEXT, name, ink);
    if (!it)
        return NULL;
    it->box = box;
    size_t n = strlen(text);
    if (ui->pool_len + n + 1 <= sizeof ui->pool) {
        memcpy(ui->pool + ui->pool_len, text, n + 1);
        it->text = (uint32_t)ui->pool_len;
        ui->pool_len += n + 1;
    }
    return it;
}

const char *ik_ui_item_text(const IkUi *ui, const IkItem *it)
{
    return it->text == UINT32_MAX ? NULL : ui->pool + it->text;
}

/* ---- dump --------------------------------------------------------------- */
static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static const char *kind_name(IkItemKind k)
{
    return k == IK_ITEM_TARGET ? "target" : k == IK_ITEM_TEXT ? "text" : k == IK_ITEM_ICON ? "icon"
                                                                                       : "panel";
}

bool ik_ui_dump(const IkUi *ui, const char *scene, FILE *f)
{
    /* The checks travel with the dump, so whoever reads it (a test driving
     * the program) needs no copy of them. */
    const char *first[IK_UI_MAX_ITEMS] = {0};
    Audit au = {ui, NULL, first, 0};
    int problems = audit(&au);
    /* The first line describes the screen itself. */
    fprintf(f, "{\"id\":\"screen\",\"kind\":\"screen\",\"rect\":[0,0,%d,%d],\"text\":",
            ui->width, ui->height);
    json_string(f, scene ? scene : "");
    fprintf(f, ",\"lang\":\"%s\",\"rtl\":%s,\"unit\":%.4f,\"text_scale\":%.2f,\"target\":%d,"
               "\"problems\":%d,\"ellipsized\":false,\"shrunk\":false,\"overflow\":false}\n",
            ui->lang, ui->rtl ? "true" : "false", ui->unit, ui->text_scale, ik_ui_target(ui),
            problems);
    for (size_t i = 0; i < ui->item_count; i++) {
        const IkItem *it = &ui->items[i];
        const char *text = ik_ui_item_text(ui, it);
        fputs("{\"id\":", f);
        json_string(f, it->id);
        fprintf(f, ",\"kind\":\"%s\",\"rect\":[%d,%d,%d,%d],\"text\":", kind_name(it->kind),
                it->rect.x, it->rect.y, it->rect.w, it->rect.h);
        if (text)
            json_string(f, text);
        else
            fputs("null", f);
        fprintf(f, ",\"ellipsized\":%s,\"shrunk\":%s,\"overflow\":%s",
                it->ellipsized ? "true" : "false", it->shrunk ? "true" : "false",
                it->overflow ? "true" : "false");
        if (it->split)
            fputs(",\"split\":true", f);
        if (it->word_cut)
            fputs(",\"word_cut\":true", f);
        if (it->kind == IK_ITEM_TEXT)
            fprintf(f, ",\"box\":[%d,%d,%d,%d],\"px\":%d,\"floor\":%d,\"essential\":%s",
                    it->box.x, it->box.y, it->box.w, it->box.h, it->px, it->floor_px,
                    it->essential ? "true" : "false");
        if (it->clipped)
            fputs(",\"clipped\":true", f);
        if (first[i]) {
            fputs(",\"problem\":", f);
            json_string(f, first[i]);
        }
        fputs("}\n", f);
    }
    return !ferror(f);
}

bool ik_ui_dump_file(const IkUi *ui, const char *scene, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return ik_fail("cannot write %s: %s", path, strerror(errno));
    bool ok = ik_ui_dump(ui, scene, f);
    if (fclose(f) != 0 || !ok)
        return ik_fail("cannot write %s", path);
    return true;
}

/* ---- checks ------------------------------------------------------------- */
static void say(Audit *au, const IkItem *it, const char *what)
{
    au->n++;
    if (au->first && !au->first[it - au->ui->items])
        au->first[it - au->ui->items] = what;
    if (au->out)
        ik_buf_printf(au->out, "%s [%d,%d,%d,%d]: %s\n", it->id, it->rect.x, it->rect.y,
                      it->rect.w, it->rect.h, what);
}

static int audit(Audit *au)
{
    const IkUi *ui = au->ui;
    IkRect screen = ik_ui_canvas(ui);
    /* One pixel under the minimum is rounding. */
    int target = ik_ui_target(ui) - 1;
    for (size_t i = 0; i < ui->item_count; i++) {
        const IkItem *a = &ui->items[i];
        if (!a->clipped && !holds(screen, a->rect))
            say(au, a, "off screen");
        /* A pictogram cut by its widget's edge (a check mark half outside
         * its chip) is as wrong as a cut label. */
        if (a->kind == IK_ITEM_ICON && a->parent >= 0 && !a->clipped &&
            !ui->items[a->parent].clipped && !holds(ui->items[a->parent].rect, a->rect))
            say(au, a, "pictogram outside its widget");
        if (a->kind == IK_ITEM_TEXT) {
            if (a->essential && a->ellipsized)
                say(au, a, "essential text ellipsized");
            if (a->px < a->floor_px)
                say(au, a, "text shrunk below its floor");
            if (a->overflow && !a->clipped)
                say(au, a, "text outside its box");
            if (a->word_cut)
                say(au, a, "word cut across lines");
            if (a->split)
                say(au, a, "bracketed run of the other direction split across lines");
            if (a->parent >= 0 && !a->clipped && !ui->items[a->parent].clipped &&
                !holds(ui->items[a->parent].rect, a->rect))
                say(au, a, "text outside its widget");
        }
        if (a->kind == IK_ITEM_TARGET && !a->clipped && (a->rect.w < target || a->rect.h < target))
            say(au, a, "target below the minimum size");
        for (size_t j = i + 1; j < ui->item_count; j++) {
            const IkItem *b = &ui->items[j];
            bool icon_text = (a->kind == IK_ITEM_ICON && b->kind == IK_ITEM_TEXT) ||
                             (a->kind == IK_ITEM_TEXT && b->kind == IK_ITEM_ICON);
            if (!icon_text && (a->kind != b->kind || a->kind == IK_ITEM_PANEL ||
                               a->kind == IK_ITEM_ICON))
                continue;
            IkRect o;
            if (!ik_ui_intersect(a->rect, b->rect, &o) || o.w <= 1 || o.h <= 1)
                continue;
            if (icon_text) {
                say(au, b, "pictogram and text overlap");
                continue;
            }
            /* A widget inside another (a clear button in a field) is meant. */
            if (a->kind == IK_ITEM_TARGET && !holds(a->rect, b->rect) && !holds(b->rect, a->rect))
                say(au, b, "overlaps another widget");
            if (a->kind == IK_ITEM_TEXT)
                say(au, b, "text overlaps another text");
        }
    }
    return au->n;
}

int ik_ui_audit(const IkUi *ui, IkBuf *out)
{
    Audit au = {ui, out, NULL, 0};
    return audit(&au);
}
