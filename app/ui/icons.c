/* Pictograms drawn as vector shapes in a unit square, so they need no image
 * files, scale to any size and take the theme's colours. Shapes with a
 * direction (back, exit, backspace) mirror in right-to-left layouts. */
#include "incontro/ui.h"

#include <math.h>
#include <string.h>

typedef struct {
    IkGfx *g;
    IkRect r;
    SDL_Color c;
    bool flip;
} Pen;

static float X(const Pen *p, float x) { return p->r.x + (p->flip ? 1 - x : x) * p->r.w; }
static float Y(const Pen *p, float y) { return p->r.y + y * p->r.h; }
static float S(const Pen *p, float s) { return s * (p->r.w < p->r.h ? p->r.w : p->r.h); }

static void line(const Pen *p, float x1, float y1, float x2, float y2, float w)
{
    ik_gfx_line(p->g, X(p, x1), Y(p, y1), X(p, x2), Y(p, y2), S(p, w), p->c);
}
static void dot(const Pen *p, float x, float y, float r)
{
    ik_gfx_fill_circle(p->g, X(p, x), Y(p, y), S(p, r), p->c);
}
static void ring(const Pen *p, float x, float y, float r, float w)
{
    ik_gfx_ring(p->g, X(p, x), Y(p, y), S(p, r), S(p, w), p->c);
}
static void box(const Pen *p, float x, float y, float w, float h, float rad)
{
    float x0 = X(p, x), x1 = X(p, x + w);
    IkRect r = {(int)(x0 < x1 ? x0 : x1), (int)Y(p, y), (int)fabsf(x1 - x0), (int)(h * p->r.h)};
    ik_gfx_fill_round(p->g, r, S(p, rad), p->c);
}
static void poly(const Pen *p, const float *xy, int n)
{
    float v[2 * 16];
    for (int i = 0; i < n && i < 16; i++) {
        v[2 * i] = X(p, xy[2 * i]);
        v[2 * i + 1] = Y(p, xy[2 * i + 1]);
    }
    ik_gfx_polygon(p->g, v, n, p->c);
}
static void tri(const Pen *p, float x1, float y1, float x2, float y2, float x3, float y3)
{
    ik_gfx_triangle(p->g, X(p, x1), Y(p, y1), X(p, x2), Y(p, y2), X(p, x3), Y(p, y3), p->c);
}
static void person(const Pen *p, float x, float y, float s)
{
    dot(p, x, y - 0.24f * s, 0.13f * s);
    box(p, x - 0.2f * s, y - 0.06f * s, 0.4f * s, 0.46f * s, 0.16f * s);
}

/* Long on purpose: one case per pictogram (38), each a few strokes given
 * as coordinates in the unit square. The switch is a table of drawings;
 * split into functions it would only add names that say what the case
 * labels already say. */
void ik_ui_icon(IkUi *ui, IkIcon icon, IkRect r, SDL_Color c)
{
    if (icon == IK_ICON_NONE)
        return;
    /* Recorded inside the widget being drawn, so the checks see it cut. */
    ik_ui_record(ui, IK_ITEM_ICON, ui->owner >= 0 ? ui->items[ui->owner].id : "icon", r);
    if (!ui->gfx)
        return;
    bool directional = icon == IK_ICON_BACK || icon == IK_ICON_EXIT || icon == IK_ICON_BACKSPACE;
    Pen pen = {ui->gfx, r, c, directional && ui->rtl};
    const Pen *p = &pen;
    switch (icon) {
    case IK_ICON_BACK:
        line(p, 0.82f, 0.5f, 0.2f, 0.5f, 0.11f);
        line(p, 0.2f, 0.5f, 0.46f, 0.24f, 0.11f);
        line(p, 0.2f, 0.5f, 0.46f, 0.76f, 0.11f);
        break;
    case IK_ICON_HOME:
        tri(p, 0.5f, 0.1f, 0.06f, 0.5f, 0.94f, 0.5f);
        box(p, 0.2f, 0.45f, 0.6f, 0.43f, 0.04f);
        break;
    case IK_ICON_EXIT:
        line(p, 0.15f, 0.12f, 0.55f, 0.12f, 0.08f);
        line(p, 0.15f, 0.12f, 0.15f, 0.88f, 0.08f);
        line(p, 0.15f, 0.88f, 0.55f, 0.88f, 0.08f);
        line(p, 0.38f, 0.5f, 0.88f, 0.5f, 0.09f);
        line(p, 0.88f, 0.5f, 0.68f, 0.3f, 0.09f);
        line(p, 0.88f, 0.5f, 0.68f, 0.7f, 0.09f);
        break;
    case IK_ICON_HELP:
    case IK_ICON_PHONE: {
        /* A handset: a curved grip from the earpiece (left) to the mouthpiece
         * (bottom), with rounded ends. */
        const float cx = 0.74f, cy = 0.26f, rad = 0.5f;
        ik_gfx_arc(p->g, X(p, cx), Y(p, cy), S(p, rad), S(p, 0.17f), (float)(0.5 * M_PI),
                   (float)(1.0 * M_PI), c);
        /* Ends: rounded pads across the grip, like a handset's ear and mouth. */
        box(p, cx - rad - 0.14f, cy - 0.06f, 0.28f, 0.2f, 0.09f);
        box(p, cx - 0.06f, cy + rad - 0.14f, 0.2f, 0.28f, 0.09f);
        break;
    }
    case IK_ICON_TEXT_SIZE:
        line(p, 0.06f, 0.88f, 0.3f, 0.14f, 0.09f);
        line(p, 0.3f, 0.14f, 0.54f, 0.88f, 0.09f);
        line(p, 0.16f, 0.6f, 0.44f, 0.6f, 0.08f);
        line(p, 0.66f, 0.4f, 0.94f, 0.4f, 0.08f);
        line(p, 0.8f, 0.26f, 0.8f, 0.54f, 0.08f);
        break;
    case IK_ICON_CONTRAST: {
        ring(p, 0.5f, 0.5f, 0.38f, 0.08f);
        float v[2 * 13];
        for (int i = 0; i <= 12; i++) {
            float a = (float)(M_PI / 2 + M_PI * i / 12);
            v[2 * i] = 0.5f + 0.38f * cosf(a);
            v[2 * i + 1] = 0.5f + 0.38f * sinf(a);
        }
        poly(p, v, 13);
        break;
    }
    case IK_ICON_LEARN:
    case IK_ICON_BOOK: {
        const float left[] = {0.06f, 0.22f, 0.47f, 0.3f, 0.47f, 0.86f, 0.06f, 0.78f};
        const float right[] = {0.53f, 0.3f, 0.94f, 0.22f, 0.94f, 0.78f, 0.53f, 0.86f};
        poly(p, left, 4);
        poly(p, right, 4);
        break;
    }
    case IK_ICON_DIRECTORY:
    case IK_ICON_SEARCH:
        ring(p, 0.42f, 0.42f, 0.26f, 0.1f);
        line(p, 0.62f, 0.62f, 0.88f, 0.88f, 0.13f);
        break;
    case IK_ICON_PIN:
        ring(p, 0.5f, 0.36f, 0.2f, 0.13f);
        tri(p, 0.28f, 0.48f, 0.72f, 0.48f, 0.5f, 0.94f);
        break;
    case IK_ICON_CLOCK:
        ring(p, 0.5f, 0.5f, 0.38f, 0.08f);
        line(p, 0.5f, 0.5f, 0.5f, 0.24f, 0.08f);
        line(p, 0.5f, 0.5f, 0.7f, 0.6f, 0.08f);
        break;
    case IK_ICON_LANGUAGE:
    case IK_ICON_CHAT:
        box(p, 0.08f, 0.14f, 0.84f, 0.56f, 0.14f);
        tri(p, 0.24f, 0.66f, 0.46f, 0.66f, 0.2f, 0.9f);
        break;
    case IK_ICON_GLOBE:
        ring(p, 0.5f, 0.5f, 0.38f, 0.07f);
        line(p, 0.12f, 0.5f, 0.88f, 0.5f, 0.06f);
        line(p, 0.5f, 0.12f, 0.5f, 0.88f, 0.06f);
        ik_gfx_arc(p->g, X(p, 0.5f), Y(p, 0.5f), S(p, 0.2f), S(p, 0.06f), (float)(-M_PI / 2),
                   (float)(M_PI / 2), c);
        break;
    case IK_ICON_CIVIC: {
        const float a[] = {0.47f, 0.14f, 0.82f, 0.14f, 0.95f, 0.27f, 0.82f, 0.4f, 0.47f, 0.4f};
        const float b[] = {0.53f, 0.48f, 0.18f, 0.48f, 0.05f, 0.61f, 0.18f, 0.74f, 0.53f, 0.74f};
        line(p, 0.5f, 0.08f, 0.5f, 0.94f, 0.08f);
        poly(p, a, 5);
        poly(p, b, 5);
        break;
    }
    case IK_ICON_EDU_ONE: {
        person(p, 0.32f, 0.45f, 0.9f);
        const float bk[] = {0.58f, 0.52f, 0.94f, 0.46f, 0.94f, 0.84f, 0.58f, 0.9f};
        poly(p, bk, 4);
        break;
    }
    case IK_ICON_EDU_GROUP:
        person(p, 0.2f, 0.55f, 0.65f);
        person(p, 0.8f, 0.55f, 0.65f);
        person(p, 0.5f, 0.45f, 0.85f);
        break;
    case IK_ICON_PSYCH:
        dot(p, 0.33f, 0.36f, 0.19f);
        dot(p, 0.67f, 0.36f, 0.19f);
        tri(p, 0.155f, 0.44f, 0.845f, 0.44f, 0.5f, 0.88f);
        break;
    case IK_ICON_PARENT:
        person(p, 0.36f, 0.42f, 1.0f);
        person(p, 0.74f, 0.6f, 0.6f);
        break;
    case IK_ICON_PEOPLE:
        person(p, 0.3f, 0.45f, 0.9f);
        person(p, 0.7f, 0.45f, 0.9f);
        break;
    case IK_ICON_ALL:
        box(p, 0.1f, 0.1f, 0.36f, 0.36f, 0.06f);
        box(p, 0.54f, 0.1f, 0.36f, 0.36f, 0.06f);
        box(p, 0.1f, 0.54f, 0.36f, 0.36f, 0.06f);
        box(p, 0.54f, 0.54f, 0.36f, 0.36f, 0.06f);
        break;
    case IK_ICON_CHECK:
        line(p, 0.12f, 0.55f, 0.4f, 0.8f, 0.13f);
        line(p, 0.4f, 0.8f, 0.88f, 0.22f, 0.13f);
        break;
    case IK_ICON_FREE:
        ring(p, 0.5f, 0.5f, 0.38f, 0.08f);
        line(p, 0.3f, 0.52f, 0.45f, 0.67f, 0.09f);
        line(p, 0.45f, 0.67f, 0.72f, 0.35f, 0.09f);
        break;
    case IK_ICON_WARNING:
        line(p, 0.5f, 0.1f, 0.08f, 0.86f, 0.08f);
        line(p, 0.08f, 0.86f, 0.92f, 0.86f, 0.08f);
        line(p, 0.92f, 0.86f, 0.5f, 0.1f, 0.08f);
        line(p, 0.5f, 0.38f, 0.5f, 0.6f, 0.09f);
        dot(p, 0.5f, 0.73f, 0.055f);
        break;
    case IK_ICON_SCALES:
        line(p, 0.5f, 0.12f, 0.5f, 0.88f, 0.07f);
        line(p, 0.3f, 0.88f, 0.7f, 0.88f, 0.08f);
        line(p, 0.12f, 0.24f, 0.88f, 0.24f, 0.07f);
        ik_gfx_arc(p->g, X(p, 0.2f), Y(p, 0.5f), S(p, 0.14f), S(p, 0.06f), 0, (float)M_PI, c);
        ik_gfx_arc(p->g, X(p, 0.8f), Y(p, 0.5f), S(p, 0.14f), S(p, 0.06f), 0, (float)M_PI, c);
        line(p, 0.12f, 0.24f, 0.06f, 0.5f, 0.04f);
        line(p, 0.12f, 0.24f, 0.34f, 0.5f, 0.04f);
        line(p, 0.88f, 0.24f, 0.66f, 0.5f, 0.04f);
        line(p, 0.88f, 0.24f, 0.94f, 0.5f, 0.04f);
        break;
    case IK_ICON_SCHOOL:
        /* A school, not a house: a wide outlined building with a flag on
         * its pediment, a door and two windows. */
        line(p, 0.08f, 0.46f, 0.92f, 0.46f, 0.07f);
        line(p, 0.08f, 0.46f, 0.08f, 0.9f, 0.07f);
        line(p, 0.92f, 0.46f, 0.92f, 0.9f, 0.07f);
        line(p, 0.04f, 0.9f, 0.96f, 0.9f, 0.07f);
        line(p, 0.26f, 0.46f, 0.5f, 0.28f, 0.07f);
        line(p, 0.5f, 0.28f, 0.74f, 0.46f, 0.07f);
        line(p, 0.5f, 0.28f, 0.5f, 0.04f, 0.05f);
        box(p, 0.5f, 0.04f, 0.22f, 0.12f, 0.01f);
        box(p, 0.41f, 0.64f, 0.18f, 0.26f, 0.02f);
        box(p, 0.17f, 0.58f, 0.14f, 0.12f, 0.02f);
        box(p, 0.69f, 0.58f, 0.14f, 0.12f, 0.02f);
        break;
    case IK_ICON_HAND:
        box(p, 0.24f, 0.44f, 0.52f, 0.46f, 0.16f);
        box(p, 0.24f, 0.16f, 0.11f, 0.4f, 0.055f);
        box(p, 0.375f, 0.08f, 0.11f, 0.46f, 0.055f);
        box(p, 0.51f, 0.1f, 0.11f, 0.44f, 0.055f);
        box(p, 0.645f, 0.18f, 0.11f, 0.38f, 0.055f);
        line(p, 0.3f, 0.66f, 0.1f, 0.46f, 0.11f);
        break;
    case IK_ICON_SHIELD: {
        const float s[] = {0.5f, 0.06f, 0.88f, 0.2f, 0.84f, 0.56f, 0.5f, 0.94f, 0.16f, 0.56f, 0.12f, 0.2f};
        poly(p, s, 6);
        break;
    }
    case IK_ICON_INFO:
        ring(p, 0.5f, 0.5f, 0.4f, 0.08f);
        dot(p, 0.5f, 0.3f, 0.065f);
        line(p, 0.5f, 0.46f, 0.5f, 0.72f, 0.1f);
        break;
    case IK_ICON_MAP: {
        const float a[] = {0.06f, 0.18f, 0.34f, 0.1f, 0.34f, 0.82f, 0.06f, 0.9f};
        const float b[] = {0.38f, 0.1f, 0.62f, 0.18f, 0.62f, 0.9f, 0.38f, 0.82f};
        const float d[] = {0.66f, 0.18f, 0.94f, 0.1f, 0.94f, 0.82f, 0.66f, 0.9f};
        poly(p, a, 4);
        poly(p, b, 4);
        poly(p, d, 4);
        break;
    }
    case IK_ICON_SUN:
        dot(p, 0.5f, 0.5f, 0.2f);
        for (int i = 0; i < 8; i++) {
            float a = (float)(M_PI * i / 4);
            line(p, 0.5f + 0.3f * cosf(a), 0.5f + 0.3f * sinf(a), 0.5f + 0.42f * cosf(a),
                 0.5f + 0.42f * sinf(a), 0.07f);
        }
        break;
    case IK_ICON_BACKSPACE:
        line(p, 0.06f, 0.5f, 0.3f, 0.2f, 0.07f);
        line(p, 0.06f, 0.5f, 0.3f, 0.8f, 0.07f);
        line(p, 0.3f, 0.2f, 0.92f, 0.2f, 0.07f);
        line(p, 0.3f, 0.8f, 0.92f, 0.8f, 0.07f);
        line(p, 0.92f, 0.2f, 0.92f, 0.8f, 0.07f);
        line(p, 0.46f, 0.36f, 0.74f, 0.64f, 0.07f);
        line(p, 0.74f, 0.36f, 0.46f, 0.64f, 0.07f);
        break;
    case IK_ICON_SPEAKER: {
        /* a loudspeaker and two sound waves (a direction of its own: the
         * same in every layout) */
        static const float cone[] = {0.12f, 0.36f, 0.3f, 0.36f, 0.52f, 0.16f,
                                     0.52f, 0.84f, 0.3f, 0.64f, 0.12f, 0.64f};
        poly(p, cone, 6);
        for (int i = 0; i < 2; i++) {
            float rad = 0.16f + 0.14f * (float)i;
            ik_gfx_arc(p->g, X(p, 0.56f), Y(p, 0.5f), S(p, rad), S(p, 0.06f), -0.9f, 0.9f, p->c);
        }
        break;
    }
    case IK_ICON_STOP:
        box(p, 0.22f, 0.22f, 0.56f, 0.56f, 0.06f);
        break;
    case IK_ICON_NONE:
    case IK_ICON_COUNT:
        break;
    }
}

IkIcon ik_ui_icon_named(const char *name)
{
    static const struct { const char *name; IkIcon icon; } names[] = {
        {"warning", IK_ICON_WARNING}, {"scales", IK_ICON_SCALES}, {"school", IK_ICON_SCHOOL},
        {"hand", IK_ICON_HAND}, {"shield", IK_ICON_SHIELD}, {"chat", IK_ICON_CHAT},
        {"people", IK_ICON_PEOPLE}, {"book", IK_ICON_BOOK}, {"info", IK_ICON_INFO},
        {"civic-orientation", IK_ICON_CIVIC}, {"education-individual", IK_ICON_EDU_ONE},
        {"education-group", IK_ICON_EDU_GROUP}, {"psychological-support", IK_ICON_PSYCH},
        {"parenting-support", IK_ICON_PARENT}, {"phone", IK_ICON_PHONE}, {"map", IK_ICON_MAP},
    };
    for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i].name, name) == 0)
            return names[i].icon;
    return IK_ICON_INFO;
}

/* ---- map of Tuscany ------------------------------------------------------
 * A simplified outline (unit square, north up) and one blob per area. A map
 * keeps its geography in right-to-left layouts: only the page around it
 * mirrors. */
static const float tuscany[] = {
    0.17f, 0.03f, 0.33f, 0.10f, 0.47f, 0.07f, 0.62f, 0.03f, 0.72f, 0.14f, 0.84f, 0.22f,
    0.97f, 0.40f, 0.90f, 0.58f, 0.84f, 0.72f, 0.70f, 0.86f, 0.55f, 0.97f, 0.44f, 0.86f,
    0.36f, 0.76f, 0.24f, 0.64f, 0.21f, 0.48f, 0.15f, 0.34f, 0.10f, 0.18f,
};

static const float area_blobs[3][12] = {
    {0.40f, 0.16f, 0.54f, 0.13f, 0.62f, 0.20f, 0.58f, 0.30f, 0.44f, 0.32f, 0.37f, 0.25f},
    {0.72f, 0.36f, 0.85f, 0.32f, 0.92f, 0.44f, 0.86f, 0.58f, 0.74f, 0.58f, 0.68f, 0.47f},
    {0.22f, 0.44f, 0.31f, 0.42f, 0.36f, 0.55f, 0.34f, 0.68f, 0.26f, 0.66f, 0.22f, 0.55f},
};

void ik_ui_map(IkUi *ui, IkRect r, const char *selected, const char *const names[3])
{
    const IkTheme *t = &ui->theme;
    int side = r.w < r.h ? r.w : r.h;
    IkRect m = {r.x + (r.w - side) / 2, r.y, side, side};
    if (ui->gfx) {
        float v[2 * 17];
        float cx = 0, cy = 0;
        for (int i = 0; i < 17; i++) {
            v[2 * i] = m.x + tuscany[2 * i] * m.w;
            v[2 * i + 1] = m.y + tuscany[2 * i + 1] * m.h;
            cx += tuscany[2 * i];
            cy += tuscany[2 * i + 1];
        }
        ik_gfx_polygon(ui->gfx, v, 17, t->surface_alt);
        for (int i = 0; i < 17; i++) {
            int j = (i + 1) % 17;
            ik_gfx_line(ui->gfx, v[2 * i], v[2 * i + 1], v[2 * j], v[2 * j + 1],
                        (float)ik_ui_dp(ui, 4), t->border);
        }
    }
    for (int a = 0; a < 3; a++) {
        float v[12], x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f;
        for (int i = 0; i < 6; i++) {
            v[2 * i] = m.x + area_blobs[a][2 * i] * m.w;
            v[2 * i + 1] = m.y + area_blobs[a][2 * i + 1] * m.h;
            x0 = fminf(x0, v[2 * i]);
            x1 = fmaxf(x1, v[2 * i]);
            y0 = fminf(y0, v[2 * i + 1]);
            y1 = fmaxf(y1, v[2 * i + 1]);
        }
        bool on = selected && strcmp(selected, ik_content_areas[a]) == 0;
        if (ui->gfx)
            ik_gfx_polygon(ui->gfx, v, 6, on ? t->accent : t->muted);
        char id[IK_UI_ID_MAX];
        snprintf(id, sizeof id, "area:%s", ik_content_areas[a]);
        /* At least a target's size around the blob, inside the map. */
        int tg = ik_ui_target(ui), hw = (int)(x1 - x0) > tg ? (int)(x1 - x0) : tg,
            hh = (int)(y1 - y0) > tg ? (int)(y1 - y0) : tg;
        IkRect hit = {(int)((x0 + x1) / 2) - hw / 2, (int)((y0 + y1) / 2) - hh / 2, hw, hh};
        if (hit.x < m.x)
            hit.x = m.x;
        if (hit.x + hit.w > m.x + m.w)
            hit.x = m.x + m.w - hit.w;
        if (hit.y < m.y)
            hit.y = m.y;
        ik_ui_hit(ui, id, hit);
        /* A number in the blob links it to the list beside the map. */
        if (names && names[a]) {
            char num[4];
            snprintf(num, sizeof num, "%d", a + 1);
            IkTextStyle st = ik_ui_style(ui, IK_TEXT_BODY);
            st.color = on ? t->on_accent : t->surface;
            st.align = IK_ALIGN_CENTER;
            st.center_v = true;
            st.ltr = true;
            /* A box at least a line tall: a script with tall lines (Urdu
             * Nastaliq) lays the digit out in one. */
            IkRect nb = hit;
            int lh = ik_ui_line_height(ui, st);
            if (nb.h < lh)
                nb = (IkRect){nb.x, nb.y + (nb.h - lh) / 2, nb.w, lh};
            ik_ui_text(ui, num, nb, st);
        }
    }
}
